package io.santkrupa.audit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic admin's audit log names each record (a staff member or catalog entry by name, a
 * patient's anything by the patient's name and code), links what the admin may open and the rest
 * to its own events, writes a read of each patient whose name it shows, says codes in plain
 * words, folds long details, and costs the same few queries whatever the page holds.
 */
@ExtendWith(TestDatabaseExtension.class)
class AuditLogPageTest {

    private static WebTestServer server;
    private static TestDatabase db;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestBrowser admin(Clinic clinic) {
        TestBrowser admin = server.browser();
        assertThat(admin.signIn(clinic.slug(), "admin", WebFixture.password("admin")).statusCode()).isEqualTo(303);
        return admin;
    }

    private static String audit(Clinic clinic, String query) {
        return "/clinic/" + clinic.slug() + "/audit" + query;
    }

    /** An event about a record, by the clinic's doctor, written as the application writes them. */
    private static void event(Clinic clinic, String action, String entityType, UUID entityId, String detail) {
        ClinicId id = clinic.id();
        db.tenants().inClinic(id, tx -> {
            UUID doctor = tx.select(APP_USER.ID).from(APP_USER)
                    .where(APP_USER.CLINIC_ID.eq(id.value()), APP_USER.USERNAME.eq("doctor")).fetchSingle(APP_USER.ID);
            new AuditLog().record(tx, id, new AuditContext(doctor, "doctor", "req", "192.0.2.7"), action,
                    AuditLog.Outcome.SUCCESS, entityType, entityId, detail);
            return null;
        });
    }

    private static String code(Clinic clinic) {
        return "PT-" + clinic.code() + "-2026-001";
    }

