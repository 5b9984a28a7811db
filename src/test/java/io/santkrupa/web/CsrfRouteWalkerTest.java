package io.santkrupa.web;

import io.santkrupa.adversarial.AdversarialReport;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Replays every state-changing page route of a clinic -- read from Javalin's router, so a form
 * added later is replayed too (it must get a valid form in {@link WriteScenarios}) -- with its
 * CSRF token missing, wrong, and taken from another session: each is refused with 403 and the
 * clinic's rows are exactly what they were. The same form with the session's own token then gets
 * through and writes, so the refusals were the token's doing ("Stay signed in", which writes no
 * row, gets its 200). The sign-in, one-time-link and invitation-code forms, which have no session
 * yet, are replayed the same way with their double-submit {@code _login} token (missing, wrong,
 * another browser's).
 */
@ExtendWith(TestDatabaseExtension.class)
class CsrfRouteWalkerTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static WriteScenarios scenarios;
    /** Another signed-in user of the same clinic: a valid CSRF token, of another session. */
    private static TestBrowser otherSession;
    /** Its section of the adversarial suite's summary (target/adversarial/summary.md): what it sent and found. */
    private static final AdversarialReport REPORT = new AdversarialReport("30-csrf",
            "CSRF on every state-changing form (CsrfRouteWalkerTest)");
    private static final AtomicInteger ROUTES = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger WRITTEN = new AtomicInteger();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        scenarios = new WriteScenarios(db, server, clinic);
        otherSession = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
    }

    @AfterAll
    static void stop() {
        REPORT.figure("state-changing page routes replayed (from the router)", ROUTES.get());
        REPORT.figure("forged forms refused with 403", REFUSED.get());
        REPORT.figure("routes whose tables a forged form changed", WRITTEN.get());
        REPORT.note("Each form with its token missing, wrong and another session's (the sign-in, one-time link and "
                + "invitation-code forms: their own `_login` token), the clinic's rows compared before and after; then "
                + "the same form with its own token, which writes.");
        REPORT.write();
        server.close();
    }

    private static List<Route> pageWrites() {
        return Routes.clinicRoutes(server.app()).stream().filter(r -> !r.isApi() && !r.isGet()).toList();
    }

    @Test
    void every_state_changing_page_route_has_a_valid_form_to_replay() {
        List<String> routes = pageWrites().stream().map(Route::toString).toList();

        assertThat(routes).as("state-changing page routes in the router").hasSizeGreaterThanOrEqualTo(25)
                .contains("POST /clinic/{slug}/patients", "POST /clinic/{slug}/settings",
                        "POST /clinic/{slug}/lab/orders/{orderId}/results", "POST /clinic/{slug}/login");
        assertThat(scenarios.routes()).as("WriteScenarios has a valid form for each").containsAll(routes);
    }

    @TestFactory
    Stream<DynamicTest> every_state_changing_page_route_refuses_a_missing_wrong_or_other_sessions_token_and_writes_nothing() {
        return pageWrites().stream().map(route -> dynamicTest(route.toString(), () -> replay(route)));
    }

    private static void replay(Route route) {
        WriteScenarios.Write write = scenarios.prepare(route.toString());
        TestBrowser browser;
        String field;
        String othersToken;
        if (write.role() == null) {
            // no session yet: the form's token is a double-submit cookie issued with the form
            field = "_login";
            browser = server.browser();
            assertThat(browser.get(write.formPage()).statusCode()).as(write.formPage()).isEqualTo(200);
            TestBrowser other = server.browser();
            other.get(write.formPage());
            othersToken = other.loginToken();
            assertThat(browser.loginToken()).as("the form's token").isNotNull().isNotEqualTo(othersToken);
        } else {
            field = "_csrf";
            browser = ApiClient.signedIn(server, clinic, write.role());
            othersToken = otherSession.csrf();
            assertThat(browser.csrf()).as("the session's token").isNotNull().isNotEqualTo(othersToken);
        }
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("missing", null);
        forged.put("wrong", "forged-" + UUID.randomUUID());
        forged.put("another session's", othersToken);

        ClinicSnapshot before = ClinicSnapshot.of(db, write.clinic());
        for (var token : forged.entrySet()) {
            Map<String, String> override = new HashMap<>();
            override.put(field, token.getValue());
            HttpResponse<String> response = write.post(browser, override);
            REPORT.request("forged forms (token missing, wrong, another session's)");
            if (response.statusCode() == 403) {
                REFUSED.incrementAndGet();
            }
            assertThat(response.statusCode()).as(write + " with the " + token.getKey() + " " + field + " token -> "
                    + response.body()).isEqualTo(403);
        }
        ClinicSnapshot after = ClinicSnapshot.of(db, write.clinic());
        ROUTES.incrementAndGet();
        if (!after.changedSince(before).isEmpty()) {
            WRITTEN.incrementAndGet();
        }
        assertThat(after.changedSince(before)).as(write + ": tables written by forged forms").isEmpty();

        HttpResponse<String> genuine = write.post(browser, Map.of());
        REPORT.request("the same forms with their own token (which write)");
        assertThat(genuine.statusCode()).as(write + " with its own token -> " + genuine.body()).isEqualTo(write.success());
        if (write.writes()) {
            assertThat(ClinicSnapshot.of(db, write.clinic()).changedSince(after))
                    .as(write + " with its own token writes (else the refusals above prove nothing)").isNotEmpty();
        }
    }
}
