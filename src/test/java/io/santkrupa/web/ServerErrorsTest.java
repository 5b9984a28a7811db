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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server refuses before any route runs -- an address with bytes that are not UTF-8, an
 * encoded surrogate -- is answered like every other refusal: problem+json on the API, a page that
 * says what was wrong otherwise; an address Jetty could not read at all (a NUL in it, too long)
 * gets problem+json. Found by the bad-input fuzz
 * (HostileInputFuzzTest): these got Jetty's own debugging page, HTML even on the API.
 */
@ExtendWith(TestDatabaseExtension.class)
class ServerErrorsTest {

    /** Path segments Jetty will not decode: invalid UTF-8, an encoded surrogate (CESU-8), an overlong '/', a cut sequence. */
    private static final List<String> UNREADABLE = List.of("%FF%FE", "%ED%A0%80", "%C0%AF", "a%80b", "x%E2%82");

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
    void an_api_address_that_cannot_be_read_gets_problem_json() {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        for (String segment : UNREADABLE) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                HttpResponse<String> answer = ApiClient.send(server, method, "/clinic/" + clinic.slug() + "/api/v1/patients/" + segment,
                        token, method.equals("GET") ? null : "{}");
                assertThat(answer.statusCode()).as(method + " " + segment).isBetween(400, 499);
                assertThat(answer.headers().firstValue("Content-Type")).as(method + " " + segment).hasValue("application/problem+json");
                assertThat(ApiClient.json(answer).path("detail").asText()).as(method + " " + segment).isNotBlank();
            }
        }
    }

    @Test
    void a_page_address_that_cannot_be_read_gets_a_page_saying_so() {
        TestBrowser desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        for (String segment : UNREADABLE) {
            HttpResponse<String> answer = ApiClient.page(server, "GET", "/clinic/" + clinic.slug() + "/patients/" + segment,
                    desk.cookies, Map.of());
            assertThat(answer.statusCode()).as(segment).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type")).as(segment).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(answer.body()).as(segment).containsPattern("<h1>[^<]+</h1>\\s*<p>[^<]+</p>").doesNotContain("jetty");
        }
    }

    /** An encoded NUL or an address too long: Jetty does not read the request line, so nothing tells the API from a page. */
    @Test
    void an_address_never_read_gets_problem_json_whatever_it_was() {
        TestBrowser desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        for (String path : List.of("/patients/A%00", "/api/v1/patients/A%00", "/patients?q=" + "a".repeat(20_000),
                "/api/v1/patients?q=" + "a".repeat(20_000))) {
            HttpResponse<String> answer = ApiClient.page(server, "GET", "/clinic/" + clinic.slug() + path, desk.cookies, Map.of());
            String what = path.substring(0, Math.min(40, path.length()));
            assertThat(answer.statusCode()).as(what).isIn(400, 414);
            assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
            assertThat(ApiClient.json(answer).path("detail").asText()).as(what).isNotBlank().doesNotContainIgnoringCase("jetty");
        }
    }
}