    @Test
    void each_record_is_named_and_linked_to_its_page_or_else_to_its_events() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID doctorUser = db.tenants().readInClinic(clinic.id(), tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("doctor")).fetchSingle(APP_USER.ID));
        event(clinic, "prescription.read", "prescription", clinic.row("prescription"), "print view");
        event(clinic, "test_order.report_download", "test_order", clinic.row("test_order"), "");
        event(clinic, "visit.status", "patient_visit", clinic.row("patient_visit"), "waiting -> no_show");
        event(clinic, "medicine.update", "medicine", clinic.row("medicine"), "changed: strength");
        event(clinic, "lab_test.update", "lab_test", clinic.row("lab_test"), "parameters added 1");
        event(clinic, "staff.update", "app_user", doctorUser, "changed: full_name");
        event(clinic, "doctor.update", "doctor", clinic.row("doctor"), "profile created");
        event(clinic, "document.download", "medical_report", clinic.row("medical_report"), "");
        event(clinic, "consultation.note", "doctor_note", clinic.row("doctor_note"), "created");
        event(clinic, "auth.login", "app_user", clinic.row("app_user"), ""); // the patient's own account
        server.browser().signIn(clinic.slug(), "doctor", "a wrong password");
        server.browser().signIn(clinic.slug(), "nobody-here", "a wrong password");

        HttpResponse<String> page = admin(clinic).get(audit(clinic, ""));

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body().replaceAll("\\s+", " ");
        String slug = "/clinic/" + clinic.slug();
        // the clinic's staff and catalog by name, linked to the admin's own pages
        assertThat(body)
                .contains("Account: <a href=\"" + slug + "/staff/" + doctorUser + "\">doctor (Doctor)</a>")
                .contains("Doctor&#39;s profile: <a href=\"" + slug + "/staff/" + doctorUser + "\">doctor</a>")
                .contains("Medicine: <a href=\"" + slug + "/catalog/medicines/" + clinic.row("medicine") + "\">Paracetamol 500 mg</a>")
                .contains("Lab test: <a href=\"" + slug + "/catalog/lab-tests/" + clinic.row("lab_test") + "\">Haemoglobin (HB)</a>");
        // a patient's records by the patient's name and code, linked to their events: the admin opens no patient records
        String patient = "Asha Patil (" + code(clinic) + ")";
        assertThat(body)
                .contains("Prescription: " + eventsLink(clinic, "prescription", clinic.row("prescription"), "for " + patient))
                .contains("Test order: " + eventsLink(clinic, "test_order", clinic.row("test_order"), "for " + patient))
                .contains("Document: " + eventsLink(clinic, "medical_report", clinic.row("medical_report"), "of " + patient))
                .contains("Consultation note: " + eventsLink(clinic, "doctor_note", clinic.row("doctor_note"), "for " + patient))
                .contains("Visit: <a href=\"" + slug + "/audit?record=patient_visit:" + clinic.row("patient_visit")
                        + "\" title=\"Its events in this log\">" + patient + ", ")
                .contains("Patient&#39;s account: " + eventsLink(clinic, "app_user", clinic.row("app_user"), patient))
                .doesNotContain(slug + "/patients/").doesNotContain(slug + "/prescriptions/")
                .doesNotContain(slug + "/lab/orders/").doesNotContain(slug + "/visits/");
        // codes in plain words, the code itself small beside them; who did it, with their role
        assertThat(body)
                .contains("Opened a prescription").contains("Downloaded a lab report").contains("Moved a visit in the queue")
                .contains("Signed in <span class=\"badge outcome\">Failed</span>")
                .contains("<small class=\"muted action-code\">prescription.read</small>")
                .contains("<a href=\"" + slug + "/staff/" + doctorUser + "\">doctor (doctor)</a> <br><small class=\"muted\">Doctor</small>")
                .contains("<small class=\"muted\">Not signed in</small>").doesNotContain(">anonymous<");
    }

    @Test
    void each_patient_whose_name_the_page_shows_is_a_read_of_that_patient() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID other = newPatient(clinic, 1);
        event(clinic, "prescription.read", "prescription", clinic.row("prescription"), "print view");
        event(clinic, "consultation.note", "doctor_note", clinic.row("doctor_note"), "created");
        event(clinic, "patient.update", "patient", other, "changed: phone");
        TestBrowser admin = admin(clinic);
        UUID adminId = db.tenants().readInClinic(clinic.id(), tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("admin")).fetchSingle(APP_USER.ID));

        HttpResponse<String> page = admin.get(audit(clinic, "?action=" + enc("Opened a prescription")));
        assertThat(page.body()).contains("Asha Patil");

        // one read of Asha (named once, however many of her records the page shows); Kavya was not on this page
        assertThat(namedReads(clinic, adminId)).containsExactly(clinic.row("patient"));
        String requestId = page.headers().firstValue("X-Request-Id").orElseThrow();
        List<String> read = db.tenants().readInClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.REQUEST_ID, AUDIT_EVENT.ACTOR_ROLE)
                .from(AUDIT_EVENT).where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()),
                        AUDIT_EVENT.DETAIL.eq(AuditPages.NAMED_HERE))
                .fetchSingle(r -> List.of(r.value1(), r.value2())));
        assertThat(read).containsExactly(requestId, "clinic_admin");

        admin.get(audit(clinic, ""));
        assertThat(namedReads(clinic, adminId)).containsOnly(clinic.row("patient"), other).hasSize(3);

        // a page that names no patient reads none
        admin.get(audit(clinic, "?action=medicine.update"));
        assertThat(namedReads(clinic, adminId)).hasSize(3);
    }

    @Test
    void a_record_the_admin_may_not_open_links_to_its_own_events() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID other = newPatient(clinic, 2);
        event(clinic, "patient.update", "patient", clinic.row("patient"), "changed: phone");
        event(clinic, "patient.update", "patient", other, "changed: address");
        event(clinic, "medicine.update", "medicine", clinic.row("medicine"), "");
        TestBrowser admin = admin(clinic);

        HttpResponse<String> page = admin.get(audit(clinic, "?record=patient:" + clinic.row("patient")));

        String body = page.body().replaceAll("\\s+", " ");
        assertThat(events(page)).contains("patient.update").doesNotContain("medicine.update", "auth.login");
        assertThat(body).contains("changed: phone").doesNotContain("changed: address")
                .contains("Only the events about one record: Patient <strong>Asha Patil (" + code(clinic) + ")</strong>")
                .contains("<input type=\"hidden\" name=\"record\" value=\"patient:" + clinic.row("patient") + "\">");
        // a malformed record is no filter at all, never an error
        assertThat(events(admin.get(audit(clinic, "?record=patient:not-an-id&action=patient.update"))))
                .hasSize(2);
    }

    @Test
    void a_day_that_is_none_is_no_filter_and_a_to_before_from_is_a_message_at_to() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);

        HttpResponse<String> none = admin.get(audit(clinic, "?from=2026-02-30&to=%2B999999999-12-31"));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("<tbody>").doesNotContain("error-message")
                .containsPattern("name=\"from\" type=\"date\"[^>]*value=\"\"").containsPattern("name=\"to\" type=\"date\"[^>]*value=\"\"");

        HttpResponse<String> backwards = admin.get(audit(clinic, "?from=2026-12-05&to=2026-12-04"));
        assertThat(backwards.statusCode()).isEqualTo(422);
        assertThat(backwards.body()).contains("<small id=\"to-error\" class=\"error-message\">").doesNotContain("<tbody>")
                .doesNotContain("from-error");
    }

    @Test
    void the_records_of_a_page_cost_one_query_whatever_their_number_and_kinds() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);
        event(clinic, "patient.read", "patient", clinic.row("patient"), "demographics");
        admin.get(audit(clinic, ""));
        server.queries.reset();
        assertThat(admin.get(audit(clinic, "")).statusCode()).isEqualTo(200);
        // resolve slug; session (set context + find); read (set context + events + their records + the reads of the
        // patients named)
        assertThat(server.queries.count()).isEqualTo(7);

        for (int i = 0; i < 20; i++) {
            UUID patient = newPatient(clinic, i);
            event(clinic, "patient.read", "patient", patient, "demographics");
            event(clinic, "prescription.read", "prescription", clinic.row("prescription"), "print view");
            event(clinic, "medicine.update", "medicine", clinic.row("medicine"), "");
        }
        server.queries.reset();
        HttpResponse<String> page = admin.get(audit(clinic, ""));
        assertThat(server.queries.count()).isEqualTo(7);
        // twenty different patients, twenty different codes -- not the same first block of twenty ids
        Matcher codes = Pattern.compile("Patient: <a href=\"[^\"]+\" title=\"[^\"]+\">Kavya Bhosale \\d+ \\((PT-[A-Z0-9]+-2026-1\\d\\d)\\)</a>")
                .matcher(page.body().replaceAll("\\s+", " "));
        List<String> found = codes.results().map(m -> m.group(1)).toList();
        assertThat(found).hasSize(16).doesNotHaveDuplicates(); // the newest 50 events: 16 patients' and 34 others
    }

    @Test
    void the_action_filter_takes_plain_words_or_codes() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        event(clinic, "patient.read", "patient", clinic.row("patient"), "demographics");
        event(clinic, "test_order.report_upload", "test_order", clinic.row("test_order"), "1234 bytes");
        event(clinic, "test_order.report_download", "test_order", clinic.row("test_order"), "");
        TestBrowser admin = admin(clinic);

        HttpResponse<String> byWords = admin.get(audit(clinic, "?action=" + enc("Opened a patient's record")));
        assertThat(events(byWords)).isNotEmpty().containsOnly("patient.read");
        assertThat(byWords.body()).contains("value=\"Opened a patient&#39;s record\"");
        assertThat(events(admin.get(audit(clinic, "?action=" + enc("lab REPORT")))))
                .containsExactly("test_order.report_download", "test_order.report_upload");
        HttpResponse<String> byCode = admin.get(audit(clinic, "?action=test_order"));
        assertThat(events(byCode)).containsExactly("test_order.report_download", "test_order.report_upload");
        // every action a clinic's log can hold is offered in words
        assertThat(byCode.body()).contains("<option value=\"Opened a patient&#39;s record\">")
                .contains("<option value=\"Checked a patient in\">")
                .doesNotContain("<option value=\"Signed in to the platform console\">");
    }

    @Test
    void a_long_detail_is_folded_with_all_of_it_a_click_away() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String longDetail = "changed: " + "name, address, city, state, postal_code, phone, email, website, ".repeat(4)
                + "time_zone Asia/Kolkata to Europe/London";
        event(clinic, "clinic.update", "clinic", clinic.id().value(), longDetail);
        event(clinic, "clinic.update", "clinic", clinic.id().value(), "no change");

        String body = admin(clinic).get(audit(clinic, "?action=clinic.update")).body().replaceAll("\\s+", " ");

        assertThat(body).contains("<td class=\"detail\" data-label=\"Detail\"><details><summary>"
                        + longDetail.substring(0, 80).strip() + "\u2026</summary>" + longDetail + "</details></td>")
                .contains("<td class=\"detail\" data-label=\"Detail\">no change</td>")
                .contains("Clinic: <a href=\"/clinic/" + clinic.slug() + "/settings\">Test Clinic ");
    }

    /** The link of a record the admin may not open: to its events in the log. */
    private static String eventsLink(Clinic clinic, String type, UUID id, String name) {
        return "<a href=\"/clinic/" + clinic.slug() + "/audit?record=" + type + ":" + id
                + "\" title=\"Its events in this log\">" + name + "</a>";
    }

    /** The patients the admin's audit pages have named, one per read, in order. */
    private static List<UUID> namedReads(Clinic clinic, UUID admin) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.ENTITY_ID).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTOR_USER_ID.eq(admin),
                        AUDIT_EVENT.ACTION.eq("patient.read"), AUDIT_EVENT.ENTITY_TYPE.eq("patient"),
                        AUDIT_EVENT.DETAIL.eq(AuditPages.NAMED_HERE))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .fetch(AUDIT_EVENT.ENTITY_ID));
    }

    private static UUID newPatient(Clinic clinic, int n) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + (100 + n))
                .set(PATIENT.FIRST_NAME, "Kavya").set(PATIENT.LAST_NAME, "Bhosale " + n)
                .set(PATIENT.GENDER, "female")
                .execute());
        return id;
    }

    /** The action codes of the events a page lists, in order. */
    private static List<String> events(HttpResponse<String> page) {
        return Pattern.compile("<small class=\"muted action-code\">([a-z_.]+)</small>").matcher(page.body())
                .results().map(m -> m.group(1)).toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
