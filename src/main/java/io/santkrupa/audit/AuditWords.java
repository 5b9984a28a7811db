package io.santkrupa.audit;

import io.santkrupa.staff.Role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail's codes in plain words, in one place: every action the code records (the
 * clinic's log and the platform console's), every role and outcome, every kind of record.
 * AuditWordsTest reads every {@code audit.record(...)} call and every audit event the migrations
 * write, and fails for an action without words here.
 */
public final class AuditWords {

    /** An action the code records, what it means, and the part of the clinic it belongs to. */
    public record Action(String code, String words, String area) {
    }

    private static final List<Action> ACTIONS = List.of(
            // signing in
            new Action("auth.login", "Signed in", "Signing in"),
            new Action("auth.token", "Signed in to the API (an app)", "Signing in"),
            new Action("auth.refresh", "Renewed an app's sign-in", "Signing in"),
            new Action("auth.password_set", "Chose a password with a one-time link", "Signing in"),
            new Action("auth.invitation_code", "Typed a portal invitation code that opened nothing", "Signing in"),
            new Action("access.denied", "Was refused a page their role does not allow", "Signing in"),
            // patients
            new Action("patient.create", "Registered a patient", "Patients"),
            new Action("patient.read", "Opened a patient's record", "Patients"),
            new Action("patient.search", "Searched for patients (the patients found)", "Patients"),
            new Action("patient.update", "Changed a patient's details", "Patients"),
            new Action("patient.export", "Downloaded a copy of a patient's data (on their request)", "Patients"),
            new Action("patient.erase", "Erased a patient's identity on request (clinical records kept)", "Patients"),
            new Action("document.upload", "Uploaded a document for a patient", "Patients"),
            new Action("document.download", "Downloaded a patient's document", "Patients"),
            new Action("portal.invite", "Invited a patient to the portal", "Patients"),
            new Action("portal.invitation_revoke", "Revoked a patient's portal invitation", "Patients"),
            new Action("portal.disable", "Turned off a patient's portal access", "Patients"),
            new Action("portal.list", "Saw the list of patients with portal access", "Patients"),
            // the day's visits
            new Action("visit.check_in", "Checked a patient in", "Visits"),
            new Action("visit.status", "Moved a visit in the queue", "Visits"),
            new Action("visit.list", "Saw a day's queue (the patients in it)", "Visits"),
            new Action("visit.read", "Opened a visit", "Visits"),
            new Action("dashboard.read", "Saw their day's patients on the home page", "Visits"),
            new Action("consultation.start", "Started a consultation", "Visits"),
            new Action("consultation.note", "Saved a consultation note", "Visits"),
            new Action("consultation.complete", "Completed a consultation", "Visits"),
            new Action("prescription.create", "Wrote a prescription", "Visits"),
            new Action("prescription.allergy_override", "Prescribed despite an allergy warning", "Visits"),
            new Action("prescription.read", "Opened a prescription", "Visits"),
            // the lab
            new Action("test_order.create", "Ordered a test", "Lab"),
            new Action("test_order.collect", "Collected a sample", "Lab"),
            new Action("test_order.results", "Entered test results", "Lab"),
            new Action("test_order.complete", "Completed a test order", "Lab"),
            new Action("test_order.report_upload", "Attached a lab report", "Lab"),
            new Action("test_order.report_download", "Downloaded a lab report", "Lab"),
            new Action("test_order.read", "Opened a test order or its printed report", "Lab"),
            new Action("test_order.list", "Saw the lab's list of orders (the patients in it)", "Lab"),
            new Action("test_order.correct", "Corrected test results", "Lab"),
            // the clinic admin's work
            new Action("staff.create", "Added a staff account", "Staff and settings"),
            new Action("staff.update", "Changed a staff account", "Staff and settings"),
            new Action("staff.password_reset", "Reset a staff member's password", "Staff and settings"),
            new Action("staff.deactivate", "Deactivated a staff account", "Staff and settings"),
            new Action("staff.reactivate", "Reactivated a staff account", "Staff and settings"),
            new Action("doctor.update", "Changed a doctor's profile", "Staff and settings"),
            new Action("medicine.create", "Added a medicine to the catalog", "Staff and settings"),
            new Action("medicine.update", "Changed a medicine in the catalog", "Staff and settings"),
            new Action("lab_test.create", "Added a lab test to the catalog", "Staff and settings"),
            new Action("lab_test.update", "Changed a lab test in the catalog", "Staff and settings"),
            new Action("clinic.update", "Changed the clinic's settings", "Staff and settings"),
            new Action("clinic.logo", "Changed the clinic's logo", "Staff and settings"),
            new Action("api.replay", "Sent the same app request again (answered as the first time)", "Staff and settings"),
            // Santkrupa's platform, in the clinic's own log (V034's functions)
            new Action("clinic.provisioned", "Set the clinic up on Santkrupa", "Santkrupa platform"),
            new Action("clinic.admin_link_reissued", "Sent the first administrator a new set-password link",
                    "Santkrupa platform"),
            new Action("clinic.subscription_changed", "Changed the clinic's subscription", "Santkrupa platform"),
            new Action("clinic.limits_changed", "Changed the clinic's limits", "Santkrupa platform"),
            // the platform console's own log
            new Action("clinic.onboard", "Onboarded a clinic", "Platform console"),
            new Action("clinic.subscription_change", "Changed a clinic's subscription", "Platform console"),
            new Action("clinic.limits_change", "Changed a clinic's limits", "Platform console"),
            new Action("clinic.admin_link_reissue", "Sent a clinic's first administrator a new set-password link",
                    "Platform console"),
            new Action("clinic.exported", "Exported a clinic's data to an archive (export-clinic)", "Platform console"),
            new Action("clinic.imported", "Imported a clinic from an archive (import-clinic)", "Platform console"),
            new Action("clinic.offboarded", "Removed a clinic and all its data (offboard-clinic)", "Platform console"),
            new Action("platform.sign_in", "Signed in to the platform console", "Platform console"),
            new Action("platform.sign_out", "Signed out of the platform console", "Platform console"),
            new Action("platform.second_factor_enrol", "Set up an authenticator app", "Platform console"),
            new Action("platform.recovery_codes_regenerate", "Made new recovery codes", "Platform console"),
            new Action("platform_admin.create", "Added a platform administrator", "Platform console"),
            new Action("platform_admin.second_factor_reset", "Reset a platform administrator's second factor",
                    "Platform console"));

