package io.santkrupa.lab;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.LabTestParameterRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.LabTestRecord;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;

/** The clinic admin's lab test catalog over HTTP: tests and their parameters, checked against the database. */
@ExtendWith(TestDatabaseExtension.class)
class LabTestCatalogPagesTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static TestBrowser admin;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        admin = signedInAdmin(clinic);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_admin_adds_a_test_with_its_parameters() {
        assertThat(admin.get(tests(clinic) + "/new").body()).contains("name=\"param_name_4\"");
        Map<String, String> form = test("cbc-" + suffix(), "Complete blood count " + suffix());
        row(form, 0, "Haemoglobin", "g/dL", "12", "15.5", "");
        row(form, 2, "WBC count", "10^3/µL", "4", "11", "");   // an empty row between is skipped
        row(form, 3, "Malaria parasite", "", "", "", "Not seen");

        HttpResponse<String> created = admin.post(tests(clinic), form);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        LabTestRecord test = byCode(clinic, form.get("code").toUpperCase());
        assertThat(created.headers().firstValue("Location")).hasValue(tests(clinic) + "/" + test.getId() + "?done=created");
        assertThat(test.getSampleType()).isEqualTo("blood");
        assertThat(test.getPrice()).isEqualByComparingTo("350");
        List<LabTestParameterRecord> parameters = parameters(test.getId());
        assertThat(parameters).extracting(LabTestParameterRecord::getName)
                .containsExactly("Haemoglobin", "WBC count", "Malaria parasite");
        assertThat(parameters).extracting(p -> (int) p.getPosition()).containsExactly(1, 2, 3);
        assertThat(parameters.getFirst().getNormalHigh()).isEqualByComparingTo("15.5");
        assertThat(parameters.get(2).getNormalLow()).isNull();
        assertThat(parameters.get(2).getReferenceText()).isEqualTo("Not seen");
        AuditEventRecord event = lastEvent("lab_test.create");
        assertThat(event.getEntityId()).isEqualTo(test.getId());
        assertThat(event.getDetail()).isEqualTo("parameters: 3");

