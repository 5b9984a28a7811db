package io.santkrupa.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Phone numbers as one clinic's desk types them, stores them and shows them. libphonenumber reads
 * what was typed -- a number without a country code as one of the clinic's default country,
 * "098200 11001", "98200 11001", "+91 98200 11001" and "0091 98200 11001" alike -- and checks it
 * against that country's numbering plan. Valid numbers are stored in E.164 ({@code +919820011001});
 * pages show the clinic's own country's numbers nationally ({@code 098200 11001}) and any other
 * country's internationally ({@code +33 6 12 34 56 78}), as libphonenumber formats them.
 */
public final class PhoneNumbers {

    /** The most a desk types for one number, spaces and a country code included. */
    public static final int MAX_TYPED = 30;
    /** Digits and the separators people type, + only in front: no letters (no vanity numbers, no extensions). */
    private static final Pattern TYPED = Pattern.compile("^\\(?\\+?[0-9][0-9 ()./-]*$");
    private static final PhoneNumberUtil LIBRARY = PhoneNumberUtil.getInstance();
    /** Every country with a numbering plan, code -> "India (+91)", by name: a clinic's choices. */
    private static final Map<String, String> COUNTRIES = countries();

    /** What became of a typed number. */
    public sealed interface Reading permits Valid, Refused {
    }

    /** A valid number, in E.164. */
    public record Valid(String e164) implements Reading {
    }

    /** Not a number of any numbering plan: the message for its field. */
    public record Refused(String message) implements Reading {
    }

    private final String country;
    private final int callingCode;

    private PhoneNumbers(String country) {
        this.country = country;
        this.callingCode = LIBRARY.getCountryCodeForRegion(country);
    }

    /**
     * The numbers of a clinic whose default country is {@code country} (ISO 3166-1 alpha-2).
     *
     * @throws IllegalArgumentException for a code libphonenumber has no numbering plan of
     */
    public static PhoneNumbers of(String country) {
        if (!isCountry(country)) {
            throw new IllegalArgumentException("no numbering plan for the country code " + country);
        }
        return new PhoneNumbers(country);
    }

    /** Is {@code code} a country (ISO 3166-1 alpha-2, capitals) whose numbers libphonenumber knows? */
    public static boolean isCountry(String code) {
        return code != null && LIBRARY.getSupportedRegions().contains(code);
    }

    /** The countries a clinic's numbers may default to: code -> name and calling code, by name. */
    public static Map<String, String> countryChoices() {
        return COUNTRIES;
    }

    /** The default country's code, e.g. IN. */
    public String country() {
        return country;
    }

    /** The default country's name in English, e.g. India. */
    public String countryName() {
        return Locale.of("", country).getDisplayCountry(Locale.ENGLISH);
    }

    /** Reads a typed number: its E.164 when it is a valid number, else the message for the field. */
    public Reading read(String typed) {
        String value = typed == null ? "" : typed.strip();
        if (value.length() > MAX_TYPED) {
            return new Refused("Use at most " + MAX_TYPED + " characters.");
        }
        return parse(value).<Reading>map(number -> new Valid(LIBRARY.format(number, PhoneNumberFormat.E164)))
                .orElseGet(() -> new Refused(invalidMessage()));
    }

    /** The E.164 of {@code typed} when it is a whole, valid number; else empty. */
    public Optional<String> e164(String typed) {
        return read(typed) instanceof Valid valid ? Optional.of(valid.e164()) : Optional.empty();
    }

    /**
     * A stored number as pages show it: nationally when it is the default country's, else
     * internationally. A value that is no valid number (kept as typed before numbers were
     * normalised) is shown as it is.
     */
    public String shown(String stored) {
        if (stored == null || stored.isEmpty()) {
            return "";
        }
        return parse(stored)
                .map(number -> LIBRARY.format(number, number.getCountryCode() == callingCode
                        ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL))
                .orElse(stored);
    }

    /** libphonenumber's example mobile number of the default country, nationally written (no one's number). */
    public String example() {
        return example(PhoneNumberFormat.NATIONAL);
    }

    /** The same example with + and the country code. */
    public String internationalExample() {
        return example(PhoneNumberFormat.INTERNATIONAL);
    }

    private String invalidMessage() {
        return "Not a valid phone number. Type it as it is dialled in " + countryName() + " (e.g. " + example()
                + "), or with + and the country code (e.g. " + internationalExample() + ").";
    }

    private Optional<PhoneNumber> parse(String value) {
        if (!TYPED.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = LIBRARY.parse(value, country);
            return LIBRARY.isValidNumber(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> countries() {
        Map<String, String> byCode = new TreeMap<>();
        LIBRARY.getSupportedRegions().forEach(code -> byCode.put(code,
                Locale.of("", code).getDisplayCountry(Locale.ENGLISH) + " (+" + LIBRARY.getCountryCodeForRegion(code) + ")"));
        Map<String, String> byName = new LinkedHashMap<>();
        byCode.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(country -> byName.put(country.getKey(), country.getValue()));
        return Collections.unmodifiableMap(byName);
    }

    private String example(PhoneNumberFormat format) {
        PhoneNumber example = LIBRARY.getExampleNumberForType(country, PhoneNumberType.MOBILE);
        if (example == null) {
            example = LIBRARY.getExampleNumber(country);
        }
        return example == null ? "" : LIBRARY.format(example, format);
    }
}
