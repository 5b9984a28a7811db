package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.StoredFiles;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test orders over the API, through real HTTP against PostgreSQL: ordered by the visit's doctor,
 * worked by the lab (work list in keyset pages, sample, results with If-Match and range flags,
 * completion, report file by content type and size, download), each write audited like the lab's
 * pages, and refused to other roles and other clinics with nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class TestOrderApiTest {

    private static final byte[] PDF = "%PDF-1.4\n% a lab report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String doctor;
    private static String lab;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
        lab = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_visits_doctor_orders_tests_one_order_each_audited_and_on_the_labs_work_list() throws Exception {
        UUID visit = visit(clinic, "in_consultation");
        UUID sugar = ConsultationFixture.labTest(db, clinic, "FBS-" + suffix(), "Fasting sugar", true);

        String body = order(visit, List.of(clinic.row("lab_test"), sugar), "Tired");
        OpenApiContract.served().verifyRequest("POST", api("/test-orders"), body);
        HttpResponse<String> created = post(doctor, body, Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode orders = json(created).get("orders");
        assertThat(orders).hasSize(2);
        assertThat(orders.findValuesAsText("status")).containsOnly("ordered");
        assertThat(orders.get(0).get("clinicalNotes").asText()).isEqualTo("Tired");
        assertThat(created.headers().firstValue("Location"))
                .hasValue(api("/test-orders/" + orders.get(0).get("id").asText()));
        for (JsonNode o : orders) {
            UUID id = UUID.fromString(o.get("id").asText());
            assertThat(audited(clinic, "test_order.create", id)).isEqualTo(1);
            HttpResponse<String> read = get(api("/test-orders/" + id), lab);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(json(read).get("status").asText()).isEqualTo("ordered");
        }
        assertThat(ordersOf(clinic, visit)).isEqualTo(2);

        // the same test again while the first is open: the consultation page's refusal
        HttpResponse<String> twice = post(doctor, order(visit, List.of(sugar), ""), Map.of());
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(twice))).containsExactly("labTestIds");
        assertThat(ordersOf(clinic, visit)).isEqualTo(2);
    }

    @Test
    void invalid_orders_get_422_naming_the_field_and_visits_not_in_consultation_409() throws Exception {
        UUID visit = visit(clinic, "in_consultation");
        UUID inactive = ConsultationFixture.labTest(db, clinic, "OLD-" + suffix(), "Retired test", false);

        assertThat(fieldErrors(json(post(doctor, order(visit, List.of(), ""), Map.of())))).containsExactly("labTestIds");
        assertThat(fieldErrors(json(post(doctor, order(visit, List.of(inactive), ""), Map.of())))).containsExactly("labTestIds");
        assertThat(fieldErrors(json(post(doctor, order(visit, List.of(other.row("lab_test")), ""), Map.of()))))
                .containsExactly("labTestIds");
        assertThat(fieldErrors(json(post(doctor, order(visit, List.of(clinic.row("lab_test")), "x".repeat(1001)), Map.of()))))
                .containsExactly("clinicalNotes");
        HttpResponse<String> unknownVisit = post(doctor, order(UUID.randomUUID(), List.of(clinic.row("lab_test")), ""), Map.of());
        assertThat(unknownVisit.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknownVisit))).containsExactly("visitId");
        HttpResponse<String> misspelt = post(doctor, "{\"visitId\":\"" + visit + "\",\"labTests\":[]}", Map.of());
        assertThat(misspelt.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(misspelt))).containsExactly("labTests");
        assertThat(ordersOf(clinic, visit)).isZero();

        UUID waiting = visit(clinic, "waiting");
        HttpResponse<String> notStarted = post(doctor, order(waiting, List.of(clinic.row("lab_test")), ""), Map.of());
        assertThat(notStarted.statusCode()).isEqualTo(409);
        assertThat(ordersOf(clinic, waiting)).isZero();
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_orders_once() throws Exception {
        UUID visit = visit(clinic, "in_consultation");
        String body = order(visit, List.of(clinic.row("lab_test")), "");
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = post(doctor, body, Map.of("Idempotency-Key", key));
        HttpResponse<String> retry = post(doctor, body, Map.of("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ordersOf(clinic, visit)).isEqualTo(1);
    }

    @Test
    void the_work_list_pages_through_every_open_order_once_oldest_first_and_filters_by_status() throws Exception {
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        String busyLab = ApiClient.token(server, db, busy, Role.LAB_TECHNICIAN);
        OffsetDateTime start = OffsetDateTime.parse("2026-03-01T09:00:00Z");
        List<String> open = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two orders share each time: the id breaks the tie
            open.add(newOrder(busy, "ordered", start.plusMinutes(i / 2)).toString());
        }
        UUID collected = UUID.fromString(open.get(5));
        assertThat(send("POST", api(busy, "/test-orders/" + collected + "/collect"), busyLab, null, Map.of())
                .statusCode()).isEqualTo(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = ApiClient.get(server,
                    api(busy, "/test-orders?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)), busyLab);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isLessThanOrEqualTo(3);
            body.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        // oldest first, the id breaking ties; the fixture's completed order is not on the list, the collected one is
        List<String> expected = new ArrayList<>(open);
        expected.sort(java.util.Comparator.<String>comparingInt(id -> open.indexOf(id) / 2).thenComparing(UUID::fromString));
        assertThat(seen).containsExactlyElementsOf(expected);

        JsonNode waiting = json(get(api(busy, "/test-orders?status=ordered&limit=100"), busyLab));
        assertThat(ids(waiting)).hasSize(6).doesNotContain(collected.toString());
        JsonNode sampled = json(get(api(busy, "/test-orders?status=sample_collected"), busyLab));
        assertThat(ids(sampled)).containsExactly(collected.toString());
        assertThat(sampled.get("next").isNull()).isTrue();

        HttpResponse<String> badStatus = get(api(busy, "/test-orders?status=cancelled"), busyLab);
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(fieldErrors(json(badStatus))).containsExactly("status");
        HttpResponse<String> badCursor = get(api(busy, "/test-orders?cursor=garbage"), busyLab);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(fieldErrors(json(badCursor))).containsExactly("cursor");
        assertThat(get(api(busy, "/test-orders?limit=101"), busyLab).statusCode()).isEqualTo(400);
    }

    @Test
    void the_lab_collects_enters_results_with_if_match_and_completes_the_order() throws Exception {
        UUID order = newOrder(clinic, "ordered", OffsetDateTime.now());
        String path = api("/test-orders/" + order);
        UUID haemoglobin = clinic.row("lab_test_parameter");

        // results before the sample: the page's refusal
        JsonNode fresh = json(get(path, lab));
        HttpResponse<String> early = putResults(order, "\"" + fresh.get("version").asInt() + "\"", results(haemoglobin, "13.1", false));
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);

        HttpResponse<String> collected = send("POST", path + "/collect", lab, null, Map.of());
        assertThat(collected.statusCode()).as(collected.body()).isEqualTo(200);
        JsonNode afterCollect = json(collected);
        assertThat(afterCollect.get("status").asText()).isEqualTo("sample_collected");
        assertThat(afterCollect.get("sampleCollectedAt").isNull()).isFalse();
        int version = afterCollect.get("version").asInt();
        assertThat(version).isGreaterThan(fresh.get("version").asInt());
        assertThat(collected.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
        assertThat(audited(clinic, "test_order.collect", order)).isEqualTo(1);
        assertThat(send("POST", path + "/collect", lab, null, Map.of()).statusCode()).isEqualTo(409);

        assertThat(putResults(order, null, results(haemoglobin, "11.2", false)).statusCode()).isEqualTo(428);
        HttpResponse<String> stale = putResults(order, "\"" + (version - 1) + "\"", results(haemoglobin, "11.2", false));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(resultsOf(order)).isZero();

        HttpResponse<String> invalid = putResults(order, "\"" + version + "\"", results(haemoglobin, "eleven", false));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(invalid))).containsExactly("results[0].value");
        HttpResponse<String> unknown = putResults(order, "\"" + version + "\"",
                "{\"results\":[{\"parameterId\":\"" + UUID.randomUUID() + "\",\"value\":1}]}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknown))).containsExactly("results[0].parameterId");
        assertThat(resultsOf(order)).isZero();

        String entry = "{\"results\":[{\"parameterId\":\"" + haemoglobin + "\",\"value\":11.2}],\"remarks\":\"Haemolysed slightly\"}";
        OpenApiContract.served().verifyRequest("PUT", path + "/results", entry);
        HttpResponse<String> saved = putResults(order, "\"" + version + "\"", entry);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode afterSave = json(saved);
        assertThat(afterSave.get("status").asText()).isEqualTo("sample_collected");
        assertThat(afterSave.get("remarks").asText()).isEqualTo("Haemolysed slightly");
        assertThat(afterSave.at("/parameters/0/result/value").decimalValue()).isEqualByComparingTo("11.2");
        assertThat(afterSave.at("/parameters/0/result/abnormal").asBoolean()).as("below 12.0").isTrue();
        assertThat(afterSave.at("/parameters/0/normalLow").decimalValue()).isEqualByComparingTo("12");
        assertThat(audited(clinic, "test_order.results", order)).isEqualTo(1);

        // a technician still holding the first version overwrites nothing
        HttpResponse<String> lostUpdate = putResults(order, "\"" + version + "\"", results(haemoglobin, "99", true));
        assertThat(lostUpdate.statusCode()).isEqualTo(412);

        int current = afterSave.get("version").asInt();
        HttpResponse<String> completed = putResults(order, "\"" + current + "\"", results(haemoglobin, "13.4", true));
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(json(completed).get("status").asText()).isEqualTo("completed");
        assertThat(json(completed).at("/parameters/0/result/abnormal").asBoolean()).isFalse();
        assertThat(audited(clinic, "test_order.complete", order)).isEqualTo(1);
        int done = json(completed).get("version").asInt();
        assertThat(putResults(order, "\"" + done + "\"", results(haemoglobin, "14", false)).statusCode()).isEqualTo(409);
    }

    @Test
    void the_report_file_is_checked_by_content_and_size_then_attached_and_downloaded_with_audit() throws Exception {
        UUID order = newOrder(clinic, "ordered", OffsetDateTime.now());
        String path = api("/test-orders/" + order + "/report");

        assertThat(upload(path, lab, "report.pdf", PDF).statusCode()).as("before the sample").isEqualTo(409);
        assertThat(send("POST", api("/test-orders/" + order + "/collect"), lab, null, Map.of())
                .statusCode()).isEqualTo(200);

        HttpResponse<String> disguised = upload(path, lab, "report.pdf", "just text, named .pdf".getBytes(StandardCharsets.UTF_8));
        assertThat(disguised.statusCode()).isEqualTo(415);
        assertThat(disguised.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        byte[] huge = Arrays.copyOf(PDF, 10 * 1024 * 1024 + 1);
        assertThat(upload(path, lab, "huge.pdf", huge).statusCode()).isEqualTo(413);
        assertThat(send("POST", path, lab, "{}", Map.of()).statusCode()).isEqualTo(415);
        HttpResponse<String> broken = OpenApiContract.check(HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + lab)
                .header("Content-Type", "multipart/form-data; boundary=nowhere")
                .POST(HttpRequest.BodyPublishers.ofString("not multipart at all")).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        HttpResponse<String> noFile = upload(path, lab, null, PDF);
        assertThat(noFile.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(noFile))).containsExactly("report");
        assertThat(reportOf(order)).isNull();
        assertThat(get(path, lab).statusCode()).as("no report yet").isEqualTo(404);

        HttpResponse<String> attached = upload(path, lab, "cbc result.pdf", PDF);
        assertThat(attached.statusCode()).as(attached.body()).isEqualTo(200);
        assertThat(json(attached).get("hasReport").asBoolean()).isTrue();
        assertThat(json(attached).get("reportFileName").asText()).isEqualTo("cbc result.pdf");
        assertThat(audited(clinic, "test_order.report_upload", order)).isEqualTo(1);

        HttpResponse<byte[]> download = OpenApiContract.check(HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + lab).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/pdf"));
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename=\"cbc_result.pdf\""));
        assertThat(audited(clinic, "test_order.report_download", order)).isEqualTo(1);
    }

    @Test
    void roles_without_the_permission_get_403_and_no_token_401() {
        String order = api("/test-orders/" + clinic.row("test_order"));
        UUID visit = visit(clinic, "in_consultation");
        String orderBody = order(visit, List.of(clinic.row("lab_test")), "");
        for (Role role : List.of(Role.DOCTOR, Role.RECEPTIONIST, Role.CLINIC_ADMIN, Role.PATIENT)) {
            String token = ApiClient.token(server, db, clinic, role);
            assertThat(get(api("/test-orders"), token).statusCode()).as(role + " list").isEqualTo(403);
            assertThat(get(order, token).statusCode()).as(role + " read").isEqualTo(403);
            assertThat(send("POST", order + "/collect", token, null, Map.of()).statusCode())
                    .as(role + " collect").isEqualTo(403);
            assertThat(get(order + "/report", token).statusCode()).as(role + " download").isEqualTo(403);
        }
        for (Role role : List.of(Role.LAB_TECHNICIAN, Role.RECEPTIONIST, Role.CLINIC_ADMIN, Role.PATIENT)) {
            String token = ApiClient.token(server, db, clinic, role);
            assertThat(post(token, orderBody, Map.of()).statusCode()).as(role + " orders").isEqualTo(403);
        }
        assertThat(get(api("/test-orders"), null).statusCode()).isEqualTo(401);
        assertThat(post(null, orderBody, Map.of()).statusCode()).isEqualTo(401);
        assertThat(ordersOf(clinic, visit)).isZero();
    }

    @Test
    void another_clinics_token_or_order_ids_get_404_and_change_nothing() throws Exception {
        String foreignLab = ApiClient.token(server, db, other, Role.LAB_TECHNICIAN);
        UUID order = newOrder(clinic, "ordered", OffsetDateTime.now());
        String apiOfB = "/clinic/" + other.slug() + "/api/v1/test-orders/" + order;
        String unknownInB = "/clinic/" + other.slug() + "/api/v1/test-orders/" + UUID.randomUUID();

        assertThat(get(api("/test-orders"), foreignLab).statusCode()).isEqualTo(404);
        assertThat(get(api("/test-orders/" + order), foreignLab).statusCode()).isEqualTo(404);
        HttpResponse<String> read = get(apiOfB, foreignLab);
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).isEqualTo(get(unknownInB, foreignLab).body());
        assertThat(send("POST", apiOfB + "/collect", foreignLab, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(send("PUT", apiOfB + "/results", foreignLab,
                results(clinic.row("lab_test_parameter"), "13", true), Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(404);
        assertThat(upload(apiOfB + "/report", foreignLab, "r.pdf", PDF).statusCode()).isEqualTo(404);
        assertThat(get("/clinic/" + other.slug() + "/api/v1/test-orders/" + clinic.row("test_order")
                + "/report", foreignLab).statusCode()).isEqualTo(404);
        HttpResponse<String> list = get("/clinic/" + other.slug() + "/api/v1/test-orders?limit=100", foreignLab);
        assertThat(list.body()).doesNotContain(order.toString());

        assertThat(status(order)).isEqualTo("ordered");
        assertThat(resultsOf(order)).isZero();
        assertThat(reportOf(order)).isNull();
    }

    @Test
    void a_report_uploaded_again_replaces_the_stored_file_and_leaves_none_behind() throws Exception {
        Clinic own = WebFixture.clinicWithLogins(db, server.hasher);
        String ownLab = ApiClient.token(server, db, own, Role.LAB_TECHNICIAN);
        UUID order = newOrder(own, "ordered", OffsetDateTime.now());
        assertThat(send("POST", api(own, "/test-orders/" + order + "/collect"), ownLab, null, Map.of()).statusCode())
                .isEqualTo(200);
        String path = api(own, "/test-orders/" + order + "/report");
        int before = StoredFiles.count(db, own);
        byte[] second = ReportFileContent.pdf(20_000);

        assertThat(upload(path, ownLab, "first.pdf", PDF).statusCode()).isEqualTo(200);
        HttpResponse<String> again = upload(path, ownLab, "second.pdf", second);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("reportFileName").asText()).isEqualTo("second.pdf");
        assertThat(StoredFiles.reportOf(db, own, order)).isEqualTo(second);
        assertThat(StoredFiles.count(db, own)).as("the order keeps one file").isEqualTo(before + 1);
        assertThat(StoredFiles.unreferenced(db, own)).isEmpty();
    }

    /** An order of the fixture's haemoglobin test (normal 12.0 - 15.5 g/dL) for the fixture patient. */
    private static UUID newOrder(Clinic c, String status, OffsetDateTime orderedAt) {
        UUID id = Ids.newId();
        db.tenants().inClinic(c.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, c.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, c.row("patient")).set(TEST_ORDER.LAB_TEST_ID, c.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, c.row("doctor")).set(TEST_ORDER.STATUS, status)
                .set(TEST_ORDER.ORDERED_AT, orderedAt)
                .execute());
        return id;
    }

    private static UUID visit(Clinic c, String status) {
        UUID patient = ConsultationFixture.patient(db, server.hasher, c, "Lab", null);
        return ConsultationFixture.visit(db, c, patient, c.row("doctor"), server.clock.clinicToday(), status, OffsetDateTime.now());
    }

    private static String order(UUID visit, List<UUID> tests, String notes) {
        return Json.write(Map.of("visitId", visit.toString(), "labTestIds", tests.stream().map(UUID::toString).toList(),
                "clinicalNotes", notes));
    }

    private static String results(UUID parameter, String value, boolean complete) {
        return "{\"results\":[{\"parameterId\":\"" + parameter + "\",\"value\":\"" + value + "\"}],\"complete\":" + complete + "}";
    }

    private static HttpResponse<String> putResults(UUID order, String ifMatch, String body) {
        return send("PUT", api("/test-orders/" + order + "/results"), lab, body,
                ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        return send("POST", api("/test-orders"), token, body, headers);
    }

    /** A multipart/form-data upload: the file in field {@code report}, or (fileName null) only a text field. */
    private static HttpResponse<String> upload(String path, String token, String fileName, byte[] content) throws IOException,
            InterruptedException {
        String boundary = "----santkrupa" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (fileName == null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nno file\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return OpenApiContract.check(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Every answer is checked against the OpenAPI document, as a generated client would read it. */
    private static HttpResponse<String> send(String method, String path, String token, String body,
                                             Map<String, String> headers) {
        return OpenApiContract.check(ApiClient.send(server, method, path, token, body, headers));
    }

    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static String api(String path) {
        return api(clinic, path);
    }

    private static String api(Clinic c, String path) {
        return "/clinic/" + c.slug() + "/api/v1" + path;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    /** The ids of a page's orders. */
    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static int ordersOf(Clinic c, UUID visit) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(TEST_ORDER,
                TEST_ORDER.CLINIC_ID.eq(c.id().value()), TEST_ORDER.VISIT_ID.eq(visit)));
    }

    private static int resultsOf(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(TEST_RESULT,
                TEST_RESULT.CLINIC_ID.eq(clinic.id().value()), TEST_RESULT.TEST_ORDER_ID.eq(order)));
    }

    private static UUID reportOf(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.REPORT_FILE_ID).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(order))
                .fetchSingle(TEST_ORDER.REPORT_FILE_ID));
    }

    private static String status(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.STATUS).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(order))
                .fetchSingle(TEST_ORDER.STATUS));
    }

    private static int audited(Clinic c, String action, UUID entity) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(c.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }
}
