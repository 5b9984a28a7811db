package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.api.OpenApiDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A patient's record over the API, through real HTTP against PostgreSQL: visits, prescriptions,
 * test reports and documents page newest first with a cursor, each read audited like the chart
 * page; documents upload as multipart (checked like lab reports) and download as attachments;
 * roles without the permission get 403, and another clinic's token or ids a 404 with nothing
 * written. Every answer is checked against the OpenAPI document.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientRecordApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger CODES = new AtomicInteger(100);
    private static final byte[] PDF = "%PDF-1.7\n% a discharge summary\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static final Map<Role, String> TOKENS = new LinkedHashMap<>();
    private static String doctor;
    private static JsonNode openApi;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        for (Role role : Role.values()) {
            TOKENS.put(role, ApiClient.token(server, db, clinic, role));
        }
        doctor = TOKENS.get(Role.DOCTOR);
        openApi = OpenApiDocument.load().tree();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void visits_page_newest_first_each_exactly_once_and_every_page_is_an_audited_read() throws Exception {
        UUID patient = newPatient(clinic);
        List<UUID> newestFirst = new ArrayList<>();
        for (int day = 5; day >= 1; day--) {
            newestFirst.add(visit(patient, day));
        }

        List<JsonNode> items = pages("/patients/" + patient + "/visits", TOKENS.get(Role.RECEPTIONIST), 2, 3,
                "RecordVisit");

        assertThat(items).extracting(v -> UUID.fromString(v.get("id").asText())).containsExactlyElementsOf(newestFirst);
        JsonNode newest = items.getFirst();
        assertThat(newest.get("visitDate").asText()).isEqualTo(day(5).toString());
        assertThat(newest.get("status").asText()).isEqualTo("completed");
        assertThat(newest.get("doctorName").asText()).isEqualTo("doctor");
        assertThat(newest.get("reason").asText()).isEqualTo("Follow-up 5");
        assertThat(reads(patient, "demographics")).as("one patient.read per request: 3 pages, then all in one").isEqualTo(4);
    }

    @Test
    void prescriptions_page_newest_first_with_their_items_and_are_audited_as_clinical_reads() throws Exception {
        UUID patient = newPatient(clinic);
        List<UUID> newestFirst = new ArrayList<>();
        for (int day = 3; day >= 1; day--) {
            newestFirst.add(prescription(patient, day));
        }

        List<JsonNode> items = pages("/patients/" + patient + "/prescriptions", doctor, 2, 2, "RecordPrescription");

        assertThat(items).extracting(p -> UUID.fromString(p.get("id").asText())).containsExactlyElementsOf(newestFirst);
        JsonNode newest = items.getFirst();
        assertThat(newest.get("advice").asText()).isEqualTo("Advice 3");
        assertThat(newest.get("visitId").isNull()).isTrue();
        assertThat(newest.get("doctorName").asText()).isEqualTo("doctor");
        assertThat(newest.get("items")).hasSize(2);
        assertThat(newest.at("/items/0/position").asInt()).isEqualTo(1);
        assertThat(newest.at("/items/0/medicine").asText()).isEqualTo("Paracetamol");
        assertThat(newest.at("/items/0/strength").asText()).isEqualTo("500 mg");
        assertThat(newest.at("/items/0/form").asText()).isEqualTo("tablet");
        assertThat(newest.at("/items/1/dose").asText()).isEqualTo("2 tablets");
        assertThat(newest.at("/items/1/durationDays").asInt()).isEqualTo(3);
        newest.get("items").forEach(item -> assertDocumented(item, "RecordPrescriptionItem"));
        assertThat(reads(patient, "with clinical data")).as("2 pages, then all in one").isEqualTo(3);
    }

    @Test
    void test_reports_list_completed_orders_with_values_ranges_and_flags_newest_first() throws Exception {
        UUID patient = newPatient(clinic);
        List<UUID> newestFirst = new ArrayList<>();
        for (int day = 3; day >= 1; day--) {
            newestFirst.add(completedOrder(patient, day, day == 3 ? "11.2" : "13.0", day == 3));
        }
        pendingOrder(patient);

        List<JsonNode> items = pages("/patients/" + patient + "/test-reports", doctor, 2, 2, "TestReport");

        assertThat(items).extracting(t -> UUID.fromString(t.get("id").asText()))
                .as("completed orders only, newest first").containsExactlyElementsOf(newestFirst);
        JsonNode newest = items.getFirst();
        assertThat(newest.get("testName").asText()).isEqualTo("Haemoglobin");
        assertThat(newest.get("hasReportFile").asBoolean()).isTrue();
        assertThat(items.get(1).get("hasReportFile").asBoolean()).isFalse();
        assertThat(newest.get("results")).hasSize(1);
        JsonNode value = newest.at("/results/0");
        assertDocumented(value, "TestReportValue");
        assertThat(value.get("parameter").asText()).isEqualTo("Haemoglobin");
        assertThat(value.get("value").asText()).isEqualTo("11.2");
        assertThat(value.get("unit").asText()).isEqualTo("g/dL");
        assertThat(value.get("normalRange").asText()).isEqualTo("12 – 15.5");
        assertThat(value.get("outOfRange").asBoolean()).isTrue();
        assertThat(items.get(1).at("/results/0/outOfRange").asBoolean()).isFalse();
        assertThat(reads(patient, "with clinical data")).as("2 pages, then all in one").isEqualTo(3);
    }

    @Test
    void a_doctor_uploads_documents_that_list_newest_first_page_by_page_and_download_as_stored() throws Exception {
        UUID patient = newPatient(clinic);
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> created = upload(doctor, patient, fields("Report " + i, "lab", "2026-01-0" + (i + 1),
                    "notes " + i), "report-" + i + ".pdf", PDF);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode document = json(created);
            assertDocumented(document, "PatientDocument");
            assertThat(created.headers().firstValue("Location"))
                    .hasValue(api("/patients/" + patient + "/documents/" + document.get("id").asText() + "/file"));
            uploaded.addFirst(document.get("id").asText());
        }

        List<JsonNode> items = pages("/patients/" + patient + "/documents", doctor, 2, 3, "PatientDocument");

        assertThat(items).extracting(d -> d.get("id").asText()).containsExactlyElementsOf(uploaded);
        JsonNode newest = items.getFirst();
        assertThat(newest.get("title").asText()).isEqualTo("Report 4");
        assertThat(newest.get("reportType").asText()).isEqualTo("lab");
        assertThat(newest.get("reportDate").asText()).isEqualTo("2026-01-05");
        assertThat(newest.get("notes").asText()).isEqualTo("notes 4");
        assertThat(newest.get("fileName").asText()).isEqualTo("report-4.pdf");
        assertThat(newest.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(newest.get("sizeBytes").asInt()).isEqualTo(PDF.length);
        assertThat(reads(patient, "with clinical data")).as("3 pages, then all in one").isEqualTo(4);
        for (String id : uploaded) {
            assertThat(audited("document.upload", UUID.fromString(id))).isEqualTo(1);
        }

        HttpResponse<byte[]> file = download(doctor, patient, UUID.fromString(uploaded.getFirst()));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(PDF);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"report-4.pdf\"");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(audited("document.download", UUID.fromString(uploaded.getFirst()))).isEqualTo(1);
    }

    @Test
    void a_document_is_typed_by_its_content_and_downloads_under_a_safe_name() throws Exception {
        UUID patient = newPatient(clinic);
        Map<String, String> noDate = new LinkedHashMap<>(Map.of("title", "Wound photo", "reportType", "other"));

        HttpResponse<String> created = upload(doctor, patient, noDate, "../../photos/wound.pdf", PNG);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode document = json(created);
        assertThat(document.get("contentType").asText()).as("by its first bytes, not its name").isEqualTo("image/png");
        assertThat(document.get("reportDate").isNull()).isTrue();
        assertThat(document.get("notes").asText()).isEmpty();
        HttpResponse<byte[]> file = download(doctor, patient, UUID.fromString(document.get("id").asText()));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(document.get("fileName").asText()).as("no path, the extension of its type").isEqualTo("wound.pdf.png");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"wound.pdf.png\"");
        assertThat(file.body()).isEqualTo(PNG);
    }

    @Test
    void the_fixtures_document_downloads_for_its_patient_and_is_not_found_under_another_patient() throws Exception {
        UUID report = clinic.row("medical_report");
        HttpResponse<byte[]> file = download(doctor, clinic.row("patient"), report);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.US_ASCII)).startsWith("%PDF-").contains("xray.pdf");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"xray.pdf\"");

        int downloads = audited("document.download", report);
        HttpResponse<byte[]> wrongPatient = download(doctor, newPatient(clinic), report);
        assertThat(wrongPatient.statusCode()).isEqualTo(404);
        assertThat(audited("document.download", report)).as("no download happened").isEqualTo(downloads);
    }

    @Test
    void an_invalid_upload_gets_422_naming_every_field_413_415_or_400_and_stores_nothing() throws Exception {
        UUID patient = newPatient(clinic);
        int files = count(clinic, "stored_file");
        int documents = count(clinic, "medical_report");

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("title", " ");
        bad.put("reportType", "selfie");
        bad.put("reportDate", LocalDate.now().plusDays(2).toString());
        bad.put("notes", "x".repeat(2001));
        bad.put("alergies", "penicillin");
        HttpResponse<String> refused = upload(doctor, patient, bad, "notes.txt", "just text".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(problem)).containsExactlyInAnyOrder("title", "reportType", "reportDate", "notes",
                "alergies", "file");

        HttpResponse<String> noFile = upload(doctor, patient, fields("Scan", "imaging", "", ""), null, null);
        assertThat(noFile.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(noFile))).containsExactly("file");
        HttpResponse<String> empty = upload(doctor, patient, fields("Scan", "imaging", "", ""), "scan.pdf", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(empty))).containsExactly("file");
        HttpResponse<String> badDate = upload(doctor, patient, fields("Scan", "imaging", "14/03/2026", ""), "scan.pdf", PDF);
        assertThat(badDate.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(badDate))).containsExactly("reportDate");

        byte[] tooLarge = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, tooLarge, 0, PDF.length);
        HttpResponse<String> large = upload(doctor, patient, fields("Scan", "imaging", "", ""), "big.pdf", tooLarge);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> asJson = sendChecked(server, "POST", api("/patients/" + patient + "/documents"), doctor,
                "{\"title\":\"Scan\",\"reportType\":\"imaging\"}");
        assertThat(asJson.statusCode()).isEqualTo(415);
        assertThat(asJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        for (String malformed : List.of("multipart/form-data", "multipart/form-data; boundary=nowhere")) {
            // a client of its own: the server may close a connection that sent a malformed body
            HttpResponse<String> unreadable = OpenApiContract.check(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.url(api("/patients/" + patient + "/documents"))))
                    .header("Authorization", "Bearer " + doctor).header("Content-Type", malformed)
                    .POST(HttpRequest.BodyPublishers.ofString("--elsewhere\r\nnot a part")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(unreadable.statusCode()).as(malformed).isEqualTo(400);
            assertThat(unreadable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }

        assertThat(count(clinic, "stored_file")).isEqualTo(files);
        assertThat(count(clinic, "medical_report")).isEqualTo(documents);
        assertThat(audits(clinic, "document.upload", patient)).isZero();
    }

    @Test
    void bad_paging_parameters_get_400_naming_the_parameter() throws Exception {
        String patient = clinic.row("patient").toString();
        for (String list : List.of("visits", "prescriptions", "test-reports", "documents")) {
            HttpResponse<String> limit = get(api("/patients/" + patient + "/" + list + "?limit=0"), doctor);
            assertThat(limit.statusCode()).as(list).isEqualTo(400);
            assertThat(fieldErrors(json(limit))).containsExactly("limit");
            HttpResponse<String> cursor = get(api("/patients/" + patient + "/" + list + "?cursor=garbage"),
                    doctor);
            assertThat(cursor.statusCode()).as(list).isEqualTo(400);
            assertThat(fieldErrors(json(cursor))).containsExactly("cursor");
        }
    }

    @Test
    void each_role_reads_what_its_permission_allows_and_gets_403_otherwise() throws Exception {
        String patient = clinic.row("patient").toString();
        String report = clinic.row("medical_report").toString();
        Map<String, Set<Role>> allowed = new LinkedHashMap<>();
        allowed.put("/visits", Set.of(Role.DOCTOR, Role.RECEPTIONIST));
        allowed.put("/prescriptions", Set.of(Role.DOCTOR));
        allowed.put("/test-reports", Set.of(Role.DOCTOR));
        allowed.put("/documents", Set.of(Role.DOCTOR));
        allowed.put("/documents/" + report + "/file", Set.of(Role.DOCTOR));
        for (var route : allowed.entrySet()) {
            String path = api("/patients/" + patient + route.getKey());
            for (Role role : Role.values()) {
                int status = get(path, TOKENS.get(role)).statusCode();
                assertThat(status).as(role + " GET " + route.getKey()).isEqualTo(route.getValue().contains(role) ? 200 : 403);
            }
            assertThat(get(path, null).statusCode()).as("anonymous GET " + route.getKey()).isEqualTo(401);
        }

        int documents = count(clinic, "medical_report");
        for (Role role : Role.values()) {
            if (role != Role.DOCTOR) {
                HttpResponse<String> refused = upload(TOKENS.get(role), UUID.fromString(patient),
                        fields("Scan", "imaging", "", ""), "scan.pdf", PDF);
                assertThat(refused.statusCode()).as(role + " uploads").isEqualTo(403);
            }
        }
        assertThat(upload(null, UUID.fromString(patient), fields("Scan", "imaging", "", ""), "scan.pdf", PDF).statusCode())
                .isEqualTo(401);
        assertThat(count(clinic, "medical_report")).isEqualTo(documents);
    }

    @Test
    void another_clinics_token_or_ids_get_the_404_of_an_unknown_id_and_nothing_is_written() throws Exception {
        String foreignDoctor = ApiClient.token(server, db, other, Role.DOCTOR);
        UUID patientOfA = clinic.row("patient");
        UUID reportOfA = clinic.row("medical_report");
        List<String> reads = List.of("/visits", "/prescriptions", "/test-reports", "/documents",
                "/documents/" + reportOfA + "/file");
        int auditOfA = audits(clinic, null, null);
        int auditOfB = audits(other, null, null);
        int filesOfA = count(clinic, "stored_file");
        int filesOfB = count(other, "stored_file");

        // B's token on A's URLs
        for (String read : reads) {
            HttpResponse<String> response = get(api("/patients/" + patientOfA + read), foreignDoctor);
            assertThat(response.statusCode()).as("B's token on A's " + read).isEqualTo(404);
            assertThat(response.body()).doesNotContain(patientOfA.toString());
        }
        assertThat(upload(foreignDoctor, patientOfA, fields("Scan", "imaging", "", ""), "scan.pdf", PDF).statusCode())
                .isEqualTo(404);

        // B's own API with A's ids: the very answer of ids that exist nowhere
        String unknown = bodyOf(get("/clinic/" + other.slug() + "/api/v1/patients/" + UUID.randomUUID()
                + "/visits", foreignDoctor));
        for (String read : reads) {
            HttpResponse<String> response = ApiClient.get(server,
                    "/clinic/" + other.slug() + "/api/v1/patients/" + patientOfA + read, foreignDoctor);
            assertThat(response.statusCode()).as("B's API with A's " + read).isEqualTo(404);
            assertThat(response.body()).as(read).isEqualTo(unknown);
        }
        HttpResponse<byte[]> reportUnderBsPatient = OpenApiContract.check(HTTP.send(HttpRequest.newBuilder(URI.create(server.url(
                        "/clinic/" + other.slug() + "/api/v1/patients/" + other.row("patient") + "/documents/" + reportOfA
                                + "/file"))).header("Authorization", "Bearer " + foreignDoctor).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        assertThat(reportUnderBsPatient.statusCode()).as("A's document under B's patient").isEqualTo(404);
        HttpResponse<String> uploadToA = uploadTo("/clinic/" + other.slug() + "/api/v1/patients/" + patientOfA + "/documents",
                foreignDoctor, fields("Scan", "imaging", "", ""), "scan.pdf", PDF);
        assertThat(uploadToA.statusCode()).isEqualTo(404);
        assertThat(uploadToA.body()).isEqualTo(unknown);

        assertThat(audits(clinic, null, null)).as("A's audit log").isEqualTo(auditOfA);
        assertThat(audits(other, null, null)).as("B's audit log").isEqualTo(auditOfB);
        assertThat(count(clinic, "stored_file")).isEqualTo(filesOfA);
        assertThat(count(other, "stored_file")).isEqualTo(filesOfB);
    }

    // ---- reading pages

    /**
     * Every page of a list, following {@code next} with {@code limit}: asserts the number of pages,
     * that no page is larger than the limit, that every item is documented by {@code schema}, and
     * that no item comes twice.
     */
    private static List<JsonNode> pages(String list, String token, int limit, int expectedPages, String schema)
            throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = list + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor));
            HttpResponse<String> page = get(api(query), token);
            assertThat(page.statusCode()).as(query + " -> " + page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(fieldNames(body)).containsExactly("items", "next");
            assertThat(body.get("items").size()).isBetween(1, limit);
            for (JsonNode item : body.get("items")) {
                assertDocumented(item, schema);
                assertThat(ids.add(item.get("id").asText())).as("seen once: " + item.get("id")).isTrue();
                items.add(item);
            }
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(pages).isEqualTo(expectedPages);
        assertThat(body(list + "?limit=" + limit * expectedPages, token)).extracting(i -> i.get("id").asText())
                .as("one page big enough holds the same items in the same order")
                .containsExactlyElementsOf(items.stream().map(i -> i.get("id").asText()).toList());
        return items;
    }

    private static List<JsonNode> body(String query, String token) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        json(get(api(query), token)).get("items").forEach(items::add);
        return items;
    }

    /** The item has exactly the properties its schema in the OpenAPI document lists, all required. */
    private static void assertDocumented(JsonNode item, String schema) {
        JsonNode documented = openApi.at("/components/schemas/" + schema);
        assertThat(documented.isMissingNode()).as(schema + " in the OpenAPI document").isFalse();
        List<String> required = new ArrayList<>();
        documented.get("required").forEach(r -> required.add(r.asText()));
        assertThat(fieldNames(documented.get("properties"))).containsExactlyInAnyOrderElementsOf(required);
        assertThat(fieldNames(item)).as(schema).containsExactlyInAnyOrderElementsOf(required);
    }

    // ---- the patient's history, written straight to the database

    private static UUID newPatient(Clinic in) {
        UUID id = Ids.newId();
        db.tenants().inClinic(in.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, in.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + in.code() + "-2026-" + CODES.incrementAndGet())
                .set(PATIENT.FIRST_NAME, "Record").set(PATIENT.LAST_NAME, "Holder")
                .set(PATIENT.PHONE, "+91 98200 12345")
                .execute());
        return id;
    }

    private static LocalDate day(int n) {
        return LocalDate.of(2025, 1, n);
    }

    private static OffsetDateTime at(int day) {
        return day(day).atTime(9, 30).atOffset(ZoneOffset.UTC);
    }

    private static UUID visit(UUID patient, int day) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT_VISIT)
                .set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                .set(PATIENT_VISIT.VISIT_DATE, day(day)).set(PATIENT_VISIT.TOKEN_NUMBER, CODES.incrementAndGet())
                .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, "Follow-up " + day)
                .set(PATIENT_VISIT.CHECKED_IN_AT, at(day))
                .execute());
        return id;
    }

    private static UUID prescription(UUID patient, int day) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(PRESCRIPTION)
                    .set(PRESCRIPTION.CLINIC_ID, clinic.id().value()).set(PRESCRIPTION.ID, id)
                    .set(PRESCRIPTION.PATIENT_ID, patient).set(PRESCRIPTION.DOCTOR_ID, clinic.row("doctor"))
                    .set(PRESCRIPTION.ADVICE, "Advice " + day).set(PRESCRIPTION.PRESCRIBED_AT, at(day))
                    .execute();
            for (short position = 1; position <= 2; position++) {
                tx.insertInto(PRESCRIPTION_ITEM)
                        .set(PRESCRIPTION_ITEM.CLINIC_ID, clinic.id().value()).set(PRESCRIPTION_ITEM.ID, Ids.newId())
                        .set(PRESCRIPTION_ITEM.PRESCRIPTION_ID, id).set(PRESCRIPTION_ITEM.POSITION, position)
                        .set(PRESCRIPTION_ITEM.MEDICINE_ID, clinic.row("medicine"))
                        .set(PRESCRIPTION_ITEM.DOSE, position + (position == 1 ? " tablet" : " tablets"))
                        .set(PRESCRIPTION_ITEM.FREQUENCY, "twice a day")
                        .set(PRESCRIPTION_ITEM.DURATION_DAYS, (short) (position == 1 ? 5 : 3))
                        .execute();
            }
            return null;
        });
        return id;
    }

    private static UUID completedOrder(UUID patient, int day, String value, boolean withReportFile) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                    .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                    .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.STATUS, "completed")
                    .set(TEST_ORDER.ORDERED_AT, at(day).minusHours(2))
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, at(day).minusHours(1))
                    .set(TEST_ORDER.COMPLETED_AT, at(day))
                    .set(TEST_ORDER.REPORT_FILE_ID, withReportFile ? clinic.row("stored_file") : null)
                    .execute();
            BigDecimal number = new BigDecimal(value);
            tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, clinic.id().value()).set(TEST_RESULT.ID, Ids.newId())
                    .set(TEST_RESULT.TEST_ORDER_ID, id).set(TEST_RESULT.LAB_TEST_ID, clinic.row("lab_test"))
                    .set(TEST_RESULT.PARAMETER_ID, clinic.row("lab_test_parameter"))
                    .set(TEST_RESULT.VALUE_NUMERIC, number)
                    .set(TEST_RESULT.IS_ABNORMAL, number.compareTo(new BigDecimal("12")) < 0)
                    .set(TEST_RESULT.FLAG, number.compareTo(new BigDecimal("12")) < 0 ? "low" : "normal")
                    .set(TEST_RESULT.ENTERED_BY, ApiClient.userId(db, clinic.id(), "lab"))
                    .execute();
            return null;
        });
        return id;
    }

    private static void pendingOrder(UUID patient) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, Ids.newId())
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor"))
                .execute());
    }

    // ---- counting what was written

    /** The patient.read events of {@code patient} with this detail. */
    private static int reads(UUID patient, String detail) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("patient.read"),
                AUDIT_EVENT.ENTITY_TYPE.eq("patient"), AUDIT_EVENT.ENTITY_ID.eq(patient),
                AUDIT_EVENT.OUTCOME.eq("success"), AUDIT_EVENT.DETAIL.eq(detail),
                AUDIT_EVENT.ACTOR_ROLE.isNotNull()));
    }

    private static int audited(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_TYPE.eq("medical_report"), AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }

    /** Audit events of the clinic, of {@code action} (any when null) for documents of {@code patient} (any when null). */
    private static int audits(Clinic in, String action, UUID patient) {
        return db.tenants().inClinic(in.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(in.id().value()),
                action == null ? org.jooq.impl.DSL.noCondition() : AUDIT_EVENT.ACTION.eq(action),
                patient == null ? org.jooq.impl.DSL.noCondition() : AUDIT_EVENT.ENTITY_ID.in(
                        org.jooq.impl.DSL.select(MEDICAL_REPORT.ID).from(MEDICAL_REPORT)
                                .where(MEDICAL_REPORT.CLINIC_ID.eq(in.id().value()), MEDICAL_REPORT.PATIENT_ID.eq(patient)))));
    }

    private static int count(Clinic in, String table) {
        ClinicId id = in.id();
        return db.tenants().inClinic(id, tx -> switch (table) {
            case "stored_file" -> tx.fetchCount(STORED_FILE, STORED_FILE.CLINIC_ID.eq(id.value()));
            case "medical_report" -> tx.fetchCount(MEDICAL_REPORT, MEDICAL_REPORT.CLINIC_ID.eq(id.value()));
            default -> throw new IllegalArgumentException(table);
        });
    }

    // ---- requests

    private static Map<String, String> fields(String title, String type, String date, String notes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("reportType", type);
        if (!date.isEmpty()) {
            fields.put("reportDate", date);
        }
        if (!notes.isEmpty()) {
            fields.put("notes", notes);
        }
        return fields;
    }

    private static HttpResponse<String> upload(String token, UUID patient, Map<String, String> fields, String fileName,
                                               byte[] content) throws Exception {
        return uploadTo(api("/patients/" + patient + "/documents"), token, fields, fileName, content);
    }

    /** A multipart/form-data POST: the text fields, then (unless {@code content} is null) the part "file". */
    private static HttpResponse<String> uploadTo(String path, String token, Map<String, String> fields, String fileName,
                                                 byte[] content) throws Exception {
        String boundary = "----santkrupa" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n");
        }
        if (content != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A")
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.write(content);
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return OpenApiContract.check(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A GET of the API, its answer checked against the OpenAPI document. */
    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static HttpResponse<String> sendChecked(WebTestServer server, String method, String path, String token,
                                                    String body) {
        return OpenApiContract.check(ApiClient.send(server, method, path, token, body));
    }

    private static HttpResponse<byte[]> download(String token, UUID patient, UUID report) throws Exception {
        return OpenApiContract.check(HTTP.send(HttpRequest.newBuilder(URI.create(server.url(api("/patients/" + patient
                        + "/documents/" + report + "/file")))).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static void write(ByteArrayOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String bodyOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(404);
        return response.body();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
