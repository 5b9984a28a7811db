package io.santkrupa.web;

import io.santkrupa.db.ClinicId;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * An expired clinic is read-only, pages and API alike: every state-changing {@code /clinic}
 * route Javalin has registered (a new one is walked without editing this test; it needs a valid
 * request in {@link WriteScenarios}) is sent a valid request by a role allowed to make it, while
 * the clinic is expired -- 403 and not one row of the clinic changed (no audit event, no
 * idempotency claim either) -- and again once the clinic is active, when the same kind of
 * request writes (or, for "Stay signed in", which writes no row, gets its 200): so the refusal
 * was the subscription's. Signing in (with a password, a one-time link or an invitation code)
 * and out are the exceptions, and stay possible.
 */
@ExtendWith(TestDatabaseExtension.class)
class ExpiredClinicWritesTest {

    /** What an expired clinic still takes: how its people get in to read, and out. */
    private static final List<String> STILL_TAKEN = List.of(
            "POST /clinic/{slug}/api/v1/auth/logout", "POST /clinic/{slug}/api/v1/auth/refresh",
            "POST /clinic/{slug}/api/v1/auth/token", "POST /clinic/{slug}/login", "POST /clinic/{slug}/logout",
            "POST /clinic/{slug}/welcome", "POST /clinic/{slug}/welcome/{token}");

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static WriteScenarios scenarios;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        scenarios = new WriteScenarios(db, server, clinic);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Route> writes() {
        return Routes.clinicRoutes(server.app()).stream().filter(r -> !r.isGet()).toList();
    }

    private static boolean stillTaken(Route route) {
        return route.permission() == Permission.PUBLIC || route.permission() == Permission.SIGN_OUT;
    }

    @Test
    void every_write_route_pages_and_api_has_a_valid_request_to_send() {
        List<String> routes = writes().stream().map(Route::toString).toList();

        assertThat(routes).as("state-changing routes in the router").hasSizeGreaterThanOrEqualTo(45)
                .contains("POST /clinic/{slug}/patients", "POST /clinic/{slug}/api/v1/patients",
                        "PUT /clinic/{slug}/api/v1/test-orders/{orderId}/results");
        assertThat(scenarios.routes()).as("WriteScenarios has a valid request for each").containsAll(routes);
    }

    @Test
    void only_signing_in_and_out_are_let_through_an_expired_clinic() {
        assertThat(writes().stream().filter(ExpiredClinicWritesTest::stillTaken).map(Route::toString).sorted())
                .containsExactlyElementsOf(STILL_TAKEN);
    }

    @TestFactory
    Stream<DynamicTest> every_write_route_is_refused_while_the_clinic_is_expired_and_writes_nothing() {
        return writes().stream().filter(route -> !stillTaken(route))
                .map(route -> dynamicTest(route.toString(), () -> refusedWhileExpired(route)));
    }

    @TestFactory
    Stream<DynamicTest> signing_in_and_out_still_work_in_an_expired_clinic() {
        return writes().stream().filter(ExpiredClinicWritesTest::stillTaken)
                .map(route -> dynamicTest(route.toString(), () -> {
                    WriteScenarios.Write write = scenarios.prepare(route.toString());
                    setStatus(write.clinic(), "expired");
                    try {
                        assertWrites(write, sender(write));
                    } finally {
                        setStatus(write.clinic(), "active");
                    }
                }));
    }

    private static void refusedWhileExpired(Route route) {
        // the rows the request acts on are made while the clinic is active (some scenarios use its pages)
        WriteScenarios.Write write = scenarios.prepare(route.toString());
        setStatus(clinic.id(), "expired");
        try {
            Sender send = sender(write);
            ClinicSnapshot before = ClinicSnapshot.of(db, write.clinic());
            HttpResponse<String> refused = send.send();
            assertThat(refused.statusCode()).as(write + " in an expired clinic -> " + refused.body()).isEqualTo(403);
            assertThat(refused.body()).as(write + ": says why").contains("subscription has expired");
            if (write.isApi()) {
                assertThat(refused.headers().firstValue("Content-Type")).as(write.toString())
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
            assertThat(ClinicSnapshot.of(db, write.clinic()).changedSince(before))
                    .as(write + ": tables written in an expired clinic").isEmpty();
        } finally {
            setStatus(clinic.id(), "active");
        }
        // the same request, once the clinic is active again, writes: the refusal was the subscription's
        WriteScenarios.Write again = scenarios.prepare(route.toString());
        assertWrites(again, sender(again));
    }

    private static void assertWrites(WriteScenarios.Write write, Sender send) {
        ClinicSnapshot before = ClinicSnapshot.of(db, write.clinic());
        HttpResponse<String> done = send.send();
        if (write.success() != 0) {
            assertThat(done.statusCode()).as(write + " -> " + done.body()).isEqualTo(write.success());
        } else {
            assertThat(done.statusCode()).as(write + " -> " + done.body()).isIn(200, 201, 204);
        }
        if (write.writes()) {
            assertThat(ClinicSnapshot.of(db, write.clinic()).changedSince(before)).as(write + " writes").isNotEmpty();
        }
    }

    /** Sends a prepared request. */
    private interface Sender {
        HttpResponse<String> send();
    }

    /** The request ready to go, as its role: signed in (pages) or with an access token (API), before any snapshot. */
    private static Sender sender(WriteScenarios.Write write) {
        if (write.isApi()) {
            String token = write.role() == null ? null : ApiClient.token(server, db, clinic, write.role());
            return () -> write.send(server, token);
        }
        TestBrowser browser;
        if (write.role() == null) {
            browser = server.browser();
            assertThat(browser.get(write.formPage()).statusCode()).as(write.formPage()).isEqualTo(200);
        } else {
            browser = ApiClient.signedIn(server, clinic, write.role());
        }
        return () -> write.post(browser, Map.of());
    }

    private static void setStatus(ClinicId id, String status) {
        PlatformFixture.setStatus(db, id, status);
    }
}
