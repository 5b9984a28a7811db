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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reception desk's home: today's numbers (registered, waiting, in consultation, done,
 * no-shows, cancelled) on the clinic's day, the patient search ready to type into; and check-in
 * with the doctor already chosen when the clinic has only one.
 */
@ExtendWith(TestDatabaseExtension.class)
class DeskDashboardTest {

    private static final Pattern NUMBER = Pattern.compile("<strong>(\\d+)</strong> ([a-z -]+)<");

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

    @Test
    void the_desk_sees_todays_numbers_and_a_search_field_ready_to_type_into() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser reception = signedIn(clinic, "reception");
        String before = reception.get(home(clinic)).body();
        LocalDate today = server.clock.clinicToday();
        UUID doctor = clinic.row("doctor");
        for (String status : new String[] {"waiting", "waiting", "in_consultation", "completed", "completed", "completed",
                "no_show", "cancelled"}) {
            ConsultationFixture.visit(db, clinic, ConsultationFixture.patient(db, server.hasher, clinic, "Desk", null),
                    doctor, today, status, OffsetDateTime.now(server.clock));
        }
        // yesterday's visits are not today's
        ConsultationFixture.visit(db, clinic, clinic.row("patient"), doctor, today.minusDays(1), "no_show",
                OffsetDateTime.now(server.clock).minusDays(1));

        HttpResponse<String> home = reception.get(home(clinic));

        assertThat(home.statusCode()).isEqualTo(200);
        java.util.Map<String, Integer> shown = numbers(home.body());
        java.util.Map<String, Integer> earlier = numbers(before);
        assertThat(shown.get("waiting") - earlier.get("waiting")).isEqualTo(2);
        assertThat(shown.get("in consultation") - earlier.get("in consultation")).isEqualTo(1);
        assertThat(shown.get("done") - earlier.get("done")).isEqualTo(3);
        assertThat(shown.get("no-shows") - earlier.get("no-shows")).isEqualTo(1);
        assertThat(shown.get("cancelled") - earlier.get("cancelled")).isEqualTo(1);
        // the fixture's patients are registered "now" by the database: eight more today
        assertThat(shown.get("registered") - earlier.get("registered")).isEqualTo(8);
        assertThat(home.body()).contains("name=\"q\" type=\"search\" autocomplete=\"off\" autofocus")
                .contains("data-live-search").contains("/static/live-search.js").contains("id=\"results\"");
    }

    @Test
    void doctors_and_admins_have_no_desk_numbers_and_the_desks_home_costs_fixed_queries() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        for (String username : new String[] {"doctor", "admin", "lab"}) {
            assertThat(signedIn(clinic, username).get(home(clinic)).body()).as(username).doesNotContain("day-numbers");
        }
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(home(clinic));
        server.queries.reset();
        reception.get(home(clinic));
        int quiet = server.queries.count();
        for (int i = 0; i < 5; i++) {
            ConsultationFixture.visit(db, clinic, ConsultationFixture.patient(db, server.hasher, clinic, "Busy", null),
                    clinic.row("doctor"), server.clock.clinicToday(), "waiting", OffsetDateTime.now(server.clock));
        }
        server.queries.reset();
        reception.get(home(clinic));
        assertThat(server.queries.count()).isEqualTo(quiet);
    }

    @Test
    void check_in_comes_with_the_clinics_only_doctor_chosen_and_with_none_when_there_are_two() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser reception = signedIn(clinic, "reception");
        String checkIn = "/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient") + "/check-in";

        assertThat(reception.get(checkIn).body())
                .contains("<option value=\"" + clinic.row("doctor") + "\" selected>")
                .doesNotContain("<option value=\"\" selected>");

        ConsultationFixture.doctor(db, server.hasher, clinic, "second-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(reception.get(checkIn).body()).contains("<option value=\"\" selected>")
                .doesNotContain("<option value=\"" + clinic.row("doctor") + "\" selected>");
    }

    private static java.util.Map<String, Integer> numbers(String html) {
        java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
        Matcher m = NUMBER.matcher(html);
        while (m.find()) {
            numbers.put(m.group(2).strip(), Integer.parseInt(m.group(1)));
        }
        assertThat(numbers).containsKeys("registered", "waiting", "in consultation", "done", "no-shows", "cancelled");
        return numbers;
    }

    private static TestBrowser signedIn(Clinic clinic, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String home(Clinic clinic) {
        return "/clinic/" + clinic.slug() + "/";
    }
}
