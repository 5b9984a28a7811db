package io.santkrupa.clinic;

import io.santkrupa.web.Form;

import java.util.regex.Pattern;

/**
 * A clinic's name and contact details, checked the same way wherever they are typed: by the
 * clinic admin on the settings page and by the platform when it onboards the clinic.
 */
public record ClinicContact(String name, String address, String city, String state, String postalCode,
                            String phone, String email, String website) {

    /** The form fields, in the order the pages show them. */
    public static final String[] FIELDS = {"name", "address", "city", "state", "postal_code", "phone", "email", "website"};

    private static final Pattern POSTAL_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$");
    private static final Pattern WEBSITE = Pattern.compile("^https?://[^\\s/$.?#][^\\s]*$");

    /** Checks the contact fields of {@code form}; each problem is a message at its field. */
    public static ClinicContact read(Form form) {
        String name = form.required("name", "Clinic name", 200);
        String address = form.optional("address", "Address", 500);
        String city = form.optional("city", "City", 100);
        String state = form.optional("state", "State", 100);
        String postalCode = form.optional("postal_code", "Postal code", 12);
        if (!postalCode.isEmpty() && !POSTAL_CODE.matcher(postalCode).matches()) {
            form.error("postal_code", "Postal code may contain letters, digits, spaces and hyphens, e.g. 411004.");
        }
        String phone = form.phone("phone", "Phone");
        String email = form.email("email", "Email");
        String website = form.optional("website", "Website", 200);
        if (!website.isEmpty() && !WEBSITE.matcher(website).matches()) {
            form.error("website", "Website must be a full address starting with https://, e.g. https://example.clinic.");
        }
        return new ClinicContact(name, address, city, state, postalCode, phone, email, website);
    }
}
