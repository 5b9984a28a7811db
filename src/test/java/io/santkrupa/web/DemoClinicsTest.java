package io.santkrupa.web;

import io.santkrupa.demo.DemoData;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What `serve --demo` promises: two clinics side by side, a user of every role in each, the
 * same usernames in both, and every login works in its own clinic and in no other.
 */
@ExtendWith(TestDatabaseExtension.class)
class DemoClinicsTest {

    private static WebTestServer server;
    private static List<DemoData.Login> logins;

    @BeforeAll
    static void loadDemo(TestDatabase db) {
        server = new WebTestServer(db);
        logins = DemoData.load(db.platform(), db.tenants(), server.hasher, server.clock);
        assertThat(DemoData.load(db.platform(), db.tenants(), server.hasher, server.clock)).as("loading twice changes nothing")
                .isEqualTo(logins);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void two_clinics_with_every_role_and_overlapping_usernames() {
        assertThat(logins).extracting(DemoData.Login::clinicSlug).containsOnly("sunrise", "lotus");
        for (String slug : List.of("sunrise", "lotus")) {
            assertThat(logins.stream().filter(l -> l.clinicSlug().equals(slug)).map(DemoData.Login::role))
                    .containsExactlyInAnyOrder("clinic_admin", "doctor", "receptionist", "lab_technician", "patient");
        }
        assertThat(logins.stream().filter(l -> l.username().equals("admin"))).hasSize(2);
    }

    @Test
    void the_demo_gives_the_lab_work_and_the_patient_results() {
        TestBrowser lab = server.browser();
        lab.signIn("sunrise", "lab", "sunrise-lab-demo");
        assertThat(lab.get("/clinic/sunrise/lab").body()).contains("Fasting blood sugar").contains("Collect the sample");
        TestBrowser patient = server.browser();
        patient.signIn("lotus", "patient", "lotus-patient-demo");
        // Ravi Shinde, a man of 35: judged by the men's range, not the 12 – 17.5 of anyone
        assertThat(patient.get("/clinic/lotus/my-record").body()).contains("Haemoglobin").contains("11.4 g/dL")
                .contains("13.5 – 17.5").contains("(Male, 18 years and over)").contains(">Low</strong>")
                .doesNotContain("out of range");
        TestBrowser asha = server.browser();
        asha.signIn("sunrise", "patient", "sunrise-patient-demo");
        assertThat(asha.get("/clinic/sunrise/my-record").body()).contains("12 – 15.5")
                .contains("(Female, 18 years and over)").contains(">Low</strong>");
        // the history keeps the completed orders, a critical sugar among them
        assertThat(lab.get("/clinic/sunrise/lab?tab=completed").body()).contains("Haemoglobin").contains("Fasting blood sugar")
                .contains("View results");
    }

    @Test
    void every_role_signs_in_to_its_own_clinic_and_no_other() {
        for (DemoData.Login login : logins) {
            String other = login.clinicSlug().equals("sunrise") ? "lotus" : "sunrise";
            TestBrowser browser = server.browser();
            HttpResponse<String> own = browser.signIn(login.clinicSlug(), login.username(), login.password());
            assertThat(own.statusCode()).as(login.clinicSlug() + "/" + login.username()).isEqualTo(303);
            HttpResponse<String> dashboard = browser.get("/clinic/" + login.clinicSlug() + "/");
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(dashboard.body()).contains("Signed in as <strong>" + login.username() + "</strong>");

            assertThat(browser.get("/clinic/" + other + "/").statusCode())
                    .as("a " + login.clinicSlug() + " session on " + other).isEqualTo(404);
            assertThat(server.browser().signIn(other, login.username(), login.password()).statusCode())
                    .as(login.clinicSlug() + "'s password for " + login.username() + " on " + other).isEqualTo(401);
        }
    }
}
