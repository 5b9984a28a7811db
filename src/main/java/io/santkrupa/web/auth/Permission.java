package io.santkrupa.web.auth;

import io.javalin.security.RouteRole;

/**
 * What a route lets its caller do. Routes declare the permission they need; the
 * {@link PermissionMatrix} says which roles hold it. Pages and API use the same permissions.
 */
public enum Permission implements RouteRole {
    /** Log in, log out, ask for a token: no principal needed yet. */
    PUBLIC("Sign in"),
    /** Sign out: every role, and allowed even when the clinic is read-only. */
    SIGN_OUT("Sign out"),
    /** Stay signed in, and keep what one typed but has not saved yet: every role, for their own session. */
    OWN_SESSION("Stay signed in; keep one's own unsaved form text"),
    DASHBOARD("See the clinic dashboard"),
    PATIENT_SEARCH("Search patients"),
    PATIENT_DEMOGRAPHICS("Read a patient's demographics and visits"),
    PATIENT_CLINICAL("Read a patient's clinical notes, prescriptions and results"),
    PATIENT_REGISTER("Register and edit patients"),
    /**
     * Print what a patient takes home -- a prescription, a lab report -- for them at the desk or
     * in the consulting room; each print is an audited read.
     */
    PRINT_FOR_PATIENT("Print a patient's prescriptions and lab reports for them"),
    /**
     * A copy of everything about a patient, for them (the DPDP Act's right to a copy): the desk,
     * where they ask, and doctors -- those who already read the record.
     */
    PATIENT_EXPORT("Download a patient's data for them (a copy on request)"),
    VISIT_CHECK_IN("Check patients in, manage the queue"),
    /** The desk, where a patient asks, and the clinic admin, who runs the clinic's accounts. */
    PORTAL_INVITE("Invite patients to the portal; reissue, revoke or disable their access"),
    /** Doctors: the uploader of a document sees the record it joins, and the patient sees it at once. */
    CONSULTATION("Record consultations, prescribe, order tests, upload documents"),
    LAB_WORK("Process test orders and enter results"),
    OWN_RECORD("See one's own record (patients)"),
    STAFF_MANAGE("Manage staff accounts and doctors"),
    /** The clinic's staff read the catalogs and the list of doctors (to prescribe, order, check in). */
    CATALOG_READ("Read the medicine and lab test catalogs and the list of doctors"),
    CATALOG_MANAGE("Manage the medicine and lab test catalogs"),
    CLINIC_SETTINGS("Edit clinic settings"),
    AUDIT_VIEW("View the clinic's audit log"),
    /**
     * The clinic administrator, the data fiduciary's officer: erases a patient's identity on request
     * (anonymises; the clinical records are kept), seeing only the patient's code and counts.
     */
    PATIENT_ERASE("Erase a patient's identity on request (clinical records kept)"),
    ANALYTICS_VIEW("View clinic analytics");

    private final String description;

    Permission(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
