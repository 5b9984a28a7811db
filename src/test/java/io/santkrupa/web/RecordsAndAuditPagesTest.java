package io.santkrupa.web;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What each role sees of a patient's record, and the clinic admin's audit log. */
@ExtendWith(TestDatabaseExtension.class)
class RecordsAndAuditPagesTest {

    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestBrowser signedIn(Clinic c, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String chart(Clinic c) {
        return "/clinic/" + c.slug() + "/patients/" + c.row("patient");
    }

    @Test
    void reception_sees_demographics_and_visits_but_no_clinical_notes() {
        HttpResponse<String> page = signedIn(clinic, "reception").get(chart(clinic));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Asha Patil").contains("Penicillin").contains("Visits")
                .doesNotContain("Clinical notes").doesNotContain("Viral fever");
    }

    @Test
    void the_doctor_sees_the_clinical_notes() {
        HttpResponse<String> page = signedIn(clinic, "doctor").get(chart(clinic));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Clinical notes").contains("Viral fever");
    }

    @Test
    void patient_search_finds_by_code_and_name_prefix_within_the_clinic() {
        TestBrowser reception = signedIn(clinic, "reception");
        HttpResponse<String> byName = reception.get("/clinic/" + clinic.slug() + "/patients?q=pat");
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byName.body()).contains("PT-" + clinic.code() + "-2026-001").doesNotContain("PT-" + other.code());
        HttpResponse<String> byCode = reception.get("/clinic/" + clinic.slug() + "/patients?q=pt-" + clinic.code().toLowerCase() + "-2026-001");
        assertThat(byCode.body()).contains(clinic.row("patient").toString());
    }

    @Test
    void the_patient_chart_and_the_search_cost_a_fixed_number_of_queries() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        doctor.get(chart(clinic));
        server.queries.reset();
        assertThat(doctor.get(chart(clinic)).statusCode()).isEqualTo(200);
        // resolve slug; session (set context + find);
        // chart (set context + patient + audit + visits + notes + tests + prescriptions with their items + documents)
        assertThat(server.queries.count()).isEqualTo(11);
        TestBrowser reception = signedIn(clinic, "reception");
        server.queries.reset();
        assertThat(reception.get("/clinic/" + clinic.slug() + "/patients?q=").statusCode()).isEqualTo(200);
        // resolve slug; session (set context + find); search (set context + the clinic's phone country + one
        // query + its audit event), whatever the number of rows
        assertThat(server.queries.count()).isEqualTo(7);
    }

    @Test
    void a_long_history_comes_ten_at_a_time_with_links_to_older_pages_at_the_same_cost(TestDatabase db) {
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        for (int day = 1; day <= 13; day++) {
            io.santkrupa.testing.ConsultationFixture.pastConsultation(db, busy, busy.row("patient"), day);
        }
        TestBrowser patient = server.browser();
        patient.signIn(busy.slug(), "asha", WebFixture.password("asha"));
        String record = "/clinic/" + busy.slug() + "/my-record";
        patient.get(record);
        server.queries.reset();
        HttpResponse<String> first = patient.get(record);
        int cost = server.queries.count();
        String body = first.body();
        for (String[] section : new String[][] {{"notesBefore", "Older notes"}, {"rxBefore", "Older prescriptions"},
                {"testsBefore", "Older test results"}}) {
            Matcher link = Pattern.compile("href=\"([^\"]*" + section[0] + "=[^\"]+)\"[^>]*>" + section[1]).matcher(body);
            assertThat(link.find()).as(section[1]).isTrue();
            server.queries.reset();
            HttpResponse<String> older = patient.get(link.group(1).replace("&amp;", "&"));
            assertThat(older.statusCode()).isEqualTo(200);
            assertThat(server.queries.count()).as("an older page costs the same").isEqualTo(cost);
            assertThat(older.body()).doesNotContain(section[1]).as("the last page has no further link");
        }
    }

    @Test
    void a_patient_sees_their_own_record_and_nobody_elses() {
        TestBrowser patient = signedIn(clinic, "asha");
        HttpResponse<String> own = patient.get("/clinic/" + clinic.slug() + "/my-record");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("Asha Patil").contains("Viral fever")
                .contains("Test results").contains("Haemoglobin").contains("11.2 g/dL").contains(">Low</strong>")
                .contains("/clinic/" + clinic.slug() + "/my-record/orders/" + clinic.row("test_order") + "/report")
                .contains("Prescriptions").contains("Paracetamol")
                .contains("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + clinic.row("prescription"));
        assertThat(patient.get("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + clinic.row("prescription"))
                .statusCode()).isEqualTo(200);
        assertThat(patient.download("/clinic/" + clinic.slug() + "/my-record/orders/" + clinic.row("test_order") + "/report")
                .statusCode()).isEqualTo(200);
        assertThat(patient.get(chart(clinic)).statusCode()).isEqualTo(403);
        assertThat(patient.get("/clinic/" + clinic.slug() + "/patients").statusCode()).isEqualTo(403);
    }

    @Test
    void the_clinic_admin_reads_and_filters_the_audit_log_of_their_clinic_only() {
        signedIn(clinic, "doctor").get(chart(clinic));
        signedIn(other, "doctor").get(chart(other));
        server.browser().signIn(clinic.slug(), "doctor", "a wrong password");

        TestBrowser admin = signedIn(clinic, "admin");
        HttpResponse<String> all = admin.get("/clinic/" + clinic.slug() + "/audit");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("patient.read").contains("auth.login").contains("wrong password")
                .contains(clinic.row("patient").toString()).doesNotContain(other.row("patient").toString());

        HttpResponse<String> reads = admin.get("/clinic/" + clinic.slug() + "/audit?action=patient.read");
        assertThat(reads.statusCode()).isEqualTo(200);
        assertThat(reads.body()).contains("patient.read").doesNotContain("<td>auth.login</td>");

        HttpResponse<String> failures = admin.get("/clinic/" + clinic.slug() + "/audit?outcome=failure&user=doctor");
        assertThat(failures.body()).contains("wrong password").doesNotContain("<td>success</td>");

        assertThat(signedIn(clinic, "doctor").get("/clinic/" + clinic.slug() + "/audit").statusCode()).isEqualTo(403);
    }

    @Test
    void the_audit_log_pages_backwards_in_time() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        for (int i = 0; i < 55; i++) {
            doctor.get(chart(clinic));
        }
        TestBrowser admin = signedIn(clinic, "admin");
        HttpResponse<String> first = admin.get("/clinic/" + clinic.slug() + "/audit?action=patient.read");
        Matcher older = Pattern.compile("href=\"\\?([^\"]*before=[^\"]+)\"").matcher(first.body());
        assertThat(older.find()).as("a link to older events").isTrue();
        HttpResponse<String> second = admin.get("/clinic/" + clinic.slug() + "/audit?" + older.group(1).replace("&amp;", "&"));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(rows(first.body())).isEqualTo(50);
        assertThat(rows(second.body())).isBetween(5, 50);
    }

    private static int rows(String html) {
        int body = html.indexOf("<tbody>");
        return body < 0 ? 0 : html.substring(body).split("<tr[ >]", -1).length - 1;
    }
}
