package io.santkrupa.patient;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.web.Form;
import java.util.regex.Pattern;

/**
 * The registration and edit form of a patient's demographics: what the user typed (kept as
 * typed, so a rejected form comes back as it was sent) and a message per invalid field. The
 * server's validation is the only one that counts.
 */
public final class PatientForm {

    public static final List<String> GENDERS = List.of("female", "male", "other", "unknown");
    public static final List<String> BLOOD_GROUPS = List.of("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-");
    /** The choices as the form's selects show them: value -> label, in order. */
    static final Map<String, String> GENDER_LABELS = labels(GENDERS);
    static final Map<String, String> BLOOD_GROUP_LABELS = labels(BLOOD_GROUPS);
    static final List<String> FIELDS = List.of("firstName", "lastName", "dateOfBirth", "ageYears", "gender", "phone", "email",
            "address", "emergencyContactName", "emergencyContactPhone", "bloodGroup", "allergies");

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /**
     * What the form yields once valid: trimmed, typed, optional values empty or null as the columns
     * want; the phones in E.164.
     */
    public record Demographics(String firstName, String lastName, LocalDate dateOfBirth,
                               boolean dateOfBirthApproximate, String gender, String phone,
                               String email, String address, String emergencyContactName,
                               String emergencyContactPhone, String bloodGroup, String allergies) {

        /** The phone's digits (its E.164 without the +), as the database's phone_key holds them. */
        public String phoneDigits() {
            return digits(phone);
        }

        /** The names of the fields that differ from {@code current}: what an edit changed (no values). */
        List<String> changedFrom(PatientQueries.PatientDetail current) {
            Map<String, Boolean> differs = new LinkedHashMap<>();
            differs.put("first name", !firstName.equals(current.firstName()));
            differs.put("last name", !lastName.equals(current.lastName()));
            differs.put("date of birth", !Objects.equals(dateOfBirth, current.dateOfBirth())
                    || dateOfBirthApproximate != current.dateOfBirthApproximate());
            differs.put("gender", !gender.equals(current.gender()));
            differs.put("phone", !phone.equals(current.phone()));
            differs.put("email", !email.equals(current.email()));
            differs.put("address", !address.equals(current.address()));
            differs.put("emergency contact", !emergencyContactName.equals(current.emergencyContactName())
                    || !emergencyContactPhone.equals(current.emergencyContactPhone()));
            differs.put("blood group", !Objects.equals(bloodGroup, current.bloodGroup()));
            differs.put("allergies", !allergies.equals(current.allergies()));
            return differs.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        }
    }

    /** What was typed and a message per invalid field: the one form helper every page uses. */
    private final Form form;

    private PatientForm(Form form) {
        this.form = form;
    }

