package io.santkrupa.lab;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed lab report through real HTTP: the desk (and the doctor) print a completed test for
 * the patient from the chart (PRINT_FOR_PATIENT) -- the clinic's header, the patient, each value
 * with its unit, the range it was judged against and its flag, remarks, corrections, who and when
 * -- and hand over the lab's file; each view and download is an audited read; an order not
 * completed, another clinic's or an unknown one is the same 404; the lab, the admin and patients
 * get 403.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabReportPrintTest {

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String report(Clinic clinic, UUID order) {
        return "/clinic/" + clinic.slug() + "/lab-reports/" + order;
    }

    private static List<String> audited(Clinic clinic, HttpResponse<?> response) {
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.ENTITY_ID, AUDIT_EVENT.DETAIL)
                .from(AUDIT_EVENT).where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .orderBy(AUDIT_EVENT.OCCURRED_AT)
                .fetch(r -> r.value1() + " " + r.value2() + " " + r.value3()));
    }

    @Test
    void the_desk_prints_a_completed_report_from_the_chart_and_each_view_is_an_audited_read() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID order = clinic.row("test_order");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);

        // the chart lists the completed test to print, without its values
        String chart = reception.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient")).body();
        assertThat(chart).contains("<h2 id=\"lab-reports\">Lab reports</h2>")
                .contains("<a href=\"" + report(clinic, order) + "\">Print the report")
                .contains("<a href=\"" + report(clinic, order) + "/file\">Download the lab's file (cbc.pdf)</a>")
                .contains("<strong>Haemoglobin</strong> <small>HB</small> · completed").contains("· <strong>Corrected</strong>")
                .doesNotContain("11.2").doesNotContain("Test results");

        server.queries.reset();
        HttpResponse<String> printed = reception.get(report(clinic, order));
        // resolve slug; session (set context + find); set context + the report in one statement + audit
        assertThat(server.queries.count()).isEqualTo(6);
        assertThat(printed.statusCode()).isEqualTo(200);
        OffsetDateTime sampled = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.SAMPLE_COLLECTED_AT)
                .from(TEST_ORDER).where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.SAMPLE_COLLECTED_AT));
        int years = Period.between(LocalDate.of(1985, 4, 12),
                sampled.atZoneSameInstant(ClinicFixture.ZONE).toLocalDate()).getYears();
        assertThat(printed.body())
                // the clinic's header, the patient, the order
                .contains("<h1>Test Clinic").contains("Registration no. REG-")
                .contains("<strong>Asha Patil</strong><br>").contains("PT-" + clinic.code() + "-2026-001")
                .contains("Age " + years + " y · Female")
                .contains("Laboratory report: Haemoglobin <small>HB</small>")
                .contains("Ordered by <strong>doctor</strong>").contains("Sample: Blood, collected ")
                .contains("Reported<br><strong>").contains("<br>by lab")
                // the value with its unit, the range it was judged against and its flag
                .contains("<td data-label=\"Result\">11.2 g/dL</td>")
                .contains("<td data-label=\"Normal range\">12 – 15.5 g/dL</td>")
                .contains("<strong class=\"abnormal lab-flag-low\">Low</strong>")
                // the correction, who and why
                .contains("<h2>Corrections</h2>").contains("</strong> by lab.").contains("Reason: Remarks completed")
                .contains("Remarks before: none")
                // the lab's file, the Print button and the way back (to the patient: the desk has no visit page)
                .contains("The lab's report file: cbc.pdf").contains("href=\"" + report(clinic, order) + "/file\"")
                .contains("<button type=\"button\" data-print hidden>Print</button>").contains("/static/print.js")
                .contains("/static/consultation.css")
                .contains("<a href=\"/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient") + "\">Back to Asha Patil</a>")
                .doesNotContain("Back to the visit");
        assertThat(audited(clinic, printed)).containsExactly("test_order.read " + order + " lab report print");
        // every view is read again and audited again
        assertThat(audited(clinic, reception.get(report(clinic, order)))).hasSize(1);

        HttpResponse<byte[]> file = reception.download(report(clinic, order) + "/file");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("cbc.pdf");
        assertThat(new String(file.body(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4\n% cbc.pdf\n");
        assertThat(audited(clinic, file)).containsExactly("test_order.report_download " + order + " for the patient");
    }

    @Test
    void the_report_shows_the_range_of_the_patients_sex_and_age_critical_values_and_what_a_correction_changed() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        UUID vikram = seeds.patient("Vikram", "Joshi", "male", LocalDate.of(1964, 11, 21));
        UUID[] sugar = seeds.test("FBS", "Fasting blood sugar", "Glucose (fasting)", "mg/dL", "70", "100");
        seeds.range(sugar[1], 1, "any", 0, null, "years", "70", "100", "50", "400");
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID hbOrder = seeds.order(vikram, clinic.row("lab_test"), now.minusHours(3), true);
        UUID sugarOrder = seeds.order(vikram, sugar[0], now.minusHours(2), true);
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String labOrders = "/clinic/" + clinic.slug() + "/lab/orders/";

        // the lab enters and completes both on its own pages
        complete(lab, labOrders + hbOrder, clinic.row("lab_test_parameter"), "12.1", "Repeat advised");
        complete(lab, labOrders + sugarOrder, sugar[1], "412", "");
        // and corrects the sugar: typed wrong
        Map<String, String> fields = LabSeeds.formFields(lab.get(labOrders + sugarOrder + "/correct").body(),
                labOrders + sugarOrder + "/correct");
        fields.put("value_" + sugar[1], "98");
        fields.put("reason", "Typed 412; the analyser printout reads 98");
        assertThat(lab.postMultipart(labOrders + sugarOrder + "/correct", fields, "report", null, null, null).statusCode())
                .isEqualTo(303);

        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        // the doctor reaches both from the chart
        String chart = doctor.get("/clinic/" + clinic.slug() + "/patients/" + vikram).body();
        assertThat(chart).contains("<a href=\"" + report(clinic, hbOrder) + "\">Printable report</a>")
                .contains("<a href=\"" + report(clinic, sugarOrder) + "\">Printable report</a>");

        String hb = doctor.get(report(clinic, hbOrder)).body();
        // a man's range, not the general one the fixture's woman is judged by
        assertThat(hb).contains("<td data-label=\"Result\">12.1 g/dL</td>")
                .contains("<td data-label=\"Normal range\">13 – 17 g/dL <small>(Male, 18 years and over)</small></td>")
                .contains(">Low</strong>").contains("<strong>Remarks:</strong> Repeat advised")
                .contains("Age " + Period.between(LocalDate.of(1964, 11, 21), server.clock.clinicToday()).getYears() + " y · Male").doesNotContain("<h2>Corrections</h2>").doesNotContain("lab's report file")
                .contains("Back to Vikram Joshi");

        String corrected = doctor.get(report(clinic, sugarOrder)).body();
        assertThat(corrected).contains("<td data-label=\"Result\">98 mg/dL</td>")
                .contains("<td data-label=\"Flag\">Normal</td>")
                .contains("<strong>Corrected</strong> ")
                .contains("Reason: Typed 412; the analyser printout reads 98")
                .contains("Earlier: Glucose (fasting) 412 mg/dL (Critical high).");
        // before the correction the same report said Critical high: the flag is printed as the lab judged it
        UUID critical = seeds.completed(vikram, sugar[0], sugar[1], "45", "critical_low", now.minusMinutes(5));
        assertThat(doctor.get(report(clinic, critical)).body())
                .contains("<strong class=\"abnormal lab-flag-critical_low\">Critical low</strong>");
    }

    @Test
    void only_a_completed_order_has_a_report_and_only_the_doctor_and_the_desk_print_it() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID waiting = seeds.order(clinic.row("patient"), clinic.row("lab_test"), now.minusHours(1), true);
        UUID withoutFile = seeds.completed(clinic.row("patient"), clinic.row("lab_test"), clinic.row("lab_test_parameter"),
                "13.0", "normal", now.minusMinutes(30));
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);

        List<String> bodies = new ArrayList<>();
        for (String id : List.of(waiting.toString(), other.row("test_order").toString(), UUID.randomUUID().toString(),
                "not-an-id")) {
            HttpResponse<String> print = reception.get("/clinic/" + clinic.slug() + "/lab-reports/" + id);
            assertThat(print.statusCode()).as(id).isEqualTo(404);
            bodies.add(print.body());
            assertThat(reception.get("/clinic/" + clinic.slug() + "/lab-reports/" + id + "/file").statusCode()).as(id)
                    .isEqualTo(404);
        }
        assertThat(bodies).as("no hint that an order exists").containsOnly(bodies.getFirst());
        assertThat(reception.get(report(clinic, withoutFile)).statusCode()).isEqualTo(200);
        assertThat(reception.get(report(clinic, withoutFile) + "/file").statusCode()).isEqualTo(404);
        // the order not completed is not on the desk's list
        assertThat(reception.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient")).body())
                .contains(report(clinic, withoutFile)).doesNotContain(report(clinic, waiting));

        // the doctor prints it too, from the chart or the consultation, and goes back to either
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        UUID fixtureOrder = clinic.row("test_order");
        HttpResponse<String> printed = doctor.get(report(clinic, fixtureOrder));
        assertThat(printed.statusCode()).isEqualTo(200);
        assertThat(printed.body()).contains("Back to Asha Patil")
                .contains("<a href=\"/clinic/" + clinic.slug() + "/visits/" + clinic.row("patient_visit") + "\">Back to the visit</a>");
        assertThat(doctor.get("/clinic/" + clinic.slug() + "/visits/" + clinic.row("patient_visit")).body())
                .contains("<a href=\"" + report(clinic, fixtureOrder) + "\">Printable report");
        assertThat(doctor.download(report(clinic, fixtureOrder) + "/file").statusCode()).isEqualTo(200);

        for (Role role : List.of(Role.LAB_TECHNICIAN, Role.CLINIC_ADMIN, Role.PATIENT)) {
            TestBrowser refused = ApiClient.signedIn(server, clinic, role);
            assertThat(refused.get(report(clinic, fixtureOrder)).statusCode()).as(role.name()).isEqualTo(403);
            assertThat(refused.get(report(clinic, fixtureOrder) + "/file").statusCode()).as(role.name()).isEqualTo(403);
        }
    }

    @Test
    void the_desks_list_of_lab_reports_pages_newest_first() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        UUID patient = seeds.patient("Meera", "Kulkarni", "female", LocalDate.of(1992, 1, 5));
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        List<UUID> orders = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            orders.add(seeds.completed(patient, clinic.row("lab_test"), clinic.row("lab_test_parameter"), "13.0",
                    "normal", now.minusDays(i)));
        }
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        String first = reception.get("/clinic/" + clinic.slug() + "/patients/" + patient).body();
        assertThat(LabSeeds.count(first, ">Print the report<")).isEqualTo(10);
        assertThat(first).contains(report(clinic, orders.getFirst())).contains(report(clinic, orders.get(9)))
                .doesNotContain(report(clinic, orders.get(10)))
                .doesNotContain("Download the lab's file");
        Matcher older = Pattern.compile("href=\"([^\"]*\\?testsBefore=[^\"#]+)#lab-reports\"").matcher(first);
        assertThat(older.find()).as("a link to older lab reports").isTrue();
        String second = reception.get(older.group(1)).body();
        assertThat(LabSeeds.count(second, ">Print the report<")).isEqualTo(1);
        assertThat(second).contains(report(clinic, orders.get(10))).doesNotContain("Older lab reports");
    }

    /** Completes a collected order on the lab's page with one value and remarks. */
    private static void complete(TestBrowser lab, String path, UUID parameter, String value, String remarks) {
        Map<String, String> fields = LabSeeds.formFields(lab.get(path).body(), path + "/results");
        fields.put("value_" + parameter, value);
        fields.put("remarks", remarks);
        fields.put("action", "complete");
        HttpResponse<String> done = lab.postMultipart(path + "/results", fields, "report", null, null, null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    }
}