        HttpResponse<String> page = admin.get(tests(clinic) + "/" + test.getId());
        assertThat(page.body()).contains("value=\"Haemoglobin\"").contains("value=\"15.5\"")
                .contains("name=\"param_remove_0\"").contains("name=\"param_name_5\"");
    }

    @Test
    void each_field_and_each_parameter_row_is_checked_and_nothing_is_written() {
        int tests = testCount(clinic);
        Map<String, String> form = test("not a code!", "");
        form.put("sampleType", "blood and urine");
        form.put("price", "-1");
        row(form, 0, "Glucose", "mg/dL", "110", "70", "");
        row(form, 1, "glucose", "", "", "", "");
        row(form, 2, "", "mmol/L", "abc", "", "");
        row(form, 3, "Tiny", "", "0.00001", "", "");

        HttpResponse<String> refused = admin.post(tests(clinic), form);

        assertThat(refused.statusCode()).isEqualTo(422);
        String body = refused.body();
        assertThat(Html.fieldError(body, "code")).hasValueSatisfying(m -> assertThat(m).contains("capital letters"));
        assertThat(Html.fieldError(body, "name")).hasValue("Name is required.");
        assertThat(Html.fieldError(body, "sampleType")).isPresent();
        assertThat(Html.fieldError(body, "price")).hasValue("Price cannot be less than 0.");
        assertThat(Html.fieldError(body, "param_high_0")).hasValue("Normal high must not be below normal low.");
        assertThat(Html.fieldError(body, "param_name_1")).hasValue("Another parameter of this test has this name.");
        assertThat(Html.fieldError(body, "param_name_2")).hasValue("Parameter name is required.");
        assertThat(Html.fieldError(body, "param_low_2")).hasValueSatisfying(m -> assertThat(m).contains("must be a number"));
        assertThat(Html.fieldError(body, "param_low_3")).hasValueSatisfying(m -> assertThat(m).contains("4 decimal places"));
        assertThat(Html.inputValue(body, "param_unit_2")).hasValue("mmol/L");
        assertThat(testCount(clinic)).isEqualTo(tests);
    }

    @Test
    void codes_and_names_are_unique_in_a_clinic_but_free_in_another() {
        String code = "LFT" + suffix().toUpperCase();
        String name = "Liver function " + suffix();
        assertThat(signedInAdmin(other).post(tests(other), test(code, name)).statusCode()).isEqualTo(303);
        assertThat(admin.post(tests(clinic), test(code, name)).statusCode()).as("known only in another clinic").isEqualTo(303);
        int before = testCount(clinic);

        HttpResponse<String> sameCode = admin.post(tests(clinic), test(code.toLowerCase(), name + " 2"));
        assertThat(sameCode.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(sameCode.body(), "code")).hasValue("Another test of this clinic has this code.");

        Map<String, String> sameName = test(code + "2", name.toUpperCase());
        row(sameName, 0, "Bilirubin", "mg/dL", "0.1", "1.2", "");
        HttpResponse<String> refused = admin.post(tests(clinic), sameName);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(refused.body(), "name")).hasValue("Another test of this clinic has this name.");
        assertThat(Html.inputValue(refused.body(), "param_name_0")).hasValue("Bilirubin");
        assertThat(testCount(clinic)).isEqualTo(before);
    }

    @Test
    void a_test_and_its_parameters_are_edited_together_under_the_tests_version() {
        Map<String, String> form = test("TSH" + suffix().toUpperCase(), "Thyroid " + suffix());
        row(form, 0, "TSH", "mIU/L", "0.4", "4", "");
        row(form, 1, "T4", "µg/dL", "5", "12", "");
        admin.post(tests(clinic), form);
        LabTestRecord test = byCode(clinic, form.get("code"));
        List<LabTestParameterRecord> before = parameters(test.getId());

        Map<String, String> edit = test(test.getCode(), test.getName());
        edit.put("version", String.valueOf(test.getVersion()));
        edit.put("price", "420");
        edit.put("rows", "4");
        row(edit, 0, "TSH", "mIU/L", "0.45", "4.5", "");
        edit.put("param_id_0", before.getFirst().getId().toString());
        row(edit, 1, "T4", "µg/dL", "5", "12", "");
        edit.put("param_id_1", before.get(1).getId().toString());
        edit.put("param_remove_1", "on");
        row(edit, 2, "T3", "ng/dL", "80", "200", "");
        edit.remove("active");

        HttpResponse<String> saved = admin.post(tests(clinic) + "/" + test.getId(), edit);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        LabTestRecord after = byCode(clinic, test.getCode());
        assertThat(after.getVersion()).isEqualTo(test.getVersion() + 1);
        assertThat(after.getPrice()).isEqualByComparingTo("420");
        assertThat(after.getIsActive()).isFalse();
        List<LabTestParameterRecord> now = parameters(test.getId());
        assertThat(now).extracting(LabTestParameterRecord::getName).containsExactly("TSH", "T3");
        assertThat(now.getFirst().getId()).isEqualTo(before.getFirst().getId());
        assertThat(now.getFirst().getNormalLow()).isEqualByComparingTo("0.45");
        assertThat(now.get(1).getPosition()).isEqualTo((short) 2);
        assertThat(lastEvent("lab_test.update").getDetail())
                .isEqualTo("changed: price, deactivated; parameters added 1, changed 1, removed 1");

        // the same form again is stale: nothing is changed
        HttpResponse<String> stale = admin.post(tests(clinic) + "/" + test.getId(), edit);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Html.formError(stale.body())).hasValueSatisfying(m -> assertThat(m).contains("Someone else changed"));
        assertThat(parameters(test.getId())).hasSize(2);
        assertThat(byCode(clinic, test.getCode()).getVersion()).isEqualTo(after.getVersion());
    }

    @Test
    void a_parameter_with_recorded_results_cannot_be_removed() {
        // the fixture's haemoglobin test has a result on its one parameter
        UUID id = clinic.row("lab_test");
        LabTestRecord test = byId(clinic, id);
        Map<String, String> edit = test(test.getCode(), test.getName());
        edit.put("version", String.valueOf(test.getVersion()));
        edit.put("rows", "1");
        row(edit, 0, "Haemoglobin", "g/dL", "12", "15.5", "");
        edit.put("param_id_0", clinic.row("lab_test_parameter").toString());
        edit.put("param_remove_0", "on");

        HttpResponse<String> refused = admin.post(tests(clinic) + "/" + id, edit);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(refused.body(), "param_remove_0"))
                .hasValueSatisfying(m -> assertThat(m).contains("Results were recorded for this parameter"));
        assertThat(parameters(id)).hasSize(1);
        assertThat(byId(clinic, id).getVersion()).isEqualTo(test.getVersion());
    }

    @Test
    void another_tests_or_clinics_parameter_cannot_be_edited_through_this_test() {
        UUID id = clinic.row("lab_test");
        LabTestRecord test = byId(clinic, id);
        Map<String, String> edit = test(test.getCode(), test.getName());
        edit.put("version", String.valueOf(test.getVersion()));
        edit.put("rows", "1");
        row(edit, 0, "Hijacked", "", "", "", "");
        edit.put("param_id_0", other.row("lab_test_parameter").toString());

        assertThat(admin.post(tests(clinic) + "/" + id, edit).statusCode()).isEqualTo(409);
        String name = db.tenants().inClinic(other.id(), tx -> tx.select(LAB_TEST_PARAMETER.NAME).from(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(other.id().value()),
                        LAB_TEST_PARAMETER.ID.eq(other.row("lab_test_parameter"))).fetchSingle(LAB_TEST_PARAMETER.NAME));
        assertThat(name).isEqualTo("Haemoglobin");
    }

    @Test
    void the_list_pages_in_name_order_with_parameter_counts_at_a_fixed_number_of_queries() {
        Clinic big = WebFixture.clinicWithLogins(db, server.hasher);
        db.tenants().inClinic(big.id(), tx -> {
            for (int i = 0; i < 30; i++) {
                UUID test = Ids.newId();
                tx.insertInto(LAB_TEST).set(LAB_TEST.CLINIC_ID, big.id().value()).set(LAB_TEST.ID, test)
                        .set(LAB_TEST.CODE, "T" + i).set(LAB_TEST.NAME, String.format("Test %02d", i))
                        .set(LAB_TEST.PRICE, new BigDecimal("100")).execute();
                for (int p = 1; p <= i % 4; p++) {
                    tx.insertInto(LAB_TEST_PARAMETER).set(LAB_TEST_PARAMETER.CLINIC_ID, big.id().value())
                            .set(LAB_TEST_PARAMETER.ID, Ids.newId()).set(LAB_TEST_PARAMETER.LAB_TEST_ID, test)
                            .set(LAB_TEST_PARAMETER.POSITION, (short) p).set(LAB_TEST_PARAMETER.NAME, "P" + p).execute();
                }
            }
            return null;
        });
        TestBrowser bigAdmin = signedInAdmin(big);

        server.queries.reset();
        HttpResponse<String> first = bigAdmin.get(tests(big));
        // resolve slug; session (set context + find); list (set context + one query, counts included)
        assertThat(server.queries.count()).isEqualTo(5);
        assertThat(rows(first.body())).isEqualTo(25);
        assertThat(first.body()).contains(">T3</a></td>\n    <td data-label=\"Name\">Test 03</td>\n    <td data-label=\"Sample\">Blood</td>\n    <td data-label=\"Parameters\">3</td>");
        // the list page every catalog shares, in the lab tests' words
        assertThat(first.body()).contains("<h1>Lab tests</h1>").contains("Code, or name starts with")
                .contains("href=\"/clinic/" + big.slug() + "/catalog/lab-tests/new\" role=\"button\">New lab test</a>")
                .contains("aria-current=\"page\">Lab tests</a>");
        Matcher next = Pattern.compile("href=\"\\?([^\"]*after=[^\"]+)\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        server.queries.reset();
        HttpResponse<String> second = bigAdmin.get(tests(big) + "?" + next.group(1).replace("&amp;", "&"));
        assertThat(server.queries.count()).isEqualTo(5);
        // "Haemoglobin" of the fixture sorts before "Test 00": the second page holds Test 24 to Test 29
        assertThat(rows(second.body())).isEqualTo(31 - 25);
        assertThat(bigAdmin.get(tests(big) + "?q=t7").body()).contains("Test 07");
        assertThat(rows(bigAdmin.get(tests(big) + "?q=test%202").body())).isEqualTo(10);
    }

    @Test
    void the_fixture_test_opens_for_editing_and_other_roles_are_refused() {
        HttpResponse<String> page = admin.get(tests(clinic) + "/" + clinic.row("lab_test"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"Haemoglobin\"").contains("value=\"12\"");
        assertThat(admin.get(tests(clinic) + "/" + other.row("lab_test")).statusCode()).isEqualTo(404);

        TestBrowser lab = server.browser();
        lab.signIn(clinic.slug(), "lab", WebFixture.password("lab"));
        assertThat(lab.get(tests(clinic)).statusCode()).isEqualTo(403);
    }

    private static TestBrowser signedInAdmin(Clinic c) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), "admin", WebFixture.password("admin")).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + c.slug());
        return browser;
    }

    private static String tests(Clinic c) {
        return "/clinic/" + c.slug() + "/catalog/lab-tests";
    }

    private static Map<String, String> test(String code, String name) {
        Map<String, String> form = new HashMap<>();
        form.put("code", code);
        form.put("name", name);
        form.put("sampleType", "blood");
        form.put("description", "Fasting not needed.");
        form.put("price", "350");
        form.put("active", "on");
        form.put("rows", "5");
        return form;
    }

    private static void row(Map<String, String> form, int row, String name, String unit, String low, String high,
                            String reference) {
        form.put("param_name_" + row, name);
        form.put("param_unit_" + row, unit);
        form.put("param_low_" + row, low);
        form.put("param_high_" + row, high);
        form.put("param_ref_" + row, reference);
    }

    private static LabTestRecord byCode(Clinic c, String code) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(c.id().value()), LAB_TEST.CODE.eq(code)).fetchSingle());
    }

    private static LabTestRecord byId(Clinic c, UUID id) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(c.id().value()), LAB_TEST.ID.eq(id)).fetchSingle());
    }

    private static List<LabTestParameterRecord> parameters(UUID testId) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.id().value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(testId))
                .orderBy(LAB_TEST_PARAMETER.POSITION).fetch());
    }

    private static int testCount(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(LAB_TEST, LAB_TEST.CLINIC_ID.eq(c.id().value())));
    }

    private static AuditEventRecord lastEvent(String action) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc()).limit(1).fetchSingle());
    }

    private static int rows(String html) {
        int body = html.indexOf("<tbody>");
        return body < 0 ? 0 : html.substring(body, html.indexOf("</tbody>")).split("<tr>", -1).length - 1;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