    public static PatientForm empty() {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, ""));
        values.put("gender", "unknown");
        return new PatientForm(Form.of(values));
    }

    /** The submitted form; {@code param} answers a form parameter by name, null when absent. */
    public static PatientForm submitted(UnaryOperator<String> param) {
        return new PatientForm(Form.from(param, FIELDS));
    }

    /**
     * A patient's stored details, for the edit form: the phones as the clinic writes them; an
     * estimated date of birth as the age it makes {@code today}, as the desk gave it.
     */
    public static PatientForm of(PatientQueries.PatientDetail p, LocalDate today) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("firstName", p.firstName());
        values.put("lastName", p.lastName());
        boolean estimate = p.dateOfBirthApproximate();
        values.put("dateOfBirth", p.dateOfBirth() == null || estimate ? "" : p.dateOfBirth().toString());
        values.put("ageYears", estimate ? String.valueOf(PatientAge.years(p.dateOfBirth(), today)) : "");
        values.put("gender", p.gender());
        values.put("phone", p.phoneShown());
        values.put("email", p.email());
        values.put("address", p.address());
        values.put("emergencyContactName", p.emergencyContactName());
        values.put("emergencyContactPhone", p.emergencyContactPhoneShown());
        values.put("bloodGroup", p.bloodGroup() == null ? "" : p.bloodGroup());
        values.put("allergies", p.allergies());
        return new PatientForm(Form.of(values));
    }

    /**
     * Validates every field; the demographics when all are valid, else empty with a message per
     * field. {@code phones}: the clinic's, which read numbers typed without a country code.
     */
    public Optional<Demographics> validate(LocalDate today, PhoneNumbers phones) {
        String firstName = required("firstName", "Enter the first name.", 100);
        String lastName = required("lastName", "Enter the last name.", 100);
        LocalDate dateOfBirth = dateOfBirth(today);
        Integer ageYears = ageYears();
        boolean approximate = false;
        if (!value("dateOfBirth").isEmpty() && !value("ageYears").isEmpty()) {
            reject("ageYears", "Give the date of birth or the age, not both.");
        } else if (ageYears != null) {
            dateOfBirth = PatientAge.estimatedDateOfBirth(ageYears, today);
            approximate = true;
        }
        String gender = value("gender").isEmpty() ? "unknown" : value("gender");
        if (!GENDERS.contains(gender)) {
            reject("gender", "Choose one of the listed options.");
        }
        String phone = phone("phone", true, phones);
        String email = value("email");
        if (email.length() > 254 || (!email.isEmpty() && !EMAIL.matcher(email).matches())) {
            reject("email", "Enter an email address like name@example.com, or leave it empty.");
        }
        String address = optional("address", 500);
        String contactName = optional("emergencyContactName", 100);
        String contactPhone = phone("emergencyContactPhone", false, phones);
        String bloodGroup = value("bloodGroup").toUpperCase(Locale.ROOT);
        if (!bloodGroup.isEmpty() && !BLOOD_GROUPS.contains(bloodGroup)) {
            reject("bloodGroup", "Choose a blood group from the list, or \"Not known\".");
        }
        String allergies = optional("allergies", 1000);
        if (form.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new Demographics(firstName, lastName, dateOfBirth, approximate, gender, phone, email, address,
                contactName, contactPhone, bloodGroup.isEmpty() ? null : bloodGroup, allergies));
    }

    private String required(String field, String message, int max) {
        String value = value(field);
        if (value.isEmpty()) {
            reject(field, message);
        } else if (value.length() > max) {
            reject(field, "Use at most " + max + " characters.");
        }
        return value;
    }

    private String optional(String field, int max) {
        String value = value(field);
        if (value.length() > max) {
            reject(field, "Use at most " + max + " characters.");
        }
        return value;
    }

    private LocalDate dateOfBirth(LocalDate today) {
        String value = value("dateOfBirth");
        if (value.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isAfter(today)) {
                reject("dateOfBirth", "The date of birth cannot be in the future.");
            } else if (date.isBefore(today.minusYears(PatientAge.OLDEST_YEARS))) {
                reject("dateOfBirth", "Check the year: that is more than " + PatientAge.OLDEST_YEARS + " years ago.");
            }
            return date;
        } catch (DateTimeParseException e) {
            reject("dateOfBirth", "Enter the date as YYYY-MM-DD, e.g. 1985-04-12.");
            return null;
        }
    }

    /** The age in years given instead of a date of birth: a whole number up to the oldest age; null when not given. */
    private Integer ageYears() {
        String value = value("ageYears");
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > PatientAge.OLDEST_YEARS) {
            reject("ageYears", "Enter the age as a whole number of years, from 0 to " + PatientAge.OLDEST_YEARS + ".");
            return null;
        }
        return Integer.parseInt(value);
    }

    /** A valid number of the clinic's country, or of any with + and its country code: its E.164. */
    private String phone(String field, boolean required, PhoneNumbers phones) {
        String value = value(field);
        if (value.isEmpty()) {
            if (required) {
                reject(field, "Enter a phone number.");
            }
            return value;
        }
        return switch (phones.read(value)) {
            case PhoneNumbers.Valid valid -> valid.e164();
            case PhoneNumbers.Refused refused -> {
                reject(field, refused.message());
                yield value;
            }
        };
    }

    static String digits(String value) {
        return value.replaceAll("[^0-9]", "");
    }

    public void reject(String field, String message) {
        form.error(field, message);
    }

    public String value(String field) {
        return form.value(field);
    }

    /** The form as the page's fields show it (templates/fields.peb). */
    public Form form() {
        return form;
    }

    /** Each invalid field's message, by field name (the API's field names too). */
    public Map<String, String> errors() {
        return form.errors();
    }

    private static Map<String, String> labels(List<String> values) {
        Map<String, String> labels = new LinkedHashMap<>();
        values.forEach(value -> labels.put(value, value));
        return java.util.Collections.unmodifiableMap(labels);
    }
}
