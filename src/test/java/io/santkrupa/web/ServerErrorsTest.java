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
 * encoded NUL or surrogate, an address too long -- is answered like every other refusal:
 * problem+json on the API, a page that says what was wrong otherwise. Found by the bad-input fuzz
 * (HostileInputFuzzTest): these got Jetty's own debugging page, HTML even on the API.
 */
@ExtendWith(TestDatabaseExtension.class)
class ServerErrorsTest {

    /** Path segments Jetty will not decode: invalid UTF-8, an encoded surrogate (CESU-8), an overlong '/'. */
    private static final List<String> UNREADABLE = List.of("%FF%FE", "%ED%A0%80", "%C0%AF", "a%80b");

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
            HttpResponse<String> answer = ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients/" + segment, token);
            assertThat(answer.statusCode()).as(segment).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type")).as(segment).hasValue("application/problem+json");
            assertThat(ApiClient.json(answer).path("detail").asText()).as(segment).isNotBlank();
        }
        HttpResponse<String> tooLong = ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients?q=" + "a".repeat(20_000), token);
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(tooLong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
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
        HttpResponse<String> tooLong = ApiClient.page(server, "GET", "/clinic/" + clinic.slug() + "/patients?q=" + "a".repeat(20_000),
                desk.cookies, Map.of());
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(tooLong.body()).doesNotContainIgnoringCase("jetty");
    }
}
