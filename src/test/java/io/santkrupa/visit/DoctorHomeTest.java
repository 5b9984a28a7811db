package io.santkrupa.visit;

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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor's blocks of the dashboard: today's queue, the next patient, recent patients. */
@ExtendWith(TestDatabaseExtension.class)
class DoctorHomeTest {

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

    private static TestBrowser signedIn(Clinic c, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String between(String body, String from, String to) {
        int start = body.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = body.indexOf(to, start);
        return body.substring(start, end < 0 ? body.length() : end);
    }

    @Test
    void the_dashboard_shows_todays_queue_by_token_the_next_patient_and_recent_patients() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LocalDate today = server.clock.clinicToday();
        UUID ravi = ConsultationFixture.patient(db, server.hasher, clinic, "Ravi", null);
        UUID meera = ConsultationFixture.patient(db, server.hasher, clinic, "Meera", null);
        UUID first = ConsultationFixture.waitingVisit(db, clinic, ravi, today);
        UUID second = ConsultationFixture.waitingVisit(db, clinic, meera, today);
        ConsultationFixture.waitingVisit(db, clinic, meera, today.minusDays(1));
        UUID colleague = ConsultationFixture.doctor(db, server.hasher, clinic, "dr-shah");
        ConsultationFixture.visit(db, clinic, ravi, colleague, today, "waiting", OffsetDateTime.now());
        TestBrowser doctor = signedIn(clinic, "doctor");

        String body = doctor.get("/clinic/" + clinic.slug()).body();

        String queue = between(body, "Today's queue", "Recent patients");
        assertThat(queue).contains("Asha Patil").contains("Ravi Kale").contains("Meera Kale").contains("Completed")
                .contains("Waiting").contains("href=\"/clinic/" + clinic.slug() + "/queue\"");
        assertThat(queue.indexOf("Asha Patil")).as("token 1 first").isLessThan(queue.indexOf("Ravi Kale"));
        assertThat(queue.indexOf("Ravi Kale")).isLessThan(queue.indexOf("Meera Kale"));
        assertThat(queue.split("<tr>", -1)).as("header and three of today's visits of this doctor").hasSize(5);
        String next = between(body, "Next patient", "Today's queue");
        assertThat(next).contains("Ravi Kale").contains("/visits/" + first + "/start").contains("Start consultation");
        String recent = between(body, "Recent patients", "What you can do here");
        assertThat(recent).contains("Asha Patil").doesNotContain("Ravi Kale");

        assertThat(doctor.post("/clinic/" + clinic.slug() + "/visits/" + second + "/start", Map.of()).statusCode())
                .isEqualTo(303);
        String now = doctor.get("/clinic/" + clinic.slug()).body();
        assertThat(between(now, "Now seeing", "Today's queue")).as("the consultation under way comes first")
                .contains("Meera Kale").contains("Continue the consultation").doesNotContain("Start consultation");
    }

    @Test
    void other_roles_see_no_doctor_blocks() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        for (String username : new String[] {"reception", "lab", "admin", "asha"}) {
            HttpResponse<String> home = signedIn(clinic, username).get("/clinic/" + clinic.slug());
            assertThat(home.statusCode()).isEqualTo(200);
            // the doctor's blocks themselves (reception's dashboard links to "Today's queue" too)
            assertThat(home.body()).as(username).doesNotContain("id=\"todays-queue\"").doesNotContain("Recent patients");
        }
    }

    @Test
    void the_dashboard_costs_a_fixed_number_of_queries_whatever_the_day_and_the_past() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser doctor = signedIn(clinic, "doctor");
        doctor.get("/clinic/" + clinic.slug());
        server.queries.reset();
        doctor.get("/clinic/" + clinic.slug());
        int quiet = server.queries.count();

        LocalDate today = server.clock.clinicToday();
        for (int i = 0; i < 30; i++) {
            UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Patient" + i, null);
            ConsultationFixture.waitingVisit(db, clinic, patient, today);
            ConsultationFixture.pastConsultation(db, clinic, patient, i + 1);
        }
        server.queries.reset();
        HttpResponse<String> busy = doctor.get("/clinic/" + clinic.slug());

        // resolve slug; session (set context + find); set context + clinic name + queue + next + recent
        // + the audit event of the patients it names
        assertThat(server.queries.count()).isEqualTo(quiet).isEqualTo(9);
        assertThat(busy.body()).contains("31 visits today; the first 25 are shown here");
        String recent = between(busy.body(), "Recent patients", "What you can do here");
        assertThat(recent.split("<li>", -1)).as("ten recent patients").hasSize(11);
        assertThat(recent).contains("Patient0 Kale").contains("Patient9 Kale").doesNotContain("Patient10 Kale");
    }
}
