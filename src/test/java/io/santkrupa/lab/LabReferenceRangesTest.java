package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
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

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranges by sex and age: set on the lab test's catalog page (refused at the field when wrong),
 * and each result judged by the patient's own range on the day the sample was collected -- a
 * woman's 16 g/dL haemoglobin is high, a man's 13 low, though both are inside the general
 * 12 – 17.5 -- with High / Low / Critical in words on the lab's page, the doctor's, the
 * patient's record and the API.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabReferenceRangesTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static LabSeeds seeds;
    private static UUID hbTest;
    private static UUID hb;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        seeds = new LabSeeds(db, clinic);
        UUID[] test = seeds.test("HBR", "Haemoglobin by range", "Haemoglobin", "g/dL", "12.0", "17.5");
        hbTest = test[0];
        hb = test[1];
        seeds.range(hb, 1, "female", 18, null, "years", "12.0", "15.5", "7.0", "20.0");
        seeds.range(hb, 2, "male", 18, null, "years", "13.5", "17.5", "7.0", "20.0");
        seeds.range(hb, 3, "any", 2, 12, "years", "11.5", "15.5", "7.0", "20.0");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String base() {
        return "/clinic/" + clinic.slug();
    }

    /** Enters {@code value} for the order's haemoglobin on the lab's page; the page after the save. */
    private static HttpResponse<String> enter(TestBrowser lab, UUID order, String value) {
        String path = base() + "/lab/orders/" + order;
        HttpResponse<String> page = lab.get(path);
        Map<String, String> form = LabSeeds.formFields(page.body(), path + "/results");
        form.put("value_" + hb, value);
        form.put("action", "complete");
        HttpResponse<String> saved = lab.postMultipart(path + "/results", form, "report", null, null, null);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        return lab.get(path);
    }

    @Test
    void each_value_is_judged_by_the_range_for_the_patients_sex_and_age_and_flagged_in_words() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID woman = seeds.patient("Sunita", "Rao", "female", LocalDate.of(1985, 4, 12));
        UUID man = seeds.patient("Mahesh", "Rao", "male", LocalDate.of(1979, 1, 30));
        UUID child = seeds.patient("Anu", "Rao", "female", now.toLocalDate().minusYears(8));
        UUID unknown = seeds.patient("Kiran", "Rao", "unknown", LocalDate.of(1990, 3, 3));

        record Case(UUID patient, String value, String flag, String low, String high, String note, String shown) {
        }
        List<Case> cases = List.of(
                // inside the general 12 - 17.5, outside her own range
                new Case(woman, "16.0", "high", "12", "15.5", "Female, 18 years and over", ">High</strong>"),
                new Case(man, "13.0", "low", "13.5", "17.5", "Male, 18 years and over", ">Low</strong>"),
                new Case(child, "11.0", "low", "11.5", "15.5", "Anyone, 2 to under 12 years", ">Low</strong>"),
                new Case(woman, "6.5", "critical_low", "12", "15.5", "Female, 18 years and over", ">Critical low</strong>"),
                new Case(man, "21.0", "critical_high", "13.5", "17.5", "Male, 18 years and over", ">Critical high</strong>"),
                // no range for "unknown": the general one, and 16 is normal there
                new Case(unknown, "16.0", "normal", "12", "17.5", "", ">Normal</td>"));
        for (Case c : cases) {
            UUID order = seeds.order(c.patient(), hbTest, now.minusHours(1), true);
            HttpResponse<String> page = enter(lab, order, c.value());
            var stored = seeds.result(order, hb);
            assertThat(stored.value2()).as(c.toString()).isEqualTo(c.flag());
            assertThat(stored.value3()).isEqualByComparingTo(c.low());
            assertThat(stored.value4()).isEqualByComparingTo(c.high());
            assertThat(stored.value5()).isEqualTo(c.note());
            assertThat(page.body()).as(c.toString()).contains(c.shown())
                    .contains(c.low() + " – " + c.high()).doesNotContain("out of range");
            if (!c.note().isEmpty()) {
                assertThat(page.body()).contains("(" + c.note() + ")");
            }
        }
    }

    @Test
    void the_age_is_the_patients_on_the_day_the_sample_was_collected() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        OffsetDateTime collected = OffsetDateTime.now(server.clock).minusDays(10);
        // 18 today, 17 when the sample was taken: no adult range then, and too old for the child's
        UUID teenager = seeds.patient("Pooja", "Kale", "female",
                collected.atZoneSameInstant(ZoneOffset.ofHoursMinutes(5, 30)).toLocalDate().minusYears(18).plusDays(3));
        UUID order = seeds.order(teenager, hbTest, collected.minusMinutes(30), true);

        HttpResponse<String> form = lab.get(base() + "/lab/orders/" + order);
        assertThat(form.body()).contains("Normal: 12 – 17.5 g/dL<").doesNotContain("Female, 18 years and over");
        enter(lab, order, "16.0");

        assertThat(seeds.result(order, hb).value2()).as("16 is normal by the general range").isEqualTo("normal");
        assertThat(seeds.result(order, hb).value5()).isEmpty();
    }

    @Test
    void the_doctor_the_patient_and_the_api_see_the_flag_in_words_and_whom_the_range_is_for() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        UUID asha = clinic.row("patient"); // the fixture's patient, a woman born 1985, with a sign-in
        UUID order = seeds.order(asha, hbTest, OffsetDateTime.now(server.clock).minusHours(2), true);
        enter(lab, order, "6.1");

        String chart = ApiClient.signedIn(server, clinic, Role.DOCTOR).get(base() + "/patients/" + asha).body();
        assertThat(chart).contains("Haemoglobin by range").contains(">Critical low</strong>")
                .contains("(Female, 18 years and over)").contains("critical values").doesNotContain("out of range");
        String own = ApiClient.signedIn(server, clinic, Role.PATIENT).get(base() + "/my-record").body();
        assertThat(own).contains(">Critical low</strong>").contains("12 – 15.5").doesNotContain("out of range");

        String labToken = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        JsonNode answer = ApiClient.json(ApiClient.get(server, base() + "/api/v1/test-orders/" + order, labToken));
        JsonNode parameter = answer.at("/parameters/0");
        assertThat(parameter.at("/result/flag").asText()).isEqualTo("critical_low");
        assertThat(parameter.at("/result/abnormal").asBoolean()).isTrue();
        assertThat(parameter.at("/result/range/appliesTo").asText()).isEqualTo("Female, 18 years and over");
        assertThat(parameter.at("/patientRange/criticalLow").decimalValue()).isEqualByComparingTo("7");
        String patientToken = ApiClient.token(server, db, clinic, Role.PATIENT);
        JsonNode reports = ApiClient.json(ApiClient.get(server, base() + "/api/v1/my-record/test-reports", patientToken));
        JsonNode mine = null;
        for (JsonNode report : reports.get("items")) {
            if (report.get("id").asText().equals(order.toString())) {
                mine = report;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.at("/results/0/flag").asText()).isEqualTo("critical_low");
        assertThat(mine.at("/results/0/outOfRange").asBoolean()).isTrue();
        assertThat(mine.at("/results/0/rangeFor").asText()).isEqualTo("Female, 18 years and over");
    }

    @Test
    void the_admin_sets_ranges_on_the_tests_page_and_a_wrong_one_is_refused_at_its_field() {
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String path = base() + "/catalog/lab-tests/" + clinic.row("lab_test");
        HttpResponse<String> page = admin.get(path);
        // the fixture's haemoglobin has the men's range
        assertThat(page.body()).contains("Ranges by sex and age (1)");
        Map<String, String> form = LabSeeds.formFields(page.body(), path);
        assertThat(form).containsEntry("range_sex_0_0", "male").containsEntry("range_low_0_0", "13")
                .containsEntry("range_from_0_0", "18").containsEntry("range_to_0_0", "");

        // the women's range with a critical low above its normal low: refused at that field, nothing written
        form.putAll(Map.of("range_sex_0_1", "female", "range_from_0_1", "18", "range_unit_0_1", "years",
                "range_low_0_1", "12", "range_high_0_1", "15.5", "range_clow_0_1", "12.5", "range_chigh_0_1", "20"));
        HttpResponse<String> refused = admin.post(path, form);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "range_clow_0_1")).hasValue("Critical low must be below the normal low.");
        assertThat(refused.body()).contains("<details class=\"ranges\" open>");
        assertThat(ranges()).hasSize(1);

        // fixed, with a children's range under it
        Map<String, String> again = LabSeeds.formFields(refused.body(), path);
        again.put("range_clow_0_1", "7");
        again.putAll(Map.of("range_sex_0_2", "any", "range_from_0_2", "2", "range_to_0_2", "12",
                "range_unit_0_2", "years", "range_low_0_2", "11.5", "range_high_0_2", "15.5"));
        assertThat(admin.post(path, again).statusCode()).isEqualTo(303);
        assertThat(ranges()).extracting(r -> r.get(LAB_REFERENCE_RANGE.SEX) + " " + r.get(LAB_REFERENCE_RANGE.AGE_FROM)
                        + "-" + r.get(LAB_REFERENCE_RANGE.AGE_TO) + " " + r.get(LAB_REFERENCE_RANGE.NORMAL_LOW).stripTrailingZeros()
                        .toPlainString() + " crit " + r.get(LAB_REFERENCE_RANGE.CRITICAL_LOW))
                .containsExactly("male 18-null 13 crit null", "female 18-null 12 crit 7.0000",
                        "any 2-12 11.5 crit null");
        String detail = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("lab_test.update"), AUDIT_EVENT.ENTITY_ID.eq(clinic.row("lab_test")))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc()).limit(1).fetchSingle(AUDIT_EVENT.DETAIL));
        assertThat(detail).contains("ranges by sex and age changed for 1 parameter(s)");

        // a second women's range for the same ages overlaps the first
        HttpResponse<String> saved = admin.get(path);
        assertThat(saved.body()).contains("Ranges by sex and age (3)");
        Map<String, String> overlapping = LabSeeds.formFields(saved.body(), path);
        overlapping.putAll(Map.of("range_sex_0_3", "female", "range_from_0_3", "40", "range_unit_0_3", "years",
                "range_low_0_3", "11", "range_high_0_3", "15"));
        HttpResponse<String> overlap = admin.post(path, overlapping);
        assertThat(overlap.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(overlap.body(), "range_from_0_3")).hasValueSatisfying(m ->
                assertThat(m).startsWith("Overlaps the range above for Female, 18 years and over"));

        // removing one keeps the others in their order
        Map<String, String> removing = LabSeeds.formFields(saved.body(), path);
        removing.put("range_remove_0_0", "on");
        assertThat(admin.post(path, removing).statusCode()).isEqualTo(303);
        assertThat(ranges()).extracting(r -> r.get(LAB_REFERENCE_RANGE.SEX)).containsExactly("female", "any");
    }

    @Test
    void the_catalog_api_reads_and_replaces_a_parameters_ranges_and_keeps_them_when_left_out() {
        UUID[] test = seeds.test("CRE", "Creatinine api", "Creatinine", "mg/dL", "0.6", "1.3");
        seeds.range(test[1], 1, "male", 18, null, "years", "0.7", "1.3", null, null);
        String token = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
        String path = base() + "/api/v1/tests/" + test[0];
        HttpResponse<String> read = ApiClient.get(server, path, token);
        JsonNode body = ApiClient.json(read);
        assertThat(body.at("/parameters/0/ranges/0/appliesTo").asText()).isEqualTo("Male, 18 years and over");
        String etag = read.headers().firstValue("ETag").orElseThrow();

        // left out: kept
        Map<String, Object> keep = Map.of("code", "CRE", "name", "Creatinine api", "sampleType", "blood", "active", true,
                "parameters", List.of(Map.of("id", test[1].toString(), "name", "Creatinine", "unit", "mg/dL",
                        "normalLow", 0.6, "normalHigh", 1.3)));
        HttpResponse<String> kept = ApiClient.send(server, "PUT", path, token, Json.write(keep), Map.of("If-Match", etag));
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(ApiClient.json(kept).at("/parameters/0/ranges")).hasSize(1);

        // a wrong one: 422 at its path
        Map<String, Object> wrong = Map.of("code", "CRE", "name", "Creatinine api", "sampleType", "blood", "active", true,
                "parameters", List.of(Map.of("id", test[1].toString(), "name", "Creatinine", "unit", "mg/dL",
                        "normalLow", 0.6, "normalHigh", 1.3, "ranges", List.of(Map.of("sex", "female", "ageFrom", 18,
                                "normalLow", 1.1, "normalHigh", 0.5)))));
        HttpResponse<String> refused = ApiClient.send(server, "PUT", path, token, Json.write(wrong),
                Map.of("If-Match", kept.headers().firstValue("ETag").orElseThrow()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(ApiClient.fieldErrors(ApiClient.json(refused))).containsExactly("parameters[0].ranges[0].normalHigh");

        // given: replaced
        Map<String, Object> replace = Map.of("code", "CRE", "name", "Creatinine api", "sampleType", "blood", "active", true,
                "parameters", List.of(Map.of("id", test[1].toString(), "name", "Creatinine", "unit", "mg/dL",
                        "normalLow", 0.6, "normalHigh", 1.3, "ranges", List.of(
                                Map.of("sex", "female", "ageFrom", 18, "normalLow", 0.5, "normalHigh", 1.1),
                                Map.of("ageFrom", 1, "ageTo", 12, "normalLow", 0.3, "normalHigh", 0.7)))));
        HttpResponse<String> replaced = ApiClient.send(server, "PUT", path, token, Json.write(replace),
                Map.of("If-Match", kept.headers().firstValue("ETag").orElseThrow()));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode ranges = ApiClient.json(replaced).at("/parameters/0/ranges");
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0).get("appliesTo").asText()).isEqualTo("Female, 18 years and over");
        assertThat(ranges.get(1).get("appliesTo").asText()).isEqualTo("Anyone, 1 to under 12 years");
        assertThat(ranges.get(1).get("normalLow").decimalValue()).isEqualByComparingTo(new BigDecimal("0.3"));
    }

    private static List<org.jooq.Record> ranges() {
        return db.tenants().inClinic(clinic.id(), tx -> List.copyOf(tx.select().from(LAB_REFERENCE_RANGE)
                .where(LAB_REFERENCE_RANGE.PARAMETER_ID.eq(clinic.row("lab_test_parameter")))
                .orderBy(LAB_REFERENCE_RANGE.POSITION).fetch()));
    }
}
