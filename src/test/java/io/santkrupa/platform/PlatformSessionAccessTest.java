package io.santkrupa.platform;

import io.javalin.http.HandlerType;
import io.javalin.security.Roles;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.PlatformLogin;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.platform.SignInSteps.COOKIE;
import static io.santkrupa.platform.SignInSteps.auditOf;
import static io.santkrupa.platform.SignInSteps.location;
import static io.santkrupa.platform.SignInSteps.password;
import static io.santkrupa.platform.SignInSteps.sessionsOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each stage of a super admin's session opens: nothing of the console before the second
 * factor, nothing after signing out, timing out or being deactivated, nothing for a clinic's session.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformSessionAccessTest {

    private static WebTestServer server;
    private static TestDatabase db;

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
    void every_platform_route_declares_exactly_one_platform_access() {
        List<Route> routes = platformRoutes();

        assertThat(routes).extracting(Route::toString).contains("GET /platform/login", "POST /platform/login",
                "GET /platform/login/second-factor", "POST /platform/login/second-factor", "GET /platform/login/enrol",
                "POST /platform/login/enrol", "POST /platform/logout", "GET /platform/account",
                "POST /platform/account/recovery-codes");
        assertThat(routes).allSatisfy(route -> assertThat(route.roles()).as(route.toString()).hasSize(1)
                .allMatch(PlatformAccess.class::isInstance));
    }

    @Test
    void the_second_factor_pages_without_a_half_open_session_send_to_the_sign_in_page() {
        TestBrowser anonymous = server.browser();
        for (String path : List.of("/platform/login/second-factor", "/platform/login/enrol")) {
            assertThat(location(anonymous.get(path))).as("GET " + path).isEqualTo("/platform/login");
            assertThat(location(anonymous.post(path, Map.of("code", "123456")))).as("POST " + path).isEqualTo("/platform/login");
        }
    }

    @Test
    void a_half_open_session_opens_no_signed_in_route_and_changes_nothing() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser halfOpen = server.browser();
        password(halfOpen, admin.username(), PlatformLogin.PASSWORD);
        halfOpen.get("/platform/login/second-factor"); // its CSRF token: the posts below carry it
        List<Route> signedIn = platformRoutes().stream().filter(r -> r.roles().contains(PlatformAccess.SIGNED_IN)).toList();
        assertThat(signedIn).isNotEmpty();

        for (Route route : signedIn) {
            String path = route.path().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            HttpResponse<String> response = route.method() == HandlerType.GET ? halfOpen.get(path)
                    : halfOpen.post(path, Map.of("code", admin.currentCode(server)));
            assertThat(response.statusCode()).as(route.toString()).isEqualTo(303);
            assertThat(location(response)).as(route.toString()).isEqualTo("/platform/login/second-factor");
        }
        assertThat(sessionsOf(db, admin.id())).as("still half open, logout did not run").containsExactly("second_factor");
        assertThat(auditOf(db, admin.id())).extracting(SignInSteps.Event::action)
                .doesNotContain("platform.sign_out", "platform.recovery_codes_regenerate");
    }

    @Test
    void anonymous_callers_are_sent_to_sign_in_and_come_back_afterwards() {
        HttpResponse<String> response = server.browser().get("/platform/account");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(location(response)).isEqualTo("/platform/login?next=%2Fplatform%2Faccount");
    }

    @Test
    void signing_out_needs_the_sessions_csrf_token_and_ends_the_session() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        TestBrowser browser = signedIn.browser();
        String cookie = browser.cookies.get(COOKIE);

        HttpResponse<String> forged = browser.post("/platform/logout", Map.of("_csrf", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(browser.get("/platform/account").statusCode()).as("still signed in").isEqualTo(200);

        HttpResponse<String> out = browser.post("/platform/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(location(out)).isEqualTo("/platform/login?signedOut");
        assertThat(TestBrowser.setCookies(out)).anySatisfy(c -> assertThat(c).startsWith(COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970"));
        assertThat(sessionsOf(db, signedIn.adminId())).isEmpty();
        assertThat(auditOf(db, out)).containsExactly(new SignInSteps.Event(signedIn.username(), signedIn.adminId(),
                "platform.sign_out", "success", ""));
        assertThat(browser.get("/platform/login?signedOut").body()).contains("You have signed out.");

        TestBrowser replay = server.browser();
        replay.cookies.put(COOKIE, cookie);
        assertThat(location(replay.get("/platform/account"))).as("the old cookie opens nothing")
                .startsWith("/platform/login");
    }

    @Test
    void a_session_idle_for_fifteen_minutes_ends() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        server.clock.advance(Duration.ofMinutes(14));
        assertThat(signedIn.browser().get("/platform/account").statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThat(location(signedIn.browser().get("/platform/account"))).startsWith("/platform/login");
    }

    @Test
    void a_busy_session_still_ends_twelve_hours_after_sign_in() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(Duration.ofHours(12).minusMinutes(14)) < 0) {
            server.clock.advance(Duration.ofMinutes(14));
            elapsed = elapsed.plusMinutes(14);
            assertThat(signedIn.browser().get("/platform/account").statusCode()).as("after " + elapsed).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(14));

        assertThat(location(signedIn.browser().get("/platform/account"))).startsWith("/platform/login");
    }

    @Test
    void a_half_open_session_lasts_ten_minutes() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        password(browser, admin.username(), PlatformLogin.PASSWORD);
        assertThat(browser.get("/platform/login/second-factor").statusCode()).isEqualTo(200);
        server.clock.advance(PlatformSessions.HALF_OPEN.plusSeconds(1));

        assertThat(location(browser.get("/platform/login/second-factor"))).isEqualTo("/platform/login");
    }

    @Test
    void a_deactivated_admins_session_stops_working_at_once() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        db.platform().run(tx -> tx.update(PLATFORM_ADMIN).set(PLATFORM_ADMIN.IS_ACTIVE, false)
                .where(PLATFORM_ADMIN.ID.eq(signedIn.adminId())).execute());

        assertThat(location(signedIn.browser().get("/platform/account"))).startsWith("/platform/login");
        assertThat(signedIn.browser().post("/platform/logout", Map.of()).statusCode()).isEqualTo(303);
    }

    @Test
    void a_clinic_users_session_cookie_gets_nothing_on_the_platform() {
        ClinicFixture.Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser clinicAdmin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        assertThat(clinicAdmin.cookies).containsKey("santkrupa_session");

        assertThat(location(clinicAdmin.get("/platform/account"))).startsWith("/platform/login");
        clinicAdmin.cookies.put(COOKIE, clinicAdmin.cookies.get("santkrupa_session"));
        assertThat(location(clinicAdmin.get("/platform/account"))).as("a clinic's cookie under the platform's name")
                .startsWith("/platform/login");
        assertThat(location(clinicAdmin.get("/platform/login/second-factor"))).isEqualTo("/platform/login");
    }

    record Route(HandlerType method, String path, Set<Object> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The /platform routes Javalin registered: a console route added later is checked without editing this test. */
    private static List<Route> platformRoutes() {
        return server.app().unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)
                        .contains(e.method))
                .filter(e -> e.path.equals("/platform") || e.path.startsWith("/platform/"))
                .map(e -> {
                    Roles roles = e.metadata(Roles.class);
                    return new Route(e.method, e.path, roles == null ? Set.of() : Set.copyOf(roles.getRoles()));
                })
                .toList();
    }
}
