package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's out-of-range flag, value by value: below the normal low or above the normal high
 * (each bound on its own, and both), never at a bound itself; a text value against its
 * reference text (case and surrounding spaces aside); never for a text parameter without a
 * reference. Each value is entered through the API on a fresh order; the flag is read back
 * from the answer and from the stored result.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabResultFlagsTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static String lab;
    private static UUID labTest;
    /** The test's parameters by name. */
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
                    .set(LAB_TEST.CODE, "FLAGS").set(LAB_TEST.NAME, "Flag panel").execute();
            short position = 0;
            // name, unit, normal low, normal high, reference text
            for (Object[] p : List.of(
                    new Object[] {"haemoglobin", "g/dL", "12.0", "15.5", ""},
                    new Object[] {"cholesterol", "mg/dL", null, "200", ""},
                    new Object[] {"vitamin-d", "ng/mL", "30", null, ""},
                    new Object[] {"urine-protein", "", null, null, "Negative"},
                    new Object[] {"colour", "", null, null, ""})) {
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

    @ParameterizedTest(name = "{0} = \"{1}\" is flagged: {2}")
    @CsvSource({
            // both bounds (12.0 - 15.5)
            "haemoglobin, 11.9, true",
            "haemoglobin, 12.0, false",
            "haemoglobin, 13.4, false",
            "haemoglobin, 15.5, false",
            "haemoglobin, 15.50, false",
            "haemoglobin, 15.51, true",
            "haemoglobin, 18.2, true",
            // only a normal high (<= 200)
            "cholesterol, 200, false",
            "cholesterol, 200.1, true",
            "cholesterol, 0, false",
            // only a normal low (>= 30)
            "vitamin-d, 29.99, true",
            "vitamin-d, 30, false",
            "vitamin-d, 120, false",
            // a text reference
            "urine-protein, Negative, false",
            "urine-protein, negative, false",
            "urine-protein, '  NEGATIVE ', false",
            "urine-protein, Positive, true",
            "urine-protein, Trace, true",
            // a text parameter without a reference is never flagged
            "colour, Straw, false",
            "colour, Dark red, false"})
    void a_value_is_flagged_out_of_range_exactly_when_its_parameter_says_so(String parameter, String value,
                                                                            boolean flagged) {
        UUID order = collectedOrder();
        UUID parameterId = PARAMETERS.get(parameter);

        HttpResponse<String> saved = ApiClient.send(server, "PUT", path(order) + "/results", lab,
                Json.write(Map.of("results", List.of(Map.of("parameterId", parameterId.toString(), "value", value)))),
                Map.of("If-Match", "\"1\""));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode result = resultOf(ApiClient.json(saved), parameterId);
        assertThat(result.get("abnormal").asBoolean()).as("the answer's flag").isEqualTo(flagged);
        boolean stored = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.IS_ABNORMAL).from(TEST_RESULT)
                .where(TEST_RESULT.CLINIC_ID.eq(clinic.id().value()), TEST_RESULT.TEST_ORDER_ID.eq(order),
                        TEST_RESULT.PARAMETER_ID.eq(parameterId))
                .fetchSingle(TEST_RESULT.IS_ABNORMAL));
        assertThat(stored).as("the stored flag").isEqualTo(flagged);
    }

    @Test
    void the_lab_page_marks_a_high_value_and_a_wrong_text_out_of_range_beside_their_fields_and_no_other() {
        UUID order = collectedOrder();
        HttpResponse<String> saved = ApiClient.send(server, "PUT", path(order) + "/results", lab,
                Json.write(Map.of("results", List.of(
                        Map.of("parameterId", PARAMETERS.get("haemoglobin").toString(), "value", "13.4"),
                        Map.of("parameterId", PARAMETERS.get("cholesterol").toString(), "value", "240"),
                        Map.of("parameterId", PARAMETERS.get("vitamin-d").toString(), "value", "45"),
                        Map.of("parameterId", PARAMETERS.get("urine-protein").toString(), "value", "Positive"),
                        Map.of("parameterId", PARAMETERS.get("colour").toString(), "value", "Straw")))),
                Map.of("If-Match", "\"1\""));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        HttpResponse<String> page = browser.get("/clinic/" + clinic.slug() + "/lab/orders/" + order);

        assertThat(page.statusCode()).isEqualTo(200);
        // each flagged value is marked beside its field, in words: cholesterol above its high is High, a
        // positive urine protein against "Negative" is Abnormal
        for (Map.Entry<String, String> flagged : Map.of("cholesterol", "high:High", "urine-protein", "abnormal:Abnormal")
                .entrySet()) {
            String[] flag = flagged.getValue().split(":");
            assertThat(page.body()).as(flagged.getKey()).containsPattern("id=\"range_" + PARAMETERS.get(flagged.getKey())
                    + "\">Normal: [^<]*<strong class=\"error-message lab-flag lab-flag-" + flag[0] + "\">" + flag[1]
                    + "</strong>");
        }
        for (String name : List.of("haemoglobin", "vitamin-d", "colour")) {
            assertThat(page.body()).as(name).containsPattern("id=\"range_" + PARAMETERS.get(name) + "\">Normal: [^<]*</small>");
        }
    }

    /** A fresh order of the flag panel for the fixture's patient, its sample collected, at version 1. */
    private static UUID collectedOrder() {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, labTest)
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.STATUS, "sample_collected")
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, java.time.OffsetDateTime.now())
                .execute());
        return id;
    }

    private static JsonNode resultOf(JsonNode order, UUID parameterId) {
        for (JsonNode parameter : order.get("parameters")) {
            if (parameter.get("id").asText().equals(parameterId.toString())) {
                return parameter.get("result");
            }
        }
        throw new AssertionError("no parameter " + parameterId + " in " + order);
    }

    private static String path(UUID order) {
        return "/clinic/" + clinic.slug() + "/api/v1/test-orders/" + order;
    }
}
