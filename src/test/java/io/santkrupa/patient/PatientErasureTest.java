package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure of a patient on request, over real HTTP against PostgreSQL: the clinic admin opens the
 * patient by code (seeing only the code and counts), a wrong typed code is an error at its field
 * with nothing changed; done right, no identifying value of the patient is left in any text column
 * of any table of the database (read from the catalog), the clinical rows remain under their ids,
 * the other patient is untouched, the erasure's audit event holds no personal data, and searches by
 * name or phone no longer find her.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientErasureTest {

    /**
     * What identified the patient of the clinic tagged {@code t} (a letter; each test's clinic its own,
     * as the scan reads every clinic): each must be gone from every text column of every table.
     */
    private static List<String> canaries(char t) {
        int d = t % 10;
        return List.of("Ashacanary" + t, "Patilcanary" + t, "987651234" + d, "asha.canary" + t + "@example.in",
                "Canary Lane " + t, "Ravicanary" + t, "981231239" + d, "Canarycillin" + t, "ashacanary" + t + ".user",
                "xray-canary-bytes-" + t, "cbc-canary-bytes-" + t);
    }

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_admin_sees_only_the_code_and_counts_and_a_wrong_code_changes_nothing() {
        Clinic clinic = canaryClinic('q');
        UUID asha = clinic.row("patient");
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String code = "PT-" + clinic.code() + "-2026-001";

        HttpResponse<String> lookup = admin.get("/clinic/" + clinic.slug() + "/erasure?code=" + code.toLowerCase());
        assertThat(lookup.statusCode()).isEqualTo(303);
        assertThat(lookup.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase");
        HttpResponse<String> page = admin.get("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(code, "Type the patient code to confirm");
        for (String canary : canaries('q')) {
            assertThat(page.body()).doesNotContain(canary);
        }
        Map<String, Object> before = patientRow(clinic, asha);

        HttpResponse<String> wrong = admin.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase",
                Map.of("confirmCode", "PT-" + clinic.code() + "-2026-002", "reason", "The patient's request"));

        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("id=\"confirmCode\"", "aria-invalid=\"true\"", "code exactly as shown above");
        assertThat(patientRow(clinic, asha)).isEqualTo(before);
        assertThat(erasures(clinic)).isZero();

        HttpResponse<String> naming = admin.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase",
                Map.of("confirmCode", code, "reason", "Ashacanaryq asked on the phone"));
        assertThat(naming.statusCode()).isEqualTo(422);
        assertThat(naming.body()).contains("name, phone and email out of the reason");
        assertThat(patientRow(clinic, asha)).isEqualTo(before);

        // only the admin: the desk and the doctor, who read records, erase nothing
        for (Role role : List.of(Role.RECEPTIONIST, Role.DOCTOR)) {
            TestBrowser other = ApiClient.signedIn(server, clinic, role);
            assertThat(other.get("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase").statusCode()).isEqualTo(403);
            assertThat(other.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase",
                    Map.of("confirmCode", code, "reason", "x")).statusCode()).isEqualTo(403);
        }
        assertThat(patientRow(clinic, asha)).isEqualTo(before);
    }

    @Test
    void erasure_leaves_no_identifying_value_anywhere_keeps_the_clinical_rows_and_is_audited_without_personal_data()
            throws Exception {
        Clinic clinic = canaryClinic('z');
        UUID asha = clinic.row("patient");
        UUID bystander = bystander(clinic);
        Map<String, Object> bystanderBefore = patientRow(clinic, bystander);
        assertThat(canariesFound(canaries('z'))).as("the canaries are in the database before").isNotEmpty();
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        assertThat(found(clinic, token, "Patilcanaryz")).containsExactly(asha.toString());
        assertThat(found(clinic, token, "9876512342")).containsExactly(asha.toString());
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String code = "PT-" + clinic.code() + "-2026-001";

        HttpResponse<String> done = admin.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase",
                Map.of("confirmCode", code.toLowerCase(), "reason", "The patient's request of 3 Dec 2026"));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(admin.get(done.headers().firstValue("Location").orElseThrow()).body()).contains("Erased.");
        assertThat(canariesFound(canaries('z'))).as("identifying values left in the database").isEmpty();
        // the record stays, with no name, its year of birth approximate
        Map<String, Object> after = patientRow(clinic, asha);
        assertThat(after.get("first_name")).isEqualTo("Erased");
        assertThat(after.get("last_name")).isEqualTo("patient");
        assertThat(after.get("code")).isEqualTo(code);
        assertThat(after.get("date_of_birth")).isEqualTo(LocalDate.of(1985, 7, 1));
        assertThat(after.get("erased_at")).isNotNull();
        // the clinical rows remain under their ids; the files are gone
        UUID c = clinic.id().value();
        db.tenants().inClinic(clinic.id(), tx -> {
            assertThat(tx.fetchExists(PATIENT_VISIT, PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.ID.eq(clinic.row("patient_visit")),
                    PATIENT_VISIT.PATIENT_ID.eq(asha))).isTrue();
            assertThat(tx.fetchExists(DOCTOR_NOTE, DOCTOR_NOTE.CLINIC_ID.eq(c), DOCTOR_NOTE.ID.eq(clinic.row("doctor_note")))).isTrue();
            assertThat(tx.fetchExists(PRESCRIPTION, PRESCRIPTION.CLINIC_ID.eq(c), PRESCRIPTION.ID.eq(clinic.row("prescription")))).isTrue();
            assertThat(tx.fetchExists(TEST_ORDER, TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.ID.eq(clinic.row("test_order")),
                    TEST_ORDER.REPORT_FILE_ID.isNull())).isTrue();
            assertThat(tx.fetchExists(TEST_RESULT, TEST_RESULT.CLINIC_ID.eq(c), TEST_RESULT.ID.eq(clinic.row("test_result")))).isTrue();
            assertThat(tx.fetchExists(MEDICAL_REPORT, MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(asha))).isFalse();
            assertThat(tx.fetchExists(STORED_FILE, STORED_FILE.CLINIC_ID.eq(c), STORED_FILE.ID.in(FILES.get(c)))).isFalse();
            // the portal account: closed, unlinked, signed out
            var account = tx.selectFrom(APP_USER).where(APP_USER.CLINIC_ID.eq(c), APP_USER.ID.eq(clinic.row("app_user"))).fetchSingle();
            assertThat(account.getIsActive()).isFalse();
            assertThat(account.getPatientId()).isNull();
            assertThat(account.getFullName()).isEqualTo("Erased patient");
            assertThat(tx.fetchExists(WEB_SESSION, WEB_SESSION.CLINIC_ID.eq(c), WEB_SESSION.USER_ID.eq(account.getId()))).isFalse();
            return null;
        });
        assertThat(patientRow(clinic, bystander)).as("the other patient").isEqualTo(bystanderBefore);
        // audited with ids and counts only
        var events = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(c), AUDIT_EVENT.ACTION.eq("patient.erase")).fetch());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getEntityId()).isEqualTo(asha);
            assertThat(e.getActorRole()).isEqualTo("clinic_admin");
            assertThat(e.getDetail()).contains("The patient's request of 3 Dec 2026", "1 visits", "portal account closed");
        });
        // no longer found by name or phone; the bystander still is
        assertThat(found(clinic, token, "Patilcanaryz")).isEmpty();
        assertThat(found(clinic, token, "9876512342")).isEmpty();
        assertThat(found(clinic, token, "512342")).isEmpty();
        assertThat(found(clinic, token, "Bystander")).containsExactly(bystander.toString());
        // erased once
        HttpResponse<String> again = admin.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/erase",
                Map.of("confirmCode", code, "reason", "Again"));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("was erased on");
        assertThat(erasures(clinic)).isEqualTo(1);
        // and the record is never opened to a portal sign-in again
        TestBrowser desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        HttpResponse<String> invited = desk.post("/clinic/" + clinic.slug() + "/patients/" + asha + "/portal/invitation",
                Map.of("version", "0"));
        assertThat(invited.statusCode()).isEqualTo(409);
        assertThat(invited.body()).contains("identity was erased on their request");
        int linked = db.tenants().readInClinic(clinic.id(), tx -> tx.fetchCount(APP_USER,
                APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.PATIENT_ID.eq(asha)));
        assertThat(linked).as("no sign-in linked to the erased record").isZero();
    }

    /** A fixture clinic whose patient carries a canary in every field that identifies her. */
    private static Clinic canaryClinic(char t) {
        List<String> v = canaries(t);
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID c = clinic.id().value();
        UUID asha = clinic.row("patient");
        UUID lab = ApiClient.userId(db, clinic.id(), "lab");
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.update(PATIENT).set(PATIENT.FIRST_NAME, v.get(0)).set(PATIENT.LAST_NAME, v.get(1))
                    .set(PATIENT.PHONE, "+91" + v.get(2)).set(PATIENT.EMAIL, v.get(3))
                    .set(PATIENT.ADDRESS, "12 " + v.get(4) + ", Pune").set(PATIENT.EMERGENCY_CONTACT_NAME, v.get(5))
                    .set(PATIENT.EMERGENCY_CONTACT_PHONE, "+91" + v.get(6)).set(PATIENT.ALLERGIES, v.get(7))
                    .where(PATIENT.CLINIC_ID.eq(c), PATIENT.ID.eq(asha)).execute();
            tx.update(APP_USER).set(APP_USER.USERNAME, v.get(8)).set(APP_USER.FULL_NAME, v.get(0) + " " + v.get(1))
                    .set(APP_USER.EMAIL, v.get(3)).set(APP_USER.PHONE, "+91" + v.get(2))
                    .where(APP_USER.CLINIC_ID.eq(c), APP_USER.ID.eq(clinic.row("app_user"))).execute();
            // the files of her lab report and of her scan carry her name
            UUID report = canaryFile(tx, c, lab, v.get(10));
            UUID scan = canaryFile(tx, c, lab, v.get(9));
            tx.update(TEST_ORDER).set(TEST_ORDER.REPORT_FILE_ID, report)
                    .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.ID.eq(clinic.row("test_order"))).execute();
            tx.update(MEDICAL_REPORT).set(MEDICAL_REPORT.FILE_ID, scan)
                    .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(asha)).execute();
            FILES.put(clinic.id().value(), List.of(report, scan));
            return null;
        });
        return clinic;
    }

    private static final Map<UUID, List<UUID>> FILES = new java.util.concurrent.ConcurrentHashMap<>();

    private static UUID canaryFile(org.jooq.DSLContext tx, UUID clinic, UUID uploadedBy, String canary) {
        UUID id = Ids.newId();
        byte[] content = ("%PDF-1.4\n% " + canary + "\n").getBytes(StandardCharsets.US_ASCII);
        tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, clinic).set(STORED_FILE.ID, id)
                .set(STORED_FILE.FILE_NAME, "report.pdf").set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, uploadedBy).execute();
        return id;
    }

    private static UUID bystander(Clinic clinic) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-900")
                .set(PATIENT.FIRST_NAME, "Meera").set(PATIENT.LAST_NAME, "Bystander")
                .set(PATIENT.PHONE, "+919822233344").set(PATIENT.ALLERGIES, "Sulfa")
                .execute());
        return id;
    }

    private static Map<String, Object> patientRow(Clinic clinic, UUID id) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.id().value()), PATIENT.ID.eq(id)).fetchSingle().intoMap());
    }

    private static int erasures(Clinic clinic) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("patient.erase")));
    }

    private static List<String> found(Clinic clinic, String token, String q) {
        HttpResponse<String> answer = ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : ApiClient.json(answer).get("items")) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }

    /**
     * Every text, varchar and jsonb column of every table of the application's schemas (read from
     * the catalog, as a superuser past row-level security), and the stored files' bytes: where a
     * canary is, as "table.column: canary".
     */
    private static List<String> canariesFound(List<String> canaries) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = db.connectAsSuperuser()) {
            var sql = DSL.using(connection, SQLDialect.POSTGRES);
            var columns = sql.resultQuery("""
                            SELECT c.table_schema, c.table_name, c.column_name
                              FROM information_schema.columns c
                              JOIN information_schema.tables t
                                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                             WHERE t.table_type = 'BASE TABLE' AND c.table_schema LIKE 'santkrupa%'
                               AND c.data_type IN ('text', 'character varying', 'character', 'jsonb')""")
                    .fetch();
            for (var column : columns) {
                var field = DSL.field(DSL.name(column.get(0, String.class), column.get(1, String.class),
                        column.get(2, String.class))).cast(String.class);
                var table = DSL.table(DSL.name(column.get(0, String.class), column.get(1, String.class)));
                for (String canary : canaries) {
                    if (sql.fetchExists(DSL.selectOne().from(table).where(field.containsIgnoreCase(canary)))) {
                        found.add(column.get(1, String.class) + "." + column.get(2, String.class) + ": " + canary);
                    }
                }
            }
            for (String canary : canaries) {
                if (sql.fetchExists(DSL.selectOne().from(STORED_FILE).where(DSL.condition("position({0} in {1}) > 0",
                        DSL.val(canary.getBytes(StandardCharsets.US_ASCII)), STORED_FILE.CONTENT)))) {
                    found.add("stored_file.content: " + canary);
                }
            }
        }
        return found;
    }
}