    private static final Map<String, Action> BY_CODE = ACTIONS.stream()
            .collect(LinkedHashMap::new, (m, a) -> m.put(a.code(), a), Map::putAll);

    /** Areas whose actions are never in a clinic's own log. */
    private static final String PLATFORM_CONSOLE = "Platform console";

    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("patient", "Patient"),
            Map.entry("app_user", "Account"),
            Map.entry("doctor", "Doctor's profile"),
            Map.entry("patient_visit", "Visit"),
            Map.entry("doctor_note", "Consultation note"),
            Map.entry("prescription", "Prescription"),
            Map.entry("test_order", "Test order"),
            Map.entry("medical_report", "Document"),
            Map.entry("medicine", "Medicine"),
            Map.entry("lab_test", "Lab test"),
            Map.entry("clinic", "Clinic"),
            Map.entry("api_idempotency_key", "App request"));

    private AuditWords() {
    }

    /** Every action, in the order a person would look for them. */
    public static List<Action> actions() {
        return ACTIONS;
    }

    /** The actions a clinic's own log can hold: the filter's choices. */
    public static List<Action> clinicActions() {
        return ACTIONS.stream().filter(a -> !a.area().equals(PLATFORM_CONSOLE)).toList();
    }

    public static Optional<Action> action(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The action in plain words; an unknown code (an old event) as it is. */
    public static String actionWords(String code) {
        Action action = BY_CODE.get(code);
        return action == null ? code : action.words();
    }

    /**
     * The actions a filter means: the one whose code or words it is, else every one whose code
     * starts with it or whose words contain it, ignoring case ("patient", "opened", "lab report").
     */
    public static List<String> matching(String filter) {
        String wanted = filter.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return List.of();
        }
        for (Action action : ACTIONS) {
            if (action.code().equals(wanted) || action.words().toLowerCase(Locale.ROOT).equals(wanted)) {
                return List.of(action.code());
            }
        }
        return ACTIONS.stream()
                .filter(a -> a.code().startsWith(wanted) || a.words().toLowerCase(Locale.ROOT).contains(wanted))
                .map(Action::code)
                .toList();
    }

    /** A role as the audit trail stores it (a clinic role, "anonymous" or "platform"), in plain words. */
    public static String roleWords(String code) {
        if (code == null || code.equals("anonymous")) {
            return "Not signed in";
        }
        if (code.equals("platform")) {
            return "Santkrupa platform";
        }
        return Role.fromDbValue(code).map(Role::label).orElse(code);
    }

    public static String outcomeWords(String code) {
        return switch (code) {
            case "success" -> "Done";
            case "denied" -> "Refused";
            case "failure" -> "Failed";
            default -> code;
        };
    }

    /** The kind of record an event is about, in plain words; "" for none. */
    public static String entityWords(String type) {
        if (type == null || type.isEmpty()) {
            return "";
        }
        return ENTITIES.getOrDefault(type, type.replace('_', ' '));
    }

    /** Whether a kind of record has its own words (AuditWordsTest checks every kind the code records). */
    public static boolean knowsEntity(String type) {
        return ENTITIES.containsKey(type);
    }
}
