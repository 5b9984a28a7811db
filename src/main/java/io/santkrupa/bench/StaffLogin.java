package io.santkrupa.bench;

/** A staff member's sign-in at one clinic. */
record StaffLogin(String clinic, String username, String password) {

    /**
     * The login of {@code username} at {@code clinic}, its password from {@code template}:
     * {@code {clinic}} and {@code {username}} in it are replaced (the demo's
     * {@code {clinic}-{username}-demo}; a seeded platform's one shared password has neither).
     */
    static StaffLogin of(String clinic, String username, String template) {
        return new StaffLogin(clinic, username, template.replace("{clinic}", clinic).replace("{username}", username));
    }

    String apiBase() {
        return "/clinic/" + clinic + "/api/v1";
    }

    @Override
    public String toString() {
        return username + "@" + clinic;
    }
}
