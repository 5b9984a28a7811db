package io.santkrupa.lab;

import io.santkrupa.db.Ids;
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
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two technicians on the same order's results page: the form carries the order's version, and a
 * save from a page older than the order changes nothing and says so, as the patient edit form does.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabResultsConcurrencyTest {

    private static WebTestServer server;
    private static TestDatabase db;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh order of the fixture's haemoglobin test (normal 12.0 – 15.5 g/dL), its sample collected. */
    private static UUID collectedOrder() {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).execute());
        TestBrowser lab = technician();
        lab.get(path(id));
        assertThat(lab.post(path(id) + "/collect", Map.of()).statusCode()).isEqualTo(303);
        return id;
    }

    private static TestBrowser technician() {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "lab", WebFixture.password("lab")).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String path(UUID order) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + order;
    }

    private static String field() {
        return "value_" + clinic.row("lab_test_parameter");
    }

    /** The results form of {@code page} with the haemoglobin value typed in, and the page's hidden version. */
    private static Map<String, String> typed(HttpResponse<String> page, String value) {
        Map<String, String> form = new HashMap<>();
        form.put(field(), value);
        form.put("version", Html.inputValue(page.body(), "version").orElseThrow());
        return form;
    }

    private static BigDecimal stored(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.VALUE_NUMERIC).from(TEST_RESULT)
                .where(TEST_RESULT.TEST_ORDER_ID.eq(order)).fetchOne(TEST_RESULT.VALUE_NUMERIC));
    }

    private static int version(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.VERSION).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.VERSION));
    }

    private static int resultSaves(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ENTITY_ID.eq(order),
                AUDIT_EVENT.ACTION.in("test_order.results", "test_order.complete")));
    }

    @Test
    void the_second_technicians_save_from_an_older_page_is_refused_and_the_first_values_stay() {
        UUID order = collectedOrder();
        TestBrowser first = technician();
        TestBrowser second = technician();
        HttpResponse<String> firstPage = first.get(path(order));
        HttpResponse<String> secondPage = second.get(path(order));
        assertThat(firstPage.body()).contains("name=\"version\" value=\"" + version(order) + "\"");

        assertThat(first.post(path(order) + "/results", typed(firstPage, "13.1")).statusCode()).isEqualTo(303);
        HttpResponse<String> stale = second.post(path(order) + "/results", typed(secondPage, "11.4"));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body())
                .contains("Someone else changed this order")
                .contains("Your results were <strong>not saved</strong>")
                .contains("save again to replace the stored values")
                .contains("<td>13.1 g/dL</td>")                             // what is stored now, shown
                .contains("<td>11.4 g/dL</td>")                             // beside what they typed
                .contains("name=\"version\" value=\"" + version(order) + "\""); // saving again is a deliberate choice
        assertThat(Html.inputValue(stale.body(), field())).hasValue("11.4");
        assertThat(stored(order)).isEqualByComparingTo("13.1");
        assertThat(resultSaves(order)).isEqualTo(1);

        HttpResponse<String> again = second.post(path(order) + "/results", typed(stale, "11.4"));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(stored(order)).isEqualByComparingTo("11.4");
    }

    @Test
    void a_save_at_the_current_version_is_saved_and_raises_the_version() {
        UUID order = collectedOrder();
        TestBrowser lab = technician();
        HttpResponse<String> page = lab.get(path(order));
        int before = version(order);

        HttpResponse<String> saved = lab.post(path(order) + "/results", typed(page, "13.8"));

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(stored(order)).isEqualByComparingTo("13.8");
        assertThat(version(order)).isEqualTo(before + 1);
        HttpResponse<String> after = lab.get(path(order) + "?saved");
        assertThat(after.body()).contains("Results saved.").contains("name=\"version\" value=\"" + (before + 1) + "\"");
    }

    @Test
    void a_form_without_a_readable_version_is_refused_not_saved_unchecked() {
        UUID order = collectedOrder();
        TestBrowser lab = technician();
        HttpResponse<String> page = lab.get(path(order));
        int before = version(order);

        for (String version : new String[] {null, "", "two", "-1", "99999999999"}) {
            Map<String, String> form = typed(page, "14.2");
            form.put("version", version);
            HttpResponse<String> refused = lab.post(path(order) + "/results", form);
            assertThat(refused.statusCode()).as("version " + version).isEqualTo(409);
            assertThat(refused.body()).as("version " + version).contains("This form was incomplete")
                    .contains("Your results were <strong>not saved</strong>");
            assertThat(Html.inputValue(refused.body(), field())).hasValue("14.2");
        }
        assertThat(stored(order)).isNull();
        assertThat(version(order)).isEqualTo(before);
        assertThat(resultSaves(order)).isZero();
    }

    @Test
    void a_save_after_someone_completed_the_order_says_the_results_can_no_longer_change() {
        UUID order = collectedOrder();
        TestBrowser first = technician();
        TestBrowser second = technician();
        HttpResponse<String> firstPage = first.get(path(order));
        HttpResponse<String> secondPage = second.get(path(order));
        Map<String, String> completing = typed(firstPage, "12.9");
        completing.put("complete", "1");
        assertThat(first.post(path(order) + "/results", completing).statusCode()).isEqualTo(303);

        HttpResponse<String> stale = second.post(path(order) + "/results", typed(secondPage, "12.2"));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("Someone else changed this order").contains("The order is now completed")
                .contains("<td>12.9 g/dL</td>").contains("<td>12.2 g/dL</td>").doesNotContain("Save results");
        assertThat(stored(order)).isEqualByComparingTo("12.9");
    }
}
