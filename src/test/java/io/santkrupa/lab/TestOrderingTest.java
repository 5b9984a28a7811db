package io.santkrupa.lab;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/** Ordering lab tests from the consultation page, and the results the doctor sees beside their ranges. */
@ExtendWith(TestDatabaseExtension.class)
class TestOrderingTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestBrowser doctor() {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor")).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    private static UUID visitInConsultation(TestBrowser doctor) {
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, clinic.row("patient"), server.clock.clinicToday());
        doctor.get(page(visit));
        assertThat(doctor.post(page(visit) + "/start", Map.of()).statusCode()).isEqualTo(303);
        doctor.get(page(visit));
        return visit;
    }

    private static List<io.santkrupa.db.jooq.santkrupa.tables.records.TestOrderRecord> ordersOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.VISIT_ID.eq(visit))
                .orderBy(TEST_ORDER.ORDERED_AT).fetch());
    }

    @Test
    void the_doctor_orders_several_tests_for_the_visit_and_sees_their_status() {
        TestBrowser doctor = doctor();
        UUID visit = visitInConsultation(doctor);
        UUID sugar = ConsultationFixture.labTest(db, clinic, "FBS", "Fasting blood sugar", true);

        HttpResponse<String> ordered = doctor.post(page(visit) + "/test-orders", Map.of(
                "test_" + clinic.row("lab_test"), "on", "test_" + sugar, "on", "clinicalNotes", "Fatigue, thirst"));

        assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(303);
        assertThat(ordered.headers().firstValue("Location")).hasValue(page(visit) + "?done=ordered#tests");
        var orders = ordersOf(visit);
        assertThat(orders).hasSize(2).allSatisfy(order -> {
            assertThat(order.getStatus()).isEqualTo("ordered");
            assertThat(order.getOrderedBy()).isEqualTo(clinic.row("doctor"));
            assertThat(order.getPatientId()).isEqualTo(clinic.row("patient"));
            assertThat(order.getClinicalNotes()).isEqualTo("Fatigue, thirst");
        });
        assertThat(orders).extracting(o -> o.getLabTestId()).containsExactlyInAnyOrder(clinic.row("lab_test"), sugar);
        long audited = db.tenants().inClinic(clinic.id(), tx -> (long) tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()).and(AUDIT_EVENT.ACTION.eq("test_order.create"))
                        .and(AUDIT_EVENT.ENTITY_ID.in(orders.stream().map(o -> o.getId()).toList()))));
        assertThat(audited).isEqualTo(2);

        HttpResponse<String> shown = doctor.get(page(visit) + "?done=ordered");
        String thisVisit = shown.body().substring(shown.body().indexOf("Tests ordered in this visit"),
                shown.body().indexOf("Order lab tests"));
        assertThat(thisVisit).contains("Fasting blood sugar").contains("Haemoglobin").contains("Ordered")
                .contains("Awaiting results").contains("Fatigue, thirst");
        assertThat(shown.body()).contains("Tests ordered.");
    }

    @Test
    void ordering_nothing_an_inactive_or_another_clinics_test_is_refused_and_writes_nothing() {
        TestBrowser doctor = doctor();
        UUID visit = visitInConsultation(doctor);
        UUID retired = ConsultationFixture.labTest(db, clinic, "OLD" + (int) (Math.random() * 1000), "Retired test", false);
        assertThat(doctor.get(page(visit)).body()).as("only active tests are offered").doesNotContain("Retired test");

        HttpResponse<String> none = doctor.post(page(visit) + "/test-orders", Map.of("clinicalNotes", "Check"));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("Choose at least one test.").contains("aria-describedby=\"order-tests-error\"")
                .contains(">Check</textarea>");
        for (UUID test : List.of(retired, other.row("lab_test"))) {
            HttpResponse<String> refused = doctor.post(page(visit) + "/test-orders",
                    Map.of("test_" + clinic.row("lab_test"), "on", "test_" + test, "on"));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("active catalog").contains("<small id=\"order-tests-error\"");
        }
        HttpResponse<String> tooLong = doctor.post(page(visit) + "/test-orders",
                Map.of("test_" + clinic.row("lab_test"), "on", "clinicalNotes", "x".repeat(1001)));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(tooLong.body()).contains("<small id=\"order-clinicalNotes-error\"")
                .contains("id=\"order-test-" + clinic.row("lab_test") + "\" name=\"test_" + clinic.row("lab_test")
                        + "\" value=\"on\" checked");
        assertThat(ordersOf(visit)).isEmpty();
    }

    @Test
    void a_test_still_pending_in_the_visit_is_not_ordered_twice() {
        TestBrowser doctor = doctor();
        UUID visit = visitInConsultation(doctor);
        Map<String, String> form = Map.of("test_" + clinic.row("lab_test"), "on");
        assertThat(doctor.post(page(visit) + "/test-orders", form).statusCode()).isEqualTo(303);
        doctor.get(page(visit));

        HttpResponse<String> again = doctor.post(page(visit) + "/test-orders", form);

        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("already ordered in this visit");
        assertThat(ordersOf(visit)).hasSize(1);
    }

    @Test
    void earlier_results_show_each_value_beside_its_normal_range_with_its_flag_in_words() {
        TestBrowser doctor = doctor();
        UUID visit = visitInConsultation(doctor);

        String body = doctor.get(page(visit)).body();

        String earlier = body.substring(body.indexOf("Earlier tests and results"));
        // the fixture's completed haemoglobin: 11.2 g/dL against 12.0 to 15.5, flagged by the lab
        assertThat(earlier).contains("Haemoglobin").contains("11.2 g/dL").contains("12 – 15.5 g/dL")
                .contains("<strong class=\"abnormal\">Low</strong>").contains("Abnormal result").contains("Completed")
                .doesNotContain("sample_collected");
    }
}
