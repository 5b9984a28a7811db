package io.santkrupa.clinic;

import io.santkrupa.web.Form;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A clinic's slug: its address ({@code /clinic/<slug>/}) and its name at sign-in. The same rules
 * as the registry's CHECK constraints (V002, V029), so a refusal is said next to the field
 * instead of surfacing as a constraint violation.
 */
public final class ClinicSlug {

    /** Lower-case letters, digits and inner hyphens, at most 63 characters (clinic_slug_format). */
    static final Pattern FORMAT = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    /** Words that name parts of the product, never a clinic (clinic_slug_not_reserved). */
    public static final Set<String> RESERVED = Set.of(
            "admin", "administrator", "api", "app", "assets", "auth", "billing", "clinic", "clinics", "dashboard",
            "demo", "docs", "health", "help", "login", "logout", "metrics", "new", "platform", "root", "santkrupa",
            "security", "signin", "signup", "static", "status", "superadmin", "support", "system", "webjars", "www");

    private ClinicSlug() {
    }

    /** Could this be a clinic's slug at all? (Anything else cannot exist, so needs no lookup.) */
    public static boolean wellFormed(String slug) {
        return slug != null && FORMAT.matcher(slug).matches();
    }

    /** Checks a new slug typed into {@code field}; the message says what to change. */
    public static String check(Form form, String field) {
        String slug = form.value(field);
        if (slug.isEmpty()) {
            form.error(field, "Web address is required, e.g. sunrise-pune.");
        } else if (slug.length() < 3) {
            form.error(field, "Use at least 3 characters.");
        } else if (!wellFormed(slug)) {
            form.error(field, "Use lower-case letters, digits and hyphens only (not at the start or end), "
                    + "at most 63 characters, e.g. sunrise-pune.");
        } else if (RESERVED.contains(slug)) {
            form.error(field, "\"" + slug + "\" is reserved for Santkrupa itself. Choose another, e.g. the clinic's name and city.");
        }
        return slug;
    }
}
