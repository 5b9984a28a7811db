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
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A patient's data on request, over real HTTP against PostgreSQL: the desk and the doctor export a
 * patient from the chart (and the API), the patient exports their own from the portal. The zip holds
 * exactly that patient's rows and files (a second patient's canaries never appear, nor any secret),
 * the files byte for byte; every export is audited with ids only; another clinic's patient is a 404,
 * roles without the right a 403.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientExportTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OTHER_NAME = "Zorawarcanary";
    private static final String OTHER_PHONE = "+919811177777";
    private static final String OTHER_FILE_TEXT = "other-patient-file-canary";

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic otherClinic;
    private static UUID asha;
    private static UUID otherPatient;
    private static UUID otherVisit;
    private static UUID otherFile;
    private static final Map<Role, TestBrowser> BROWSERS = new EnumMap<>(Role.class);
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        otherClinic = WebFixture.clinicWithLogins(db, server.hasher);
        asha = clinic.row("patient");
        for (Role role : Role.values()) {
            BROWSERS.put(role, ApiClient.signedIn(server, clinic, role));
            TOKENS.put(role, ApiClient.token(server, db, clinic, role));
        }
        // a second patient of the same clinic, with a visit and a document of her own
        otherPatient = Ids.newId();
        otherVisit = Ids.newId();
        otherFile = Ids.newId();
        UUID c = clinic.id().value();
        byte[] content = ("%PDF-1.4\n% " + OTHER_FILE_TEXT + "\n").getBytes(StandardCharsets.US_ASCII);
        UUID receptionist = ApiClient.userId(db, clinic.id(), "reception");
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, c).set(PATIENT.ID, otherPatient)
                    .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-777")
                    .set(PATIENT.FIRST_NAME, OTHER_NAME).set(PATIENT.LAST_NAME, "Other")
                    .set(PATIENT.PHONE, OTHER_PHONE).execute();
            tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, c).set(PATIENT_VISIT.ID, otherVisit)
                    .set(PATIENT_VISIT.PATIENT_ID, otherPatient).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                    .set(PATIENT_VISIT.VISIT_DATE, java.time.LocalDate.of(2025, 2, 3)).set(PATIENT_VISIT.TOKEN_NUMBER, 77)
                    .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, OTHER_NAME + " reason").execute();
            tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, c).set(STORED_FILE.ID, otherFile)
                    .set(STORED_FILE.FILE_NAME, "other.pdf").set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                    .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                    .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, receptionist).execute();
            tx.insertInto(MEDICAL_REPORT).set(MEDICAL_REPORT.CLINIC_ID, c).set(MEDICAL_REPORT.ID, Ids.newId())
                    .set(MEDICAL_REPORT.PATIENT_ID, otherPatient).set(MEDICAL_REPORT.FILE_ID, otherFile)
                    .set(MEDICAL_REPORT.TITLE, OTHER_NAME + " scan").set(MEDICAL_REPORT.UPLOADED_BY, receptionist)
                    .execute();
            return null;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_desk_downloads_exactly_the_patients_rows_and_files_from_the_chart_and_it_is_audited() throws Exception {
        HttpResponse<String> chart = BROWSERS.get(Role.RECEPTIONIST).get(page("/patients/" + asha));
        assertThat(chart.body()).contains("Download the patient's data", page("/patients/" + asha + "/export"));

        HttpResponse<byte[]> answer = pageGet(Role.RECEPTIONIST, page("/patients/" + asha + "/export"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment").contains(("PT-" + clinic.code() + "-2026-001").toLowerCase());
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertExactlyAshas(unzip(answer.body()));
        assertAudited(answer, Role.RECEPTIONIST);
    }

    @Test
    void the_doctor_gets_the_same_zip_from_the_api() throws Exception {
        HttpResponse<byte[]> answer = apiGet(TOKENS.get(Role.DOCTOR), api("/patients/" + asha + "/export"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertExactlyAshas(unzip(answer.body()));
        assertAudited(answer, Role.DOCTOR);
    }

    @Test
    void the_patient_exports_their_own_from_the_portal_and_the_api_and_nobody_elses() throws Exception {
        HttpResponse<String> own = BROWSERS.get(Role.PATIENT).get(page("/my-record"));
        assertThat(own.body()).contains("Download my data", page("/my-record/export"));

        HttpResponse<byte[]> fromPage = pageGet(Role.PATIENT, page("/my-record/export"));
        assertThat(fromPage.statusCode()).isEqualTo(200);
        assertExactlyAshas(unzip(fromPage.body()));
        assertAudited(fromPage, Role.PATIENT);

        HttpResponse<byte[]> fromApi = apiGet(TOKENS.get(Role.PATIENT), api("/my-record/export"));
        assertThat(fromApi.statusCode()).isEqualTo(200);
        assertExactlyAshas(unzip(fromApi.body()));

        // staff's route with another patient's id is not the patient's: 403, the same whether it exists or not
        assertThat(pageGet(Role.PATIENT, page("/patients/" + otherPatient + "/export")).statusCode()).isEqualTo(403);
        assertThat(apiGet(TOKENS.get(Role.PATIENT), api("/patients/" + otherPatient + "/export")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void roles_without_the_right_get_403_and_another_clinics_patient_is_a_404() throws Exception {
        for (Role role : List.of(Role.CLINIC_ADMIN, Role.LAB_TECHNICIAN)) {
            assertThat(pageGet(role, page("/patients/" + asha + "/export")).statusCode()).as(role.name()).isEqualTo(403);
            assertThat(apiGet(TOKENS.get(role), api("/patients/" + asha + "/export")).statusCode()).as(role.name())
                    .isEqualTo(403);
        }
        UUID theirs = otherClinic.row("patient");
        HttpResponse<byte[]> other = apiGet(TOKENS.get(Role.RECEPTIONIST), api("/patients/" + theirs + "/export"));
        HttpResponse<byte[]> random = apiGet(TOKENS.get(Role.RECEPTIONIST), api("/patients/" + UUID.randomUUID() + "/export"));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).isEqualTo(new String(random.body(), StandardCharsets.UTF_8));
        assertThat(other.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(pageGet(Role.DOCTOR, page("/patients/" + theirs + "/export")).statusCode()).isEqualTo(404);
        // the other clinic's token on this clinic's export: the unknown clinic's 404
        String theirToken = ApiClient.token(server, db, otherClinic, Role.RECEPTIONIST);
        assertThat(apiGet(theirToken, api("/patients/" + asha + "/export")).statusCode()).isEqualTo(404);
        assertThat(exports(theirs)).isZero();
    }

    private static void assertExactlyAshas(Map<String, byte[]> zip) throws IOException {
        UUID reportFile = clinic.row("stored_file");
        UUID scanFile = db.tenants().inClinic(clinic.id(), tx -> tx.select(MEDICAL_REPORT.FILE_ID).from(MEDICAL_REPORT)
                .where(MEDICAL_REPORT.CLINIC_ID.eq(clinic.id().value()), MEDICAL_REPORT.ID.eq(clinic.row("medical_report")))
                .fetchSingle(MEDICAL_REPORT.FILE_ID));
        assertThat(zip.keySet()).containsExactlyInAnyOrder("patient.json", "files/" + reportFile + ".pdf",
                "files/" + scanFile + ".pdf");
        for (UUID file : List.of(reportFile, scanFile)) {
            assertThat(zip.get("files/" + file + ".pdf")).as("file " + file + " byte for byte").isEqualTo(content(file));
        }
        String text = new String(zip.get("patient.json"), StandardCharsets.UTF_8);
        JsonNode json = Json.MAPPER.readTree(text);
        assertThat(json.get("format").asText()).isEqualTo("santkrupa-patient-export");
        assertThat(json.at("/patient/id").asText()).isEqualTo(asha.toString());
        assertThat(json.at("/patient/first_name").asText()).isEqualTo("Asha");
        assertThat(json.at("/patient/allergies").asText()).isEqualTo("Penicillin");
        assertThat(json.at("/portalAccount/username").asText()).isEqualTo("asha");
        assertThat(ids(json, "visits")).containsExactly(clinic.row("patient_visit").toString());
        assertThat(ids(json, "notes")).containsExactly(clinic.row("doctor_note").toString());
        assertThat(ids(json, "prescriptions")).containsExactly(clinic.row("prescription").toString());
        assertThat(ids(json, "prescriptionItems")).containsExactly(clinic.row("prescription_item").toString());
        assertThat(ids(json, "testOrders")).containsExactly(clinic.row("test_order").toString());
        assertThat(ids(json, "testResults")).containsExactly(clinic.row("test_result").toString());
        assertThat(ids(json, "testOrderCorrections")).containsExactly(clinic.row("test_order_correction").toString());
        assertThat(ids(json, "documents")).containsExactly(clinic.row("medical_report").toString());
        assertThat(json.get("files")).hasSize(2);
        // no other patient, no secret, no search key
        assertThat(text).doesNotContain(OTHER_NAME, OTHER_PHONE, OTHER_FILE_TEXT, otherPatient.toString(),
                otherVisit.toString(), otherFile.toString(), "password_hash", "token_hash", "phone_key", "$argon2");
        for (byte[] entry : zip.values()) {
            assertThat(new String(entry, StandardCharsets.ISO_8859_1)).doesNotContain(OTHER_FILE_TEXT);
        }
    }

    private static List<String> ids(JsonNode json, String section) {
        List<String> ids = new ArrayList<>();
        json.get(section).forEach(row -> ids.add(row.get("id").asText()));
        return ids;
    }

    private static void assertAudited(HttpResponse<byte[]> answer, Role role) {
        String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
        var events = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.ENTITY_ID,
                        AUDIT_EVENT.ACTOR_ROLE, AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId)).fetch());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.value1()).isEqualTo("patient.export");
            assertThat(e.value2()).isEqualTo(asha);
            assertThat(e.value3()).isEqualTo(role.dbValue());
            assertThat(e.value4()).isEmpty();
        });
    }

    private static int exports(UUID patient) {
        return db.tenants().inClinic(otherClinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(otherClinic.id().value()), AUDIT_EVENT.ACTION.eq("patient.export"),
                AUDIT_EVENT.ENTITY_ID.eq(patient)));
    }

    private static byte[] content(UUID file) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(STORED_FILE.CONTENT).from(STORED_FILE)
                .where(STORED_FILE.CLINIC_ID.eq(clinic.id().value()), STORED_FILE.ID.eq(file))
                .fetchSingle(STORED_FILE.CONTENT));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static HttpResponse<byte[]> pageGet(Role role, String path) throws Exception {
        String cookies = BROWSERS.get(role).cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Cookie", cookies).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> apiGet(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String page(String path) {
        return "/clinic/" + clinic.slug() + path;
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }
}
