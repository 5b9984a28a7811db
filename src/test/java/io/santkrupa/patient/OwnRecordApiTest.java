package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import io.santkrupa.web.auth.Principal;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A patient's own record over the API (my-record), through real HTTP against PostgreSQL: the
 * patient reads their details, visits, notes, prescriptions and test reports -- the same
 * representations, pages and audit events as staff reading them, and as the own-record pages
 * write -- and never another patient's: another patient's prescription or order is the 404 of
 * an unknown id with nothing audited. Staff get 403 on my-record, patients 403 on the staff
 * routes, another clinic's patient 404. Every answer is checked against the OpenAPI document.
 */
@ExtendWith(TestDatabaseExtension.class)
class OwnRecordApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SEQUENCE = new AtomicInteger(500);

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static final Map<Role, String> TOKENS = new LinkedHashMap<>();
    private static String doctor;

    /** A patient of {@link #clinic} with a login of their own and a record written by the tests. */
    private record Holder(UUID patientId, UUID userId, String token) {
    }

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
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- the patient's own record

    @Test
    void the_patient_reads_their_own_details_as_staff_read_them_and_whatever_the_query_names() throws Exception {
        UUID asha = clinic.row("patient");
        HttpResponse<String> staff = get(api("/patients/" + asha), doctor);
        int reads = events(clinic, "patient.read", asha, patientUser(), "demographics");

        HttpResponse<String> own = get(api("/my-record?patientId=" + newHolder().patientId()), TOKENS.get(Role.PATIENT));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own)).as("the same representation as GET patients/{id}").isEqualTo(json(staff));
        assertThat(json(own).get("id").asText()).isEqualTo(asha.toString());
        assertThat(own.headers().firstValue("ETag")).isEqualTo(staff.headers().firstValue("ETag"));
        assertThat(events(clinic, "patient.read", asha, patientUser(), "demographics"))
                .as("one read of the patient's own details, by the patient").isEqualTo(reads + 1);
    }

    @Test
    void the_api_reads_are_audited_with_the_events_the_own_record_pages_write() throws Exception {
        UUID asha = clinic.row("patient");
        UUID prescription = clinic.row("prescription");
        UUID order = clinic.row("test_order");
        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.PATIENT);
        String pages = "/clinic/" + clinic.slug() + "/my-record";
        String token = TOKENS.get(Role.PATIENT);

        assertThat(browser.get(pages).statusCode()).isEqualTo(200);
        AuditRow pageRead = lastEvent("patient.read", asha);
        assertThat(get(api("/my-record"), token).statusCode()).isEqualTo(200);
        AuditRow apiRead = lastEvent("patient.read", asha);
        assertThat(apiRead.who()).as("the own-record page's read of the patient").isEqualTo(pageRead.who());
        assertThat(pageRead.detail()).isEqualTo("with clinical data");
        assertThat(apiRead.detail()).as("what was read: the details alone, as GET patients/{id}").isEqualTo("demographics");

        assertThat(browser.get(pages + "/prescriptions/" + prescription).statusCode()).isEqualTo(200);
        AuditRow pagePrescription = lastEvent("prescription.read", prescription);
        assertThat(get(api("/my-record/prescriptions/" + prescription), token).statusCode()).isEqualTo(200);
        assertThat(lastEvent("prescription.read", prescription)).isEqualTo(pagePrescription.next());
        assertThat(pagePrescription.detail()).isEqualTo("own prescription");

        assertThat(browser.get(pages + "/orders/" + order + "/report").statusCode()).isEqualTo(200);
        AuditRow pageDownload = lastEvent("test_order.report_download", order);
        assertThat(download(api("/my-record/test-reports/" + order + "/report"), token).statusCode()).isEqualTo(200);
        assertThat(lastEvent("test_order.report_download", order)).isEqualTo(pageDownload.next());
        assertThat(pageDownload.who()).isEqualTo(new AuditWho(patientUser(), "patient", "success"));
    }

    @Test
    void the_patients_lists_page_like_the_staff_lists_of_their_record_and_each_page_is_an_audited_read()
            throws Exception {
        Holder holder = newHolder();
        UUID patient = holder.patientId();
        List<UUID> visits = new ArrayList<>();
        List<UUID> notes = new ArrayList<>();
        List<UUID> prescriptions = new ArrayList<>();
        List<UUID> reports = new ArrayList<>();
        for (int day = 5; day >= 1; day--) {
            UUID visit = visit(patient, day);
            visits.add(visit);
            if (day <= 3) {
                notes.add(note(patient, visit, day));
                prescriptions.add(prescription(patient, day));
                reports.add(completedOrder(patient, day, day == 3));
            }
        }
        pendingOrder(patient);
        // the fixture patient's record in the same clinic, which must never show
        Set<String> asha = new HashSet<>(idsOfPage(json(get(api("/patients/" + clinic.row("patient") + "/visits"), doctor))));

        List<JsonNode> ownVisits = pages("/my-record/visits", holder.token(), 2, 3);
        List<JsonNode> ownNotes = pages("/my-record/notes", holder.token(), 2, 2);
        List<JsonNode> ownPrescriptions = pages("/my-record/prescriptions", holder.token(), 2, 2);
        List<JsonNode> ownReports = pages("/my-record/test-reports", holder.token(), 2, 2);

        assertThat(ownVisits).extracting(v -> UUID.fromString(v.get("id").asText())).containsExactlyElementsOf(visits);
        assertThat(ownNotes).extracting(n -> UUID.fromString(n.get("id").asText())).containsExactlyElementsOf(notes);
        assertThat(ownPrescriptions).extracting(p -> UUID.fromString(p.get("id").asText()))
                .containsExactlyElementsOf(prescriptions);
        assertThat(ownReports).extracting(t -> UUID.fromString(t.get("id").asText()))
                .as("completed orders only").containsExactlyElementsOf(reports);
        assertThat(ids(ownVisits)).doesNotContainAnyElementsOf(asha);

        assertThat(ownVisits).isEqualTo(all("/patients/" + patient + "/visits", doctor));
        assertThat(ownPrescriptions).isEqualTo(all("/patients/" + patient + "/prescriptions", doctor));
        assertThat(ownReports).isEqualTo(all("/patients/" + patient + "/test-reports", doctor));
        JsonNode newestNote = ownNotes.getFirst();
        assertThat(newestNote.get("diagnosis").asText()).isEqualTo("Diagnosis 3");
        assertThat(newestNote.get("notes").asText()).isEqualTo("Notes 3");
        assertThat(newestNote.get("doctorName").asText()).isEqualTo("doctor");
        assertThat(OffsetDateTime.parse(newestNote.get("recordedAt").asText())).isAtSameInstantAs(at(3).plusMinutes(15));

        // each page, and the one big page, is one read of the patient by the patient: staff reads are not counted
        assertThat(events(clinic, "patient.read", patient, holder.userId(), "demographics")).isEqualTo(3 + 1);
        assertThat(events(clinic, "patient.read", patient, holder.userId(), "with clinical data"))
                .as("notes, prescriptions, test reports: 2 pages + 1 each").isEqualTo(3 * 3);
    }

    @Test
    void the_patient_reads_an_own_prescription_as_staff_read_it_and_downloads_an_own_report() throws Exception {
        Holder holder = newHolder();
        UUID prescription = prescription(holder.patientId(), 2);
        UUID order = completedOrder(holder.patientId(), 2, true);

        HttpResponse<String> own = get(api("/my-record/prescriptions/" + prescription), holder.token());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own)).isEqualTo(json(get(api("/prescriptions/" + prescription), doctor)));
        assertThat(json(own).at("/patient/id").asText()).isEqualTo(holder.patientId().toString());
        assertThat(events(clinic, "prescription.read", prescription, holder.userId(), "own prescription")).isEqualTo(1);

        HttpResponse<byte[]> file = download(api("/my-record/test-reports/" + order + "/report"), holder.token());
        assertThat(file.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> staffFile = download(api("/test-orders/" + order + "/report"), TOKENS.get(Role.LAB_TECHNICIAN));
        assertThat(file.body()).isEqualTo(staffFile.body());
        assertThat(new String(file.body(), StandardCharsets.US_ASCII)).startsWith("%PDF-").contains("cbc.pdf");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"cbc.pdf\"");
        assertThat(events(clinic, "test_order.report_download", order, holder.userId(), "")).isEqualTo(1);
    }

    @Test
    void the_patient_lists_and_downloads_their_own_documents_as_staff_do_and_never_anothers() throws Exception {
        Holder holder = newHolder();
        byte[] referral = io.santkrupa.testing.ReportFileContent.pdf(3_000);
        byte[] xray = io.santkrupa.testing.ReportFileContent.png(5_000);
        UUID older = document(holder.patientId(), "Referral letter", "referral.pdf", "application/pdf", referral, 2);
        UUID newer = document(holder.patientId(), "Chest X-ray", "chest.png", "image/png", xray, 3);

        List<JsonNode> own = pages("/my-record/documents", holder.token(), 1, 2);
        assertThat(own).extracting(d -> UUID.fromString(d.get("id").asText())).containsExactly(newer, older);
        assertThat(own).isEqualTo(all("/patients/" + holder.patientId() + "/documents", doctor));

        HttpResponse<byte[]> file = download(api("/my-record/documents/" + newer + "/file"), holder.token());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(xray);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(events(clinic, "document.download", newer, holder.userId(), "")).isEqualTo(1);

        // the fixture patient's document, an unknown id and a malformed one: the same 404, nothing audited
        int audit = events(clinic, null, null, null, null);
        String unknown = new String(download(api("/my-record/documents/" + UUID.randomUUID() + "/file"), holder.token())
                .body(), StandardCharsets.UTF_8);
        for (String id : List.of(clinic.row("medical_report").toString(), "not-a-uuid")) {
            HttpResponse<byte[]> response = download(api("/my-record/documents/" + id + "/file"), holder.token());
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(id).isEqualTo(unknown);
        }
        assertThat(events(clinic, null, null, null, null)).isEqualTo(audit);
        assertThat(idsOfPage(json(get(api("/my-record/documents"), holder.token()))))
                .doesNotContain(clinic.row("medical_report").toString());
    }

    // ---- never another patient's

    @Test
    void another_patients_prescription_or_report_is_the_404_of_an_unknown_id_and_nothing_is_audited()
            throws Exception {
        Holder holder = newHolder();
        UUID ownPending = pendingOrder(holder.patientId());
        UUID ownWithoutFile = completedOrder(holder.patientId(), 4, false);
        UUID ashasPrescription = clinic.row("prescription");
        UUID ashasOrder = clinic.row("test_order");
        int audit = events(clinic, null, null, null, null);

        String unknownPrescription = notFound(get(api("/my-record/prescriptions/" + UUID.randomUUID()), holder.token()));
        for (String id : List.of(ashasPrescription.toString(), "not-a-uuid")) {
            HttpResponse<String> response = get(api("/my-record/prescriptions/" + id), holder.token());
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(response.body()).as(id).isEqualTo(unknownPrescription);
        }
        String unknownReport = new String(download(api("/my-record/test-reports/" + UUID.randomUUID() + "/report"),
                holder.token()).body(), StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(unknownReport).get("status").asInt()).isEqualTo(404);
        for (UUID id : List.of(ashasOrder, ownPending, ownWithoutFile)) {
            HttpResponse<byte[]> response = download(api("/my-record/test-reports/" + id + "/report"), holder.token());
            assertThat(response.statusCode()).as(id.toString()).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(unknownReport);
        }

        assertThat(events(clinic, null, null, null, null)).as("no read of anyone was audited").isEqualTo(audit);
        // the same ids are there for asha herself: the 404s above were about whose they are
        assertThat(get(api("/my-record/prescriptions/" + ashasPrescription), TOKENS.get(Role.PATIENT)).statusCode())
                .isEqualTo(200);
        assertThat(download(api("/my-record/test-reports/" + ashasOrder + "/report"), TOKENS.get(Role.PATIENT))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void staff_get_403_on_my_record_and_a_patient_gets_403_on_the_staff_routes_of_their_own_record() throws Exception {
        UUID asha = clinic.row("patient");
        List<String> myRecord = myRecordPaths(clinic);
        for (String path : myRecord) {
            for (Role role : Role.values()) {
                HttpResponse<byte[]> response = download(path, TOKENS.get(role));
                assertThat(response.statusCode()).as(role + " GET " + path)
                        .isEqualTo(role == Role.PATIENT ? 200 : 403);
                if (role != Role.PATIENT) {
                    assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain(asha.toString());
                }
            }
            assertThat(download(path, null).statusCode()).as("anonymous GET " + path).isEqualTo(401);
        }

        String patient = TOKENS.get(Role.PATIENT);
        for (String staffPath : List.of("/patients", "/patients/" + asha, "/patients/" + asha + "/visits",
                "/patients/" + asha + "/prescriptions", "/patients/" + asha + "/test-reports",
                "/patients/" + asha + "/documents", "/prescriptions/" + clinic.row("prescription"))) {
            HttpResponse<String> response = get(api(staffPath), patient);
            assertThat(response.statusCode()).as("patient GET " + staffPath).isEqualTo(403);
            assertThat(response.body()).doesNotContain("Asha").doesNotContain("Patil");
        }
        assertThat(download(api("/test-orders/" + clinic.row("test_order") + "/report"), patient).statusCode())
                .isEqualTo(403);
        assertThat(download(api("/patients/" + asha + "/documents/" + clinic.row("medical_report") + "/file"), patient)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void another_clinics_patient_gets_404_on_this_clinics_record_and_with_its_ids_and_nothing_is_audited()
            throws Exception {
        String foreignPatient = ApiClient.token(server, db, other, Role.PATIENT);
        int auditOfA = events(clinic, null, null, null, null);
        int auditOfB = events(other, null, null, null, null);

        for (String path : myRecordPaths(clinic)) {
            HttpResponse<byte[]> response = download(path, foreignPatient);
            assertThat(response.statusCode()).as("B's patient on " + path).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .doesNotContain(clinic.row("patient").toString()).doesNotContain(other.row("patient").toString());
        }
        String bApi = "/clinic/" + other.slug() + "/api/v1/my-record";
        String unknown = notFound(get(bApi + "/prescriptions/" + UUID.randomUUID(), foreignPatient));
        HttpResponse<String> prescriptionOfA = get(bApi + "/prescriptions/" + clinic.row("prescription"), foreignPatient);
        assertThat(prescriptionOfA.statusCode()).isEqualTo(404);
        assertThat(prescriptionOfA.body()).isEqualTo(unknown);
        HttpResponse<byte[]> reportOfA = download(bApi + "/test-reports/" + clinic.row("test_order") + "/report",
                foreignPatient);
        assertThat(reportOfA.statusCode()).isEqualTo(404);
        assertThat(new String(reportOfA.body(), StandardCharsets.UTF_8)).isEqualTo(unknown);

        assertThat(events(clinic, null, null, null, null)).as("A's audit log").isEqualTo(auditOfA);
        assertThat(events(other, null, null, null, null)).as("B's audit log").isEqualTo(auditOfB);
        // and B's patient has a record of their own at B
        HttpResponse<String> own = get(bApi, foreignPatient);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own).get("id").asText()).isEqualTo(other.row("patient").toString());
    }

    @Test
    void bad_paging_parameters_on_the_own_lists_get_400_naming_the_parameter() throws Exception {
        String patient = TOKENS.get(Role.PATIENT);
        for (String list : List.of("visits", "notes", "prescriptions", "test-reports")) {
            HttpResponse<String> limit = get(api("/my-record/" + list + "?limit=101"), patient);
            assertThat(limit.statusCode()).as(list).isEqualTo(400);
            assertThat(fieldErrors(json(limit))).containsExactly("limit");
            HttpResponse<String> cursor = get(api("/my-record/" + list + "?cursor=garbage"), patient);
            assertThat(cursor.statusCode()).as(list).isEqualTo(400);
            assertThat(fieldErrors(json(cursor))).containsExactly("cursor");
        }
    }

    /** Every my-record GET of {@code in}, with the fixture patient's ids. */
    private static List<String> myRecordPaths(Clinic in) {
        String base = "/clinic/" + in.slug() + "/api/v1/my-record";
        return List.of(base, base + "/visits", base + "/notes", base + "/prescriptions",
                base + "/prescriptions/" + in.row("prescription"), base + "/test-reports",
                base + "/test-reports/" + in.row("test_order") + "/report", base + "/documents",
                base + "/documents/" + in.row("medical_report") + "/file");
    }

    // ---- reading pages

    /**
     * Every page of a list, following {@code next} with {@code limit}: asserts the number of pages,
     * no page larger than the limit, no item twice, and that one page big enough holds the same.
     */
    private static List<JsonNode> pages(String list, String token, int limit, int expectedPages) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = list + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor));
            HttpResponse<String> page = get(api(query), token);
            assertThat(page.statusCode()).as(query + " -> " + page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isBetween(1, limit);
            for (JsonNode item : body.get("items")) {
                assertThat(seen.add(item.get("id").asText())).as("seen once: " + item.get("id")).isTrue();
                items.add(item);
            }
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(pages).as(list).isEqualTo(expectedPages);
        assertThat(all(list + "?limit=" + limit * expectedPages, token)).as("one page big enough holds the same")
                .isEqualTo(items);
        return items;
    }

    private static List<JsonNode> all(String list, String token) throws Exception {
        HttpResponse<String> response = get(api(list + (list.contains("?") ? "" : "?limit=100")), token);
        assertThat(response.statusCode()).as(list + " -> " + response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("next").isNull()).isTrue();
        List<JsonNode> items = new ArrayList<>();
        body.get("items").forEach(items::add);
        return items;
    }

    private static List<String> ids(Iterable<JsonNode> items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static List<String> idsOfPage(JsonNode page) {
        return ids(page.get("items"));
    }

    // ---- a patient with a login, and their history, written straight to the database

    private static Holder newHolder() {
        UUID patient = Ids.newId();
        UUID user = Ids.newId();
        int n = SEQUENCE.incrementAndGet();
        String username = "holder-" + n;
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(PATIENT)
                    .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, patient)
                    .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + n)
                    .set(PATIENT.FIRST_NAME, "Record").set(PATIENT.LAST_NAME, "Holder " + n)
                    .set(PATIENT.PHONE, "+91 98200 12345")
                    .execute();
            tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, user)
                    .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                    .set(APP_USER.ROLE, "patient").set(APP_USER.FULL_NAME, "Record Holder " + n)
                    .set(APP_USER.PATIENT_ID, patient)
                    .execute();
            return null;
        });
        // minted as sign-in would: the user's own id and the patient its login is tied to
        String token = server.accessTokens.issue(new Principal(clinic.id(), user, username, Role.PATIENT, patient));
        return new Holder(patient, user, token);
    }

    /** A document of {@code patient} uploaded on {@code day}, as an upload stores one. */
    private static UUID document(UUID patient, String title, String fileName, String contentType, byte[] content,
                                 int day) {
        UUID file = Ids.newId();
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(STORED_FILE)
                    .set(STORED_FILE.CLINIC_ID, clinic.id().value()).set(STORED_FILE.ID, file)
                    .set(STORED_FILE.FILE_NAME, fileName).set(STORED_FILE.CONTENT_TYPE, contentType)
                    .set(STORED_FILE.SIZE_BYTES, content.length)
                    .set(STORED_FILE.SHA256, io.santkrupa.testing.ClinicFixture.sha256(content))
                    .set(STORED_FILE.CONTENT, content)
                    .execute();
            return tx.insertInto(MEDICAL_REPORT)
                    .set(MEDICAL_REPORT.CLINIC_ID, clinic.id().value()).set(MEDICAL_REPORT.ID, id)
                    .set(MEDICAL_REPORT.PATIENT_ID, patient).set(MEDICAL_REPORT.FILE_ID, file)
                    .set(MEDICAL_REPORT.TITLE, title).set(MEDICAL_REPORT.REPORT_TYPE, "other")
                    .set(MEDICAL_REPORT.UPLOADED_BY, ApiClient.userId(db, clinic.id(), "doctor"))
                    .set(MEDICAL_REPORT.UPLOADED_AT, at(day))
                    .execute();
        });
        return id;
    }

    private static OffsetDateTime at(int day) {
        return LocalDate.of(2025, 1, day).atTime(9, 30).atOffset(ZoneOffset.UTC);
    }

    private static UUID visit(UUID patient, int day) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT_VISIT)
                .set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                .set(PATIENT_VISIT.VISIT_DATE, LocalDate.of(2025, 1, day))
                .set(PATIENT_VISIT.TOKEN_NUMBER, SEQUENCE.incrementAndGet())
                .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, "Follow-up " + day)
                .set(PATIENT_VISIT.CHECKED_IN_AT, at(day))
                .execute());
        return id;
    }

    private static UUID note(UUID patient, UUID visit, int day) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(DOCTOR_NOTE)
                .set(DOCTOR_NOTE.CLINIC_ID, clinic.id().value()).set(DOCTOR_NOTE.ID, id)
                .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patient)
                .set(DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor"))
                .set(DOCTOR_NOTE.DIAGNOSIS, "Diagnosis " + day).set(DOCTOR_NOTE.NOTES, "Notes " + day)
                .set(DOCTOR_NOTE.CREATED_AT, at(day).plusMinutes(15))
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
            tx.insertInto(PRESCRIPTION_ITEM)
                    .set(PRESCRIPTION_ITEM.CLINIC_ID, clinic.id().value()).set(PRESCRIPTION_ITEM.ID, Ids.newId())
                    .set(PRESCRIPTION_ITEM.PRESCRIPTION_ID, id).set(PRESCRIPTION_ITEM.POSITION, (short) 1)
                    .set(PRESCRIPTION_ITEM.MEDICINE_ID, clinic.row("medicine"))
                    .set(PRESCRIPTION_ITEM.DOSE, "1 tablet").set(PRESCRIPTION_ITEM.FREQUENCY, "twice a day")
                    .set(PRESCRIPTION_ITEM.DURATION_DAYS, (short) 5)
                    .execute();
            return null;
        });
        return id;
    }

    /** A completed Haemoglobin order with one value; with the fixture's report file when asked. */
    private static UUID completedOrder(UUID patient, int day, boolean withReportFile) {
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
            tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, clinic.id().value()).set(TEST_RESULT.ID, Ids.newId())
                    .set(TEST_RESULT.TEST_ORDER_ID, id).set(TEST_RESULT.LAB_TEST_ID, clinic.row("lab_test"))
                    .set(TEST_RESULT.PARAMETER_ID, clinic.row("lab_test_parameter"))
                    .set(TEST_RESULT.VALUE_NUMERIC, new BigDecimal("13.0"))
                    .set(TEST_RESULT.IS_ABNORMAL, false)
                    .set(TEST_RESULT.ENTERED_BY, ApiClient.userId(db, clinic.id(), "lab"))
                    .execute();
            return null;
        });
        return id;
    }

    private static UUID pendingOrder(UUID patient) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor"))
                .execute());
        return id;
    }

    // ---- the audit log

    private record AuditWho(UUID user, String role, String outcome) {
    }

    /** One event as the tests compare them: who, what and about which record (not when, nor the request). */
    private record AuditRow(AuditWho who, String action, String entityType, UUID entityId, String detail, int count) {

        /** This event after one more like it. */
        AuditRow next() {
            return new AuditRow(who, action, entityType, entityId, detail, count + 1);
        }
    }

    /** The newest event of {@code action} about {@code entity} in the clinic, with how many such events there are. */
    private static AuditRow lastEvent(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> {
            Condition where = DSL.and(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                    AUDIT_EVENT.ENTITY_ID.eq(entity));
            int count = tx.fetchCount(AUDIT_EVENT, where);
            var row = tx.selectFrom(AUDIT_EVENT).where(where)
                    .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc()).limit(1).fetchSingle();
            return new AuditRow(new AuditWho(row.getActorUserId(), row.getActorRole(), row.getOutcome()),
                    row.getAction(), row.getEntityType(), row.getEntityId(), row.getDetail(), count);
        });
    }

    /** Successful events of the clinic, narrowed by each argument that is not null. */
    private static int events(Clinic in, String action, UUID entity, UUID actor, String detail) {
        return db.tenants().inClinic(in.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(in.id().value()),
                action == null ? DSL.noCondition() : AUDIT_EVENT.ACTION.eq(action).and(AUDIT_EVENT.OUTCOME.eq("success")),
                entity == null ? DSL.noCondition() : AUDIT_EVENT.ENTITY_ID.eq(entity),
                actor == null ? DSL.noCondition() : AUDIT_EVENT.ACTOR_USER_ID.eq(actor).and(AUDIT_EVENT.ACTOR_ROLE.eq("patient")),
                detail == null ? DSL.noCondition() : AUDIT_EVENT.DETAIL.eq(detail)));
    }

    private static UUID patientUser() {
        return ApiClient.userId(db, clinic.id(), WebFixture.USERNAMES.get(Role.PATIENT));
    }

    // ---- requests

    /** A GET of the API, its answer checked against the OpenAPI document. */
    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static HttpResponse<byte[]> download(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return OpenApiContract.check(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String notFound(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(404);
        return response.body();
    }
}
