package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.StoredFiles;
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

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the lab's results and corrections, each at its limit and on its own, through real
 * HTTP: the numbers and texts a result may hold, the file a save or a correction may carry, what
 * completing names as missing, when a report may be attached, the reason a correction needs, the
 * remarks it keeps, and the words each write is audited with.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabResultRulesTest {

    /** Neither a PDF nor an image: what a wrong pick in the file dialog sends. */
    private static final byte[] NOT_A_REPORT = "Patient name, Hb 12.1 g/dL\n".getBytes(StandardCharsets.UTF_8);

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static String lab;
    private static UUID labTest;
    /** The panel's parameters by name, in their order on the form. */
    private static final Map<String, UUID> PARAMETERS = new LinkedHashMap<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        lab = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        labTest = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(LAB_TEST).set(LAB_TEST.CLINIC_ID, clinic.id().value()).set(LAB_TEST.ID, labTest)
                    .set(LAB_TEST.CODE, "RULES").set(LAB_TEST.NAME, "Rules panel").execute();
            short position = 0;
            // name, unit, normal low, normal high, reference text
            for (Object[] p : List.of(
                    new Object[] {"Haemoglobin", "g/dL", "12.0", "15.5", ""},
                    new Object[] {"Cholesterol", "mg/dL", null, "200", ""},
                    new Object[] {"Urine protein", "", null, null, "Negative"},
                    new Object[] {"Colour", "", null, null, ""})) {
                UUID id = Ids.newId();
                tx.insertInto(LAB_TEST_PARAMETER)
                        .set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.id().value()).set(LAB_TEST_PARAMETER.ID, id)
                        .set(LAB_TEST_PARAMETER.LAB_TEST_ID, labTest).set(LAB_TEST_PARAMETER.POSITION, ++position)
                        .set(LAB_TEST_PARAMETER.NAME, (String) p[0]).set(LAB_TEST_PARAMETER.UNIT, (String) p[1])
                        .set(LAB_TEST_PARAMETER.NORMAL_LOW, p[2] == null ? null : new BigDecimal((String) p[2]))
                        .set(LAB_TEST_PARAMETER.NORMAL_HIGH, p[3] == null ? null : new BigDecimal((String) p[3]))
                        .set(LAB_TEST_PARAMETER.REFERENCE_TEXT, (String) p[4])
                        .execute();
                PARAMETERS.put((String) p[0], id);
            }
            return null;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- the values a result holds

    @Test
    void a_number_is_taken_with_up_to_four_decimals_and_below_ten_billion_and_refused_at_its_field_beyond() {
        // the column is numeric(14, 4): what it could only round or could not hold is refused, not stored
        for (String taken : List.of("12.3456", "9999999999.9999", "-9999999999.9999")) {
            UUID order = order("sample_collected");
            HttpResponse<String> saved = putResults(order, Map.of("Haemoglobin", taken), false);
            assertThat(saved.statusCode()).as(taken + ": " + saved.body()).isEqualTo(200);
            assertThat(numeric(order, "Haemoglobin")).as(taken).isEqualByComparingTo(taken);
        }
        for (String refused : List.of("12.34567", "10000000000", "-10000000000", "12345678901.5")) {
            UUID order = order("sample_collected");
            HttpResponse<String> saved = putResults(order, Map.of("Haemoglobin", refused), false);
            assertThat(saved.statusCode()).as(refused + ": " + saved.body()).isEqualTo(422);
            assertThat(errors(saved)).as(refused)
                    .containsExactly(Map.entry("results[0].value", "Enter a number with at most 4 decimals."));
            assertThat(resultCount(order)).as(refused + ": nothing written").isZero();
        }
    }

    @Test
    void a_text_value_is_taken_up_to_200_characters_and_refused_at_its_field_beyond() {
        UUID atLimit = order("sample_collected");
        String longest = "Pale yellow, clear; ".repeat(10).strip() + ".";
        assertThat(longest).hasSize(200);
        HttpResponse<String> saved = putResults(atLimit, Map.of("Colour", longest), false);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(text(atLimit, "Colour")).isEqualTo(longest);

        UUID over = order("sample_collected");
        HttpResponse<String> refused = putResults(over, Map.of("Colour", longest + "x"), false);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(errors(refused)).containsExactly(Map.entry("results[0].value", "At most 200 characters."));
        assertThat(resultCount(over)).isZero();
    }

    // ---------------------------------------------------------------- completing

    @Test
    void completing_without_every_value_names_only_the_values_still_missing_and_writes_nothing() {
        UUID order = order("sample_collected");
        assertThat(putResults(order, Map.of("Cholesterol", "180"), false).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = putResults(order, Map.of("Haemoglobin", "13.1", "Colour", "Straw"), true, 2);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(ApiClient.json(refused).get("detail").asText()).startsWith(
                "Not completed: Urine protein has no value. Enter every value, or attach the report file");
        assertThat(resultCount(order)).as("the earlier value only").isEqualTo(1);
        assertThat(status(order)).isEqualTo("sample_collected");

        HttpResponse<String> two = putResults(order("sample_collected"), Map.of("Haemoglobin", "13.1", "Colour", "Straw"), true);
        assertThat(ApiClient.json(two).get("detail").asText())
                .startsWith("Not completed: Cholesterol, Urine protein have no value.");
    }

    @Test
    void saving_and_completing_are_each_audited_in_their_own_words() {
        UUID order = order("sample_collected");
        assertThat(putResults(order, Map.of("Haemoglobin", "13.1", "Cholesterol", "180"), false).statusCode())
                .isEqualTo(200);
        assertThat(audited(order)).containsExactly("test_order.results: 2 value(s)");
        assertThat(status(order)).isEqualTo("sample_collected");

        HttpResponse<String> completed = putResults(order, Map.of("Urine protein", "Negative", "Colour", "Straw"), true, 2);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(status(order)).isEqualTo("completed");
        assertThat(audited(order)).containsExactly("test_order.results: 2 value(s)", "test_order.complete: 2 value(s)");
    }

    // ---------------------------------------------------------------- report files

    @Test
    void a_report_is_attached_only_once_the_sample_is_collected_and_until_the_order_is_completed() throws Exception {
        int files = StoredFiles.count(db, clinic);
        byte[] pdf = ReportFileContent.pdf(2_000);

        UUID waiting = order("ordered");
        HttpResponse<String> early = uploadReport(waiting, pdf);
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(ApiClient.json(early).get("detail").asText())
                .isEqualTo("Collect the sample before attaching a report. Nothing was changed.");

        UUID done = order("completed");
        HttpResponse<String> late = uploadReport(done, pdf);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(ApiClient.json(late).get("detail").asText()).isEqualTo("This order is completed; its report can only "
                + "be replaced by a correction, with its reason. Nothing was changed.");

        assertThat(StoredFiles.count(db, clinic)).as("no file stored").isEqualTo(files);
        assertThat(audited(waiting)).isEmpty();
        assertThat(audited(done)).isEmpty();
        assertThat(uploadReport(order("sample_collected"), pdf).statusCode()).as("once collected").isEqualTo(200);
    }

    @Test
    void a_file_that_is_no_report_is_refused_at_its_field_when_saving_results_and_nothing_is_written() {
        UUID order = order("sample_collected");
        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        Map<String, String> form = LabSeeds.formFields(browser.get(page(order)).body(), page(order) + "/results");
        form.put(field("Haemoglobin"), "13.1");
        form.put("action", "save");
        int files = StoredFiles.count(db, clinic);

        HttpResponse<String> refused = browser.postMultipart(page(order) + "/results", form, "report", "results.txt",
                "text/plain", NOT_A_REPORT);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"error_report\"")
                .contains("Only PDF, PNG, JPEG and WebP files can be uploaded.");
        assertThat(StoredFiles.count(db, clinic)).isEqualTo(files);
        assertThat(resultCount(order)).isZero();
        assertThat(audited(order)).isEmpty();
    }

    @Test
    void a_file_that_is_no_report_is_refused_at_its_field_in_a_correction_and_nothing_is_corrected() {
        UUID order = order("completed");
        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String correct = page(order) + "/correct";
        Map<String, String> form = LabSeeds.formFields(browser.get(correct).body(), correct);
        form.put(field("Haemoglobin"), "12.1");
        form.put("reason", "Typed 13.1; the analyser printout reads 12.1");
        int files = StoredFiles.count(db, clinic);

        HttpResponse<String> refused = browser.postMultipart(correct, form, "report", "printout.txt", "text/plain",
                NOT_A_REPORT);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"error_report\"")
                .contains("Only PDF, PNG, JPEG and WebP files can be uploaded.");
        assertThat(StoredFiles.count(db, clinic)).isEqualTo(files);
        assertThat(corrections(order)).isZero();
        assertThat(numeric(order, "Haemoglobin")).isEqualByComparingTo("13.1");
    }

    // ---------------------------------------------------------------- corrections

    @Test
    void a_correction_needs_a_reason_of_at_most_500_characters() {
        UUID order = order("completed");
        String longest = "The analyser printout was misread. ".repeat(15).substring(0, 500);
        assertThat(longest).hasSize(500).doesNotEndWith(" ");

        HttpResponse<String> tooLong = correct(order, Map.of("Haemoglobin", "12.1"), null, longest + "x", 1);
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
        assertThat(errors(tooLong)).containsExactly(Map.entry("reason", "At most 500 characters."));
        assertThat(corrections(order)).isZero();

        HttpResponse<String> taken = correct(order, Map.of("Haemoglobin", "12.1"), null, longest, 1);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(ApiClient.json(taken).at("/corrections/0/reason").asText()).isEqualTo(longest);
    }

    @Test
    void a_correction_of_the_remarks_keeps_the_remarks_it_replaced_and_one_of_a_value_alone_keeps_none() {
        UUID order = order("completed");
        db.tenants().inClinic(clinic.id(), tx -> tx.update(TEST_ORDER).set(TEST_ORDER.REMARKS, "Sample haemolysed")
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(order)).execute());

        HttpResponse<String> remarks = correct(order, Map.of(), "Sample fine on repeat", "Remarks of another order", 1);
        assertThat(remarks.statusCode()).as(remarks.body()).isEqualTo(200);
        JsonNode first = ApiClient.json(remarks).at("/corrections/0");
        assertThat(first.get("remarksBefore").asText()).isEqualTo("Sample haemolysed");
        assertThat(audited(order)).containsExactly("test_order.correct: 0 value(s), remarks");

        HttpResponse<String> value = correct(order, Map.of("Haemoglobin", "12.1"), null, "Misread printout", 2);
        assertThat(value.statusCode()).as(value.body()).isEqualTo(200);
        JsonNode corrections = ApiClient.json(value).get("corrections");
        assertThat(corrections).hasSize(2);
        for (JsonNode correction : corrections) {
            boolean ofRemarks = correction.get("reason").asText().equals("Remarks of another order");
            assertThat(correction.get("remarksBefore").isNull()).as(correction.toString()).isEqualTo(!ofRemarks);
        }
        assertThat(ApiClient.json(value).get("remarks").asText()).isEqualTo("Sample fine on repeat");
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh order of the panel for the fixture's patient in {@code status}, at version 1; a completed one has Hb 13.1. */
    private static UUID order(String status) {
        UUID id = Ids.newId();
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                    .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, labTest)
                    .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.ORDERED_AT, now.minusHours(2))
                    .set(TEST_ORDER.STATUS, status)
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, status.equals("ordered") ? null : now.minusHours(1))
                    .set(TEST_ORDER.COMPLETED_AT, status.equals("completed") ? now : null)
                    .execute();
            if (status.equals("completed")) {
                tx.insertInto(TEST_RESULT)
                        .set(TEST_RESULT.CLINIC_ID, clinic.id().value()).set(TEST_RESULT.ID, Ids.newId())
                        .set(TEST_RESULT.TEST_ORDER_ID, id).set(TEST_RESULT.LAB_TEST_ID, labTest)
                        .set(TEST_RESULT.PARAMETER_ID, PARAMETERS.get("Haemoglobin"))
                        .set(TEST_RESULT.VALUE_NUMERIC, new BigDecimal("13.1"))
                        .set(TEST_RESULT.FLAG, "normal").set(TEST_RESULT.IS_ABNORMAL, false)
                        .set(TEST_RESULT.ENTERED_BY, ApiClient.userId(db, clinic.id(), "lab"))
                        .execute();
            }
            return null;
        });
        return id;
    }

    private static HttpResponse<String> putResults(UUID order, Map<String, String> values, boolean complete) {
        return putResults(order, values, complete, 1);
    }

    private static HttpResponse<String> putResults(UUID order, Map<String, String> values, boolean complete, int version) {
        return ApiClient.send(server, "PUT", api(order) + "/results", lab,
                Json.write(Map.of("results", results(values), "complete", complete)),
                Map.of("If-Match", "\"" + version + "\""));
    }

    private static HttpResponse<String> correct(UUID order, Map<String, String> values, String remarks, String reason,
                                                int version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results(values));
        if (remarks != null) {
            body.put("remarks", remarks);
        }
        body.put("reason", reason);
        return ApiClient.send(server, "POST", api(order) + "/corrections", lab, Json.write(body),
                Map.of("If-Match", "\"" + version + "\""));
    }

    private static List<Map<String, String>> results(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> Map.of("parameterId", PARAMETERS.get(e.getKey()).toString(), "value", e.getValue()))
                .toList();
    }

    /** POST /test-orders/{id}/report with the file in the field {@code report}, as an API client uploads it. */
    private static HttpResponse<String> uploadReport(UUID order, byte[] content) throws Exception {
        String boundary = "----santkrupa" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"; filename=\"hb.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url(api(order) + "/report")))
                        .header("Authorization", "Bearer " + lab)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A problem's {@code errors}, field to message, in order. */
    private static List<Map.Entry<String, String>> errors(HttpResponse<String> problem) {
        List<Map.Entry<String, String>> errors = new java.util.ArrayList<>();
        ApiClient.json(problem).path("errors").forEach(e -> errors.add(Map.entry(e.get("field").asText(),
                e.get("message").asText())));
        return errors;
    }

    private static BigDecimal numeric(UUID order, String parameter) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.VALUE_NUMERIC).from(TEST_RESULT)
                .where(TEST_RESULT.TEST_ORDER_ID.eq(order), TEST_RESULT.PARAMETER_ID.eq(PARAMETERS.get(parameter)))
                .fetchSingle(TEST_RESULT.VALUE_NUMERIC));
    }

    private static String text(UUID order, String parameter) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.VALUE_TEXT).from(TEST_RESULT)
                .where(TEST_RESULT.TEST_ORDER_ID.eq(order), TEST_RESULT.PARAMETER_ID.eq(PARAMETERS.get(parameter)))
                .fetchSingle(TEST_RESULT.VALUE_TEXT));
    }

    private static int resultCount(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(TEST_RESULT, TEST_RESULT.TEST_ORDER_ID.eq(order)));
    }

    private static int corrections(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(TEST_ORDER_CORRECTION,
                TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(order)));
    }

    private static String status(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.STATUS).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.STATUS));
    }

    /** The order's audited writes, oldest first, as "action: detail" (a correction's id left out). */
    private static List<String> audited(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ENTITY_ID.eq(order),
                        AUDIT_EVENT.ACTION.in("test_order.results", "test_order.complete", "test_order.correct",
                                "test_order.report_upload"))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .fetch(r -> r.value1() + ": " + r.value2().replaceFirst("^correction [0-9a-f-]{36}: ", "")));
    }

    private static String field(String parameter) {
        return "value_" + PARAMETERS.get(parameter);
    }

    private static String page(UUID order) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + order;
    }

    private static String api(UUID order) {
        return "/clinic/" + clinic.slug() + "/api/v1/test-orders/" + order;
    }
}
