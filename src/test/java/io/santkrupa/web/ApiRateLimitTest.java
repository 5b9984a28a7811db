package io.santkrupa.web;

import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.OpenApiContract;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.auth.LoginThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-clinic API rate limits over HTTP: a burst over a clinic's limit gets 429 problem+json
 * with Retry-After and RateLimit headers before the handler or the database is reached; other
 * clinics, pages and unknown clinics are untouched; the bucket refills on the server's clock.
 * Each test uses clinics of its own, so their buckets start full.
 */
@ExtendWith(TestDatabaseExtension.class)
class ApiRateLimitTest {

    private static final int LIMIT = 5; // per minute: one request back every 12 seconds
    private static final int SIGN_INS_PER_ACCOUNT = 3;

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db,
                new LoginThrottle.Limits(1000, SIGN_INS_PER_ACCOUNT, 1000, 1000, Duration.ofMinutes(15)),
                WebSettings.defaults(), ApiRateLimits.Limits.perMinute(LIMIT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_burst_over_the_clinics_limit_gets_429_problem_json_before_the_handler_or_the_database() throws Exception {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        String patient = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
        int auditedAtStart = audited(clinic);
        for (int i = 1; i <= LIMIT; i++) {
            HttpResponse<String> ok = ApiClient.get(server, patient, token);
            assertThat(ok.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(header(ok, "RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
            assertThat(header(ok, "RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - i));
        }
        int audited = audited(clinic);
        assertThat(audited).as("every read is audited").isGreaterThanOrEqualTo(auditedAtStart + LIMIT);

        server.queries.reset();
        HttpResponse<String> refused = ApiClient.get(server, patient, token);
        int queriesOfRefused = server.queries.count();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).contains("5 API requests per minute").contains("12 seconds");
        assertThat(refused.body()).doesNotContain(clinic.row("patient").toString());
        assertThat(header(refused, "Retry-After")).isEqualTo("12");
        assertThat(header(refused, "RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
        assertThat(header(refused, "RateLimit-Remaining")).isEqualTo("0");
        assertThat(header(refused, "RateLimit-Reset")).isEqualTo("60");
        assertThat(audited(clinic)).as("the handler never ran").isEqualTo(audited);

        // what a request refused before any handler costs: finding the clinic (from memory, its
        // status confirmed in one short transaction) -- the same as a request with no token at all
        server.queries.reset();
        assertThat(ApiClient.get(server, patient, null).statusCode()).isEqualTo(401);
        int queriesOfFindingTheClinic = server.queries.count();
        assertThat(queriesOfFindingTheClinic).isPositive();
        assertThat(queriesOfRefused).as("nothing but finding the clinic").isEqualTo(queriesOfFindingTheClinic);
    }

    @Test
    void once_the_clinics_bucket_is_empty_every_api_route_answers_429_as_documented() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        for (int i = 0; i < LIMIT; i++) {
            ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token);
        }
        var apiRoutes = Routes.clinicRoutes(server.app()).stream().filter(Routes.Route::isApi).toList();
        assertThat(apiRoutes).hasSizeGreaterThan(30);
        int audited = audited(clinic);
        for (Routes.Route route : apiRoutes) {
            String path = route.concrete(clinic.slug(), param -> clinic.row(Routes.tableOf(param)).toString());
            HttpResponse<String> refused = OpenApiContract.check(ApiClient.send(server, route.method().name(), path,
                    token, route.isGet() ? null : "{}"));
            assertThat(refused.statusCode()).as(route.toString()).isEqualTo(429);
            assertThat(header(refused, "Retry-After")).as(route.toString()).isNotEmpty();
        }
        assertThat(audited(clinic)).as("no handler ran").isEqualTo(audited);
    }

    @Test
    void one_clinic_hammering_the_api_does_not_slow_another_down() {
        Clinic hammering = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        String hammeringToken = ApiClient.token(server, db, hammering, Role.RECEPTIONIST);
        String otherToken = ApiClient.token(server, db, other, Role.RECEPTIONIST);
        for (int i = 0; i < LIMIT * 3; i++) {
            ApiClient.get(server, "/clinic/" + hammering.slug() + "/api/v1/me", hammeringToken);
        }
        assertThat(ApiClient.get(server, "/clinic/" + hammering.slug() + "/api/v1/me", hammeringToken).statusCode())
                .isEqualTo(429);
        for (int i = 1; i <= LIMIT; i++) {
            HttpResponse<String> ok = ApiClient.get(server, "/clinic/" + other.slug() + "/api/v1/me", otherToken);
            assertThat(ok.statusCode()).as("the other clinic's request %d", i).isEqualTo(200);
            assertThat(header(ok, "RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - i));
        }
        assertThat(ApiClient.get(server, "/clinic/" + hammering.slug() + "/api/v1/me", hammeringToken).statusCode())
                .isEqualTo(429);
    }

    @Test
    void strangers_spend_their_own_addresss_requests_never_the_clinics() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        String foreign = ApiClient.token(server, db, other, Role.DOCTOR);
        String me = "/clinic/" + clinic.slug() + "/api/v1/me";
        try {
            for (int i = 0; i < LIMIT * 3; i++) {
                ApiClient.get(server, me, null);
                ApiClient.get(server, me, "not.a.token");
                ApiClient.get(server, me, foreign);
            }
            HttpResponse<String> stranger = ApiClient.get(server, me, null);
            assertThat(stranger.statusCode()).as("the address's own limit").isEqualTo(429);
            assertThat(stranger.body()).contains("This address has used up its");
            String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
            for (int i = 1; i <= LIMIT; i++) {
                HttpResponse<String> ok = ApiClient.get(server, me, token);
                assertThat(ok.statusCode()).as("the clinic's own request %d, from the same address", i).isEqualTo(200);
                assertThat(header(ok, "RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - i));
            }
        } finally {
            server.clock.advance(Duration.ofMinutes(1)); // the address's bucket full again for the other tests
        }
    }

    @Test
    void the_bucket_refills_on_the_servers_clock() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String me = "/clinic/" + clinic.slug() + "/api/v1/me";
        for (int i = 0; i < LIMIT; i++) {
            assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(200);
        }
        assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(429);

        server.clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> almost = ApiClient.get(server, me, token);
        assertThat(almost.statusCode()).isEqualTo(429);
        assertThat(header(almost, "Retry-After")).isEqualTo("1");

        server.clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> one = ApiClient.get(server, me, token);
        assertThat(one.statusCode()).as("one request back after 12 seconds").isEqualTo(200);
        assertThat(header(one, "RateLimit-Remaining")).isEqualTo("0");
        assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(429);

        server.clock.advance(Duration.ofMinutes(1));
        for (int i = 1; i <= LIMIT; i++) {
            assertThat(ApiClient.get(server, me, token).statusCode()).as("after a minute, request %d", i).isEqualTo(200);
        }
        assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(429);
    }

    @Test
    void pages_are_not_rate_limited() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        for (int i = 0; i <= LIMIT; i++) {
            ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token);
        }
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token).statusCode()).isEqualTo(429);

        TestBrowser browser = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        for (int i = 0; i < LIMIT * 3; i++) {
            HttpResponse<String> page = browser.get("/clinic/" + clinic.slug() + "/patients?q=PT");
            assertThat(page.statusCode()).as("page request %d", i).isEqualTo(200);
            assertThat(page.headers().firstValue("RateLimit-Limit")).isEmpty();
        }
    }

    @Test
    void an_unknown_clinic_gets_the_same_404_however_often_and_gets_no_bucket() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        HttpResponse<String> nothingHere = ApiClient.get(server,
                "/clinic/" + clinic.slug() + "/api/v1/patients/" + UUID.randomUUID(), token);
        assertThat(nothingHere.statusCode()).isEqualTo(404);
        int tracked = server.apiRateLimits.trackedClinics();

        for (int i = 0; i < LIMIT * 3; i++) {
            for (String slug : new String[] {"no-such-clinic-" + i, "no-such-clinic"}) {
                HttpResponse<String> unknown = ApiClient.get(server, "/clinic/" + slug + "/api/v1/me", token);
                assertThat(unknown.statusCode()).as(slug).isEqualTo(404);
                assertThat(unknown.body()).isEqualTo(nothingHere.body());
                assertThat(unknown.headers().firstValue("RateLimit-Limit")).isEmpty();
            }
        }
        assertThat(server.apiRateLimits.trackedClinics()).isEqualTo(tracked);
    }

    /**
     * Another clinic's token is answered as on an unknown clinic -- headers too: a RateLimit
     * header on that 404 alone (an address's bucket charged) told a clinic that exists from one
     * that does not.
     */
    @Test
    void another_clinics_token_gets_the_unknown_clinics_404_without_rate_limit_headers() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        String foreign = ApiClient.token(server, db, other, Role.DOCTOR);

        HttpResponse<String> known = ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients/"
                + clinic.row("patient"), foreign);
        HttpResponse<String> unknown = ApiClient.get(server, "/clinic/no-such-clinic/api/v1/patients/"
                + clinic.row("patient"), foreign);

        assertThat(known.statusCode()).isEqualTo(404);
        assertThat(known.body()).isEqualTo(unknown.body());
        for (String name : new String[] {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"}) {
            assertThat(known.headers().firstValue(name)).as(name).isEqualTo(unknown.headers().firstValue(name)).isEmpty();
        }
    }

    @Test
    void the_token_endpoint_keeps_its_stricter_per_account_limit_and_says_so_in_its_headers() throws Exception {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String tokenPath = "/clinic/" + clinic.slug() + "/api/v1/auth/token";
        String wrong = "{\"username\":\"doctor\",\"password\":\"wrong\"}";
        for (int i = 0; i < SIGN_INS_PER_ACCOUNT; i++) {
            assertThat(ApiClient.send(server, "POST", tokenPath, null, wrong).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = ApiClient.send(server, "POST", tokenPath, null,
                "{\"username\":\"doctor\",\"password\":\"" + WebFixture.password("doctor") + "\"}");
        assertThat(throttled.statusCode()).as("well under the clinic's API limit of %d", LIMIT).isEqualTo(429);
        assertThat(header(throttled, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(Json.MAPPER.readTree(throttled.body()).get("detail").asText()).contains("sign-in attempts");
        long retryAfter = Long.parseLong(header(throttled, "Retry-After"));
        assertThat(retryAfter).isBetween(1L, 300L); // one attempt back every 5 minutes
        assertThat(header(throttled, "RateLimit-Limit")).isEqualTo(String.valueOf(SIGN_INS_PER_ACCOUNT));
        assertThat(header(throttled, "RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(header(throttled, "RateLimit-Reset"))).isBetween(retryAfter, 900L);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static int audited(Clinic clinic) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value())));
    }
}
