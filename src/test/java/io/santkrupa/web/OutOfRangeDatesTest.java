package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
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
import java.util.List;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates and cursors Java reads but PostgreSQL cannot store ({@code +999999999-12-31}, a year
 * before 1): the API answers 400 naming the parameter, a page takes them as no filter or the
 * first page; never the 500 "date/timestamp out of range" they got before (issue 12, finding 7).
 */
@ExtendWith(TestDatabaseExtension.class)
class OutOfRangeDatesTest {

    /** URL-encoded: a literal '+' in a query string would arrive as a space. */
    private static final List<String> DAYS = List.of("%2B999999999-12-31", "-999999999-01-01", "0000-01-01",
            "99999-01-01");
    private static final List<String> TIMES = List.of("%2B999999999-12-31T00:00Z", "-999999999-01-01T00:00Z",
            "9999-12-31T23:00-05:00", "0001-01-01T00:30%2B01:00");

    private static TestDatabase db;
    private static WebTestServer server;
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

    @Test
    void the_api_answers_400_naming_the_date_or_the_cursor() {
        String reception = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        String doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
        String patient = clinic.row("patient").toString();
        for (String day : DAYS) {
            HttpResponse<String> visits = ApiClient.get(server, api("/visits?date=" + day), reception);
            assertThat(visits.statusCode()).as("visits on " + day).isEqualTo(400);
            assertThat(fieldErrors(json(visits))).containsExactly("date");
        }
        for (String time : TIMES) {
            String cursor = time + "_" + UUID.randomUUID();
            for (String list : List.of("prescriptions", "test-reports", "documents")) {
                HttpResponse<String> page = ApiClient.get(server,
                        api("/patients/" + patient + "/" + list + "?cursor=" + cursor), doctor);
                assertThat(page.statusCode()).as(list + " after " + time).isEqualTo(400);
                assertThat(fieldErrors(json(page))).containsExactly("cursor");
            }
        }
    }

    @Test
    void pages_take_them_as_no_filter_or_the_first_page() {
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String chart = "/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient");
        for (String time : TIMES) {
            String cursor = time + "_" + UUID.randomUUID();
            for (String param : List.of("notesBefore", "testsBefore", "rxBefore", "docsBefore", "visitsBefore")) {
                assertThat(doctor.get(chart + "?" + param + "=" + cursor).statusCode()).as(param + "=" + time)
                        .isEqualTo(200);
            }
            assertThat(admin.get("/clinic/" + clinic.slug() + "/audit?before=" + cursor).statusCode()).as(time)
                    .isEqualTo(200);
        }
        for (String day : DAYS) {
            assertThat(admin.get("/clinic/" + clinic.slug() + "/audit?from=" + day + "&to=" + day).statusCode())
                    .as("audit from " + day).isEqualTo(200);
        }
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }
}
