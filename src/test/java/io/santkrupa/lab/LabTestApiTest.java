package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.LabTestParameterRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.LabTestRecord;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab test catalog over the API, through real HTTP against PostgreSQL: a test and its
 * parameters added, read, and edited as one list (change, add, remove; not a parameter with
 * results), with the page's checks and refusals, If-Match, Idempotency-Key, keyset pages, the
 * roles, and another clinic's token or ids getting 404 with nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabTestApiTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String admin;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        admin = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void adding_a_test_with_its_parameters_answers_201_and_is_audited_as_on_the_page() throws Exception {
        String code = code("lft");
        HttpResponse<String> created = post(admin, testJson(code, "Liver function " + code, "350.50",
                List.of(parameter(null, "Bilirubin", "mg/dL", "0.3", "1.2", ""),
                        parameter(null, "HBsAg", "", null, null, "Negative"))), Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode test = json(created);
        UUID id = UUID.fromString(test.get("id").asText());
        assertThat(test.get("code").asText()).as("stored in capitals").isEqualTo(code);
        assertThat(test.get("sampleType").asText()).isEqualTo("blood");
        assertThat(test.get("price").isNumber()).isTrue();
        assertThat(test.get("price").decimalValue()).isEqualByComparingTo("350.5");
        assertThat(test.get("active").asBoolean()).isTrue();
        assertThat(test.get("parameters")).hasSize(2);
        JsonNode bilirubin = test.get("parameters").get(0);
        assertThat(bilirubin.get("name").asText()).isEqualTo("Bilirubin");
        assertThat(bilirubin.get("position").asInt()).isEqualTo(1);
        assertThat(bilirubin.get("normalLow").decimalValue()).isEqualByComparingTo("0.3");
        assertThat(bilirubin.get("normalHigh").toString()).isEqualTo("1.2");
        JsonNode hbsag = test.get("parameters").get(1);
        assertThat(hbsag.get("normalLow").isNull()).isTrue();
        assertThat(hbsag.get("referenceText").asText()).isEqualTo("Negative");
        assertThat(created.headers().firstValue("Location")).hasValue(api("/tests/" + id));
        assertThat(created.headers().firstValue("ETag")).hasValue(etag(test.get("version").asInt()));
        assertThat(created.body()).doesNotContain("clinic");
        assertThat(parameters(id)).extracting(LabTestParameterRecord::getName).containsExactly("Bilirubin", "HBsAg");
        assertThat(events("lab_test.create", id)).singleElement()
                .satisfies(e -> assertThat(e.getDetail()).isEqualTo("parameters: 2"));

        String lab = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        HttpResponse<String> read = get(api("/tests/" + id), lab);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(test);
        assertThat(read.headers().firstValue("ETag")).isEqualTo(created.headers().firstValue("ETag"));
    }

    @Test
    void invalid_fields_and_parameters_get_422_by_their_json_path_and_nothing_is_written() throws Exception {
        int before = count();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "not a code!");
        body.put("name", "Bad " + suffix());
        body.put("sampleType", "saliva");
        body.put("price", -1);
        body.put("parameters", List.of(
                parameter(null, "Hb", "g/dL", "15", "12", ""),
                parameter(null, "hb", "", null, null, ""),
                parameter(null, "", "mmol/L", null, null, ""),
                Map.of("name", "Glucose", "normalLow", "70"),
                Map.of("name", "RBC", "normalLow", 4.12345),
                Map.of("name", "WBC", "colour", "red")));

        HttpResponse<String> refused = post(admin, Json.write(body), Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(problem)).containsExactlyInAnyOrder("code", "sampleType", "price",
                "parameters[0].normalHigh", "parameters[1].name", "parameters[2].name", "parameters[3].normalLow",
                "parameters[4].normalLow", "parameters[5].colour");
        assertThat(message(problem, "parameters[0].normalHigh")).isEqualTo("Normal high must not be below normal low.");
        assertThat(message(problem, "parameters[1].name")).isEqualTo("Another parameter of this test has this name.");
        assertThat(message(problem, "parameters[3].normalLow")).isEqualTo("Must be a number or null.");
        assertThat(message(problem, "parameters[4].normalLow")).contains("4 decimal places");

        HttpResponse<String> withId = post(admin, testJson(code("idd"), "With id " + suffix(), null,
                List.of(parameter(clinic.row("lab_test_parameter").toString(), "Hb", "", null, null, ""))), Map.of());
        assertThat(withId.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(withId))).containsExactly("parameters[0].id");
        HttpResponse<String> active = post(admin,
                withActive(testJson(code("act"), "Active " + suffix(), null, List.of()), false), Map.of());
        assertThat(active.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(active))).containsExactly("active");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void a_taken_code_or_name_is_a_409_at_that_field_but_free_in_another_clinic() throws Exception {
        String code = code("dup");
        String name = "Duplicate " + code;
        String otherAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        assertThat(send("POST", "/clinic/" + other.slug() + "/api/v1/tests", otherAdmin,
                testJson(code, name, null, List.of()), Map.of()).statusCode()).isEqualTo(201);
        assertThat(post(admin, testJson(code, name, null, List.of()), Map.of()).statusCode()).isEqualTo(201);
        int before = count();

        HttpResponse<String> sameCode = post(admin, testJson(code.toLowerCase(Locale.ROOT), "Another " + code, null,
                List.of()), Map.of());
        HttpResponse<String> sameName = post(admin, testJson(code("dn"), name.toUpperCase(Locale.ROOT), null,
                List.of()), Map.of());

        assertThat(sameCode.statusCode()).isEqualTo(409);
        assertThat(json(sameCode).get("type").asText()).isEqualTo("urn:santkrupa:problem:conflict");
        assertThat(fieldErrors(json(sameCode))).containsExactly("code");
        assertThat(message(json(sameCode), "code")).isEqualTo("Another test of this clinic has this code.");
        assertThat(sameName.statusCode()).isEqualTo(409);
        assertThat(fieldErrors(json(sameName))).containsExactly("name");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_adds_nothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = code("idem");
        String body = testJson(code, "Idempotent " + code, "100", List.of(parameter(null, "TSH", "mIU/L", "0.4", "4", "")));
        HttpResponse<String> first = post(admin, body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        int after = count();

        HttpResponse<String> retry = post(admin, body, Map.of("Idempotency-Key", key));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(count()).isEqualTo(after);
        assertThat(events("lab_test.create", UUID.fromString(json(first).get("id").asText()))).hasSize(1);
    }

    @Test
    void an_edit_replaces_the_parameter_list_with_the_current_etag_and_a_stale_one_gets_412() throws Exception {
        String code = code("thy");
        JsonNode test = json(post(admin, testJson(code, "Thyroid " + code, "400", List.of(
                parameter(null, "TSH", "mIU/L", "0.4", "4", ""),
                parameter(null, "T4", "µg/dL", "5", "12", ""))), Map.of()));
        UUID id = UUID.fromString(test.get("id").asText());
        String path = api("/tests/" + id);
        int v = test.get("version").asInt();
        String tsh = test.get("parameters").get(0).get("id").asText();
        String t4 = test.get("parameters").get(1).get("id").asText();
        // TSH's range changes, T4 is left out (removed), T3 is added; the test is taken out of the catalog
        String edit = withActive(testJson(code, "Thyroid " + code, "420", List.of(
                parameter(tsh, "TSH", "mIU/L", "0.45", "4.5", ""),
                parameter(null, "T3", "ng/dL", "80", "200", ""))), false);

        assertThat(send("PUT", path, admin, edit, Map.of()).statusCode()).isEqualTo(428);
        HttpResponse<String> saved = send("PUT", path, admin, edit, Map.of("If-Match", etag(v)));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode after = json(saved);
        assertThat(after.get("version").asInt()).isEqualTo(v + 1);
        assertThat(saved.headers().firstValue("ETag")).hasValue(etag(v + 1));
        assertThat(after.get("active").asBoolean()).isFalse();
        assertThat(after.get("price").decimalValue()).isEqualByComparingTo("420");
        assertThat(after.get("parameters")).extracting(p -> p.get("name").asText()).containsExactly("TSH", "T3");
        assertThat(after.get("parameters").get(0).get("id").asText()).isEqualTo(tsh);
        assertThat(after.get("parameters").get(0).get("normalLow").decimalValue()).isEqualByComparingTo("0.45");
        assertThat(parameters(id)).extracting(p -> p.getId().toString()).doesNotContain(t4).contains(tsh);
        assertThat(events("lab_test.update", id)).singleElement().satisfies(e -> assertThat(e.getDetail())
                .isEqualTo("changed: price, deactivated; parameters added 1, changed 1, removed 1"));
        assertThat(listed("?active=false&q=" + code)).contains(id.toString());
        assertThat(listed("?active=true&q=" + code)).doesNotContain(id.toString());

        HttpResponse<String> stale = send("PUT", path, admin, edit, Map.of("If-Match", etag(v)));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(parameters(id)).hasSize(2);
        assertThat(byId(clinic, id).getVersion()).isEqualTo(v + 1);

        String noList = testJson(code, "Thyroid " + code, "420", List.of()).replace(",\"parameters\":[]", "");
        HttpResponse<String> missing = send("PUT", path, admin, noList, Map.of("If-Match", etag(v + 1)));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(missing))).containsExactlyInAnyOrder("active", "parameters");
        assertThat(parameters(id)).hasSize(2);
    }

    @Test
    void a_parameter_with_recorded_results_cannot_be_left_out_and_nothing_changes() throws Exception {
        // the fixture's haemoglobin test has a result on its one parameter
        UUID id = clinic.row("lab_test");
        LabTestRecord before = byId(clinic, id);
        String edit = withActive(testJson("HB", "Haemoglobin", null,
                List.of(parameter(null, "Hb (new)", "g/dL", "12", "16", ""))), true);

        HttpResponse<String> refused = send("PUT", api("/tests/" + id), admin, edit,
                Map.of("If-Match", etag(before.getVersion())));

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode problem = json(refused);
        assertThat(fieldErrors(problem)).containsExactly("parameters");
        assertThat(message(problem, "parameters")).contains("Haemoglobin").contains("cannot be removed");
        assertThat(parameters(id)).extracting(LabTestParameterRecord::getId).containsExactly(clinic.row("lab_test_parameter"));
        assertThat(byId(clinic, id).getVersion()).isEqualTo(before.getVersion());
        assertThat(events("lab_test.update", id)).isEmpty();
    }

    @Test
    void another_tests_or_clinics_parameter_cannot_be_edited_through_this_test() throws Exception {
        UUID id = clinic.row("lab_test");
        LabTestRecord before = byId(clinic, id);
        String hijack = withActive(testJson("HB", "Haemoglobin", null, List.of(
                parameter(clinic.row("lab_test_parameter").toString(), "Haemoglobin", "g/dL", "12", "15.5", ""),
                parameter(other.row("lab_test_parameter").toString(), "Hijacked", "", null, null, ""))), true);

        HttpResponse<String> refused = send("PUT", api("/tests/" + id), admin, hijack,
                Map.of("If-Match", etag(before.getVersion())));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(refused))).containsExactly("parameters[1].id");
        assertThat(byId(clinic, id).getVersion()).isEqualTo(before.getVersion());
        String name = db.tenants().inClinic(other.id(), tx -> tx.select(LAB_TEST_PARAMETER.NAME).from(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(other.id().value()),
                        LAB_TEST_PARAMETER.ID.eq(other.row("lab_test_parameter"))).fetchSingle(LAB_TEST_PARAMETER.NAME));
        assertThat(name).isEqualTo("Haemoglobin");
    }

    @Test
    void the_list_pages_with_a_cursor_in_name_order_through_every_match_exactly_once() throws Exception {
        String prefix = "Zzpaged" + suffix();
        List<String> added = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            JsonNode test = json(post(admin, testJson(code("p" + i), prefix + " " + i, null,
                    List.of(parameter(null, "P", "", null, null, ""))), Map.of()));
            added.add(test.get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get(api("/tests?q=" + prefix.toLowerCase(Locale.ROOT)
                    + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor)), admin);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isLessThanOrEqualTo(3);
            body.get("items").forEach(item -> {
                seen.add(item.get("id").asText());
                names.add(item.get("name").asText());
                assertThat(item.get("parameterCount").asInt()).isEqualTo(1);
            });
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(added);
        assertThat(names).isSorted().hasSize(7);
        assertThat(get(api("/tests?cursor=garbage"), admin).statusCode()).isEqualTo(400);
        assertThat(get(api("/tests?limit=101"), admin).statusCode()).isEqualTo(400);
        assertThat(get(api("/tests?active=yes"), admin).statusCode()).isEqualTo(400);
        // q is also an exact code
        assertThat(listed("?q=hb")).contains(clinic.row("lab_test").toString());
    }

    @Test
    void staff_read_the_catalog_only_the_admin_changes_it_and_a_patient_gets_403() throws Exception {
        String test = api("/tests/" + clinic.row("lab_test"));
        LabTestRecord before = byId(clinic, clinic.row("lab_test"));
        int count = count();
        String edit = withActive(testJson("HB", "Sneaky", null, List.of(parameter(clinic.row("lab_test_parameter").toString(),
                "Haemoglobin", "g/dL", "1", "2", ""))), false);
        for (Role role : List.of(Role.DOCTOR, Role.RECEPTIONIST, Role.LAB_TECHNICIAN)) {
            String token = ApiClient.token(server, db, clinic, role);
            assertThat(get(api("/tests"), token).statusCode()).as(role + " lists").isEqualTo(200);
            HttpResponse<String> read = get(test, token);
            assertThat(read.statusCode()).as(role + " reads").isEqualTo(200);
            assertThat(json(read).get("parameters").get(0).get("name").asText()).isEqualTo("Haemoglobin");
            assertThat(post(token, testJson(code("snk"), "Sneaky " + role, null, List.of()), Map.of()).statusCode())
                    .as(role + " adds").isEqualTo(403);
            assertThat(send("PUT", test, token, edit, Map.of("If-Match", etag(before.getVersion())))
                    .statusCode()).as(role + " edits").isEqualTo(403);
        }
        String patient = ApiClient.token(server, db, clinic, Role.PATIENT);
        assertThat(get(api("/tests"), patient).statusCode()).isEqualTo(403);
        assertThat(get(test, patient).statusCode()).isEqualTo(403);
        assertThat(get(api("/tests"), null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", test, null, edit, Map.of("If-Match", etag(before.getVersion())))
                .statusCode()).isEqualTo(401);
        assertThat(count()).isEqualTo(count);
        assertThat(byId(clinic, clinic.row("lab_test")).getVersion()).isEqualTo(before.getVersion());
    }

    @Test
    void another_clinics_token_or_ids_get_404_and_change_nothing() throws Exception {
        String foreignAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        String testOfA = api("/tests/" + clinic.row("lab_test"));
        LabTestRecord aBefore = byId(clinic, clinic.row("lab_test"));
        int aCount = count();
        String edit = withActive(testJson("HB", "Evil", null, List.of()), false);
        assertThat(get(testOfA, foreignAdmin).statusCode()).isEqualTo(404);
        assertThat(get(api("/tests"), foreignAdmin).statusCode()).isEqualTo(404);
        assertThat(post(foreignAdmin, testJson(code("evl"), "Evil", null, List.of()), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", testOfA, foreignAdmin, edit,
                Map.of("If-Match", etag(aBefore.getVersion()))).statusCode()).isEqualTo(404);
        assertThat(count()).isEqualTo(aCount);
        assertThat(byId(clinic, clinic.row("lab_test")).getVersion()).isEqualTo(aBefore.getVersion());

        // A's admin, on A's own API, with B's test id: the same 404 as an unknown id
        UUID ofB = other.row("lab_test");
        LabTestRecord bBefore = byId(other, ofB);
        HttpResponse<String> unknown = get(api("/tests/" + UUID.randomUUID()), admin);
        HttpResponse<String> foreign = get(api("/tests/" + ofB), admin);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).doesNotContain("Haemoglobin");
        HttpResponse<String> put = send("PUT", api("/tests/" + ofB), admin, edit,
                Map.of("If-Match", etag(bBefore.getVersion())));
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.body()).isEqualTo(unknown.body());
        LabTestRecord bAfter = byId(other, ofB);
        assertThat(bAfter.getName()).isEqualTo("Haemoglobin");
        assertThat(bAfter.getVersion()).isEqualTo(bBefore.getVersion());
        int parametersOfB = db.tenants().inClinic(other.id(), tx -> tx.fetchCount(LAB_TEST_PARAMETER,
                LAB_TEST_PARAMETER.CLINIC_ID.eq(other.id().value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(ofB)));
        assertThat(parametersOfB).isEqualTo(1);
    }

    private static List<String> listed(String query) throws Exception {
        HttpResponse<String> page = get(api("/tests" + query + "&limit=100"), admin);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(page).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** Every answer is checked against the OpenAPI document (status, content type, body schema). */
    private static HttpResponse<String> send(String method, String path, String token, String body,
                                             Map<String, String> headers) {
        return OpenApiContract.check(ApiClient.send(server, method, path, token, body, headers));
    }

    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        return send("POST", api("/tests"), token, body, headers);
    }

    /** A test's JSON, with {@code price} (a JSON number) unless null; parameters last. */
    private static String testJson(String code, String name, String price, List<Map<String, Object>> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("name", name);
        body.put("sampleType", "blood");
        body.put("description", "Fasting not needed.");
        if (price != null) {
            body.put("price", new java.math.BigDecimal(price));
        }
        body.put("parameters", parameters);
        return Json.write(body);
    }

    /** The body with {@code active} added (an edit's). */
    private static String withActive(String json, boolean active) {
        int end = json.lastIndexOf('}');
        return json.substring(0, end) + ",\"active\":" + active + "}";
    }

    private static Map<String, Object> parameter(String id, String name, String unit, String low, String high,
                                                 String reference) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (id != null) {
            p.put("id", id);
        }
        p.put("name", name);
        p.put("unit", unit);
        p.put("normalLow", low == null ? null : new java.math.BigDecimal(low));
        p.put("normalHigh", high == null ? null : new java.math.BigDecimal(high));
        p.put("referenceText", reference);
        return p;
    }

    /** A code unique to this run, e.g. LFT3F2A1. */
    private static String code(String stem) {
        return (stem + UUID.randomUUID().toString().substring(0, 6)).toUpperCase(Locale.ROOT).replace("-", "");
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }

    private static String message(JsonNode problem, String field) {
        for (JsonNode e : problem.get("errors")) {
            if (e.get("field").asText().equals(field)) {
                return e.get("message").asText();
            }
        }
        return null;
    }

    private static LabTestRecord byId(Clinic c, UUID id) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(c.id().value()), LAB_TEST.ID.eq(id)).fetchSingle());
    }

    private static List<LabTestParameterRecord> parameters(UUID test) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.id().value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(test))
                .orderBy(LAB_TEST_PARAMETER.POSITION).fetch());
    }

    private static int count() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(LAB_TEST, LAB_TEST.CLINIC_ID.eq(clinic.id().value())));
    }

    private static List<AuditEventRecord> events(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        AUDIT_EVENT.ENTITY_ID.eq(entity))
                .fetch());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
