package io.santkrupa.web;

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
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out of a clinic's pages, sessions, CSRF and throttling, through real HTTP (and SignInLockoutTest). */
@ExtendWith(TestDatabaseExtension.class)
class SignInTest {

    private static WebTestServer server;
    private static TestDatabase db;
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

    private static String home() {
        return "/clinic/" + clinic.slug() + "/";
    }

    @Test
    void signing_in_sets_a_hardened_session_cookie_and_opens_the_dashboard() {
        TestBrowser browser = server.browser();
        HttpResponse<String> signIn = browser.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue(home());
        String cookie = TestBrowser.setCookies(signIn).stream().filter(c -> c.startsWith("santkrupa_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        assertThat(cookie.split(";")[0]).startsWith("santkrupa_session=" + clinic.id() + ".");

        HttpResponse<String> dashboard = browser.get(home());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Signed in as <strong>reception</strong>").contains("Find a patient");
        assertThat(dashboard.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(dashboard.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void anonymous_visitors_are_sent_to_the_clinics_sign_in_page() {
        HttpResponse<String> response = server.browser().get("/clinic/" + clinic.slug() + "/patients");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/clinic/" + clinic.slug() + "/login?next=%2Fclinic%2F" + clinic.slug() + "%2Fpatients");
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        HttpResponse<String> wrongPassword = server.browser().signIn(clinic.slug(), "doctor", "not the password");
        HttpResponse<String> unknownUser = server.browser().signIn(clinic.slug(), "nobody-here", "not the password");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(withoutTokens(wrongPassword.body()).replace("doctor", "X"))
                .isEqualTo(withoutTokens(unknownUser.body()).replace("nobody-here", "X"));
        assertThat(wrongPassword.body()).contains("Sign-in failed.");
    }

    @Test
    void an_unknown_clinic_fails_like_a_wrong_password_on_the_shared_sign_in_page() {
        TestBrowser browser = server.browser();
        browser.get("/login");
        HttpResponse<String> unknownClinic = browser.post("/login",
                Map.of("clinic", "no-such-clinic", "username", "doctor", "password", WebFixture.password("doctor")));
        browser.get("/login");
        HttpResponse<String> wrongPassword = browser.post("/login",
                Map.of("clinic", clinic.slug(), "username", "doctor", "password", "wrong"));
        assertThat(unknownClinic.statusCode()).isEqualTo(401);
        assertThat(withoutTokens(unknownClinic.body())).isEqualTo(withoutTokens(wrongPassword.body()));
        browser.get("/login");
        HttpResponse<String> right = browser.post("/login",
                Map.of("clinic", clinic.slug(), "username", "doctor", "password", WebFixture.password("doctor")));
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue(home());
    }

    @Test
    void the_session_id_changes_at_every_sign_in_and_the_old_one_stops_working() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        String first = browser.cookies.get("santkrupa_session");
        browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        String second = browser.cookies.get("santkrupa_session");
        assertThat(second).isNotEqualTo(first);

        TestBrowser withOldCookie = server.browser();
        withOldCookie.cookies.put("santkrupa_session", first);
        assertThat(withOldCookie.get(home()).statusCode()).isEqualTo(303);
        assertThat(browser.get(home()).statusCode()).isEqualTo(200);
    }

    @Test
    void signing_out_ends_the_session_in_the_database() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "lab", WebFixture.password("lab"));
        String cookie = browser.cookies.get("santkrupa_session");
        browser.get(home());
        int before = sessionsOf("lab");
        HttpResponse<String> out = browser.post("/clinic/" + clinic.slug() + "/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/login?signedOut");
        assertThat(sessionsOf("lab")).isEqualTo(before - 1);
        TestBrowser replay = server.browser();
        replay.cookies.put("santkrupa_session", cookie);
        assertThat(replay.get(home()).statusCode()).isEqualTo(303);
    }

    @Test
    void the_shared_sign_out_ends_whichever_clinics_session_the_cookie_holds() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        String cookie = browser.cookies.get("santkrupa_session");
        browser.get(home());
        assertThat(browser.post("/logout", Map.of("_csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(browser.get(home()).statusCode()).as("still signed in after a forged sign-out").isEqualTo(200);
        HttpResponse<String> out = browser.post("/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login?signedOut");
        TestBrowser replay = server.browser();
        replay.cookies.put("santkrupa_session", cookie);
        assertThat(replay.get(home()).statusCode()).isEqualTo(303);
    }

    @Test
    void the_shared_sign_out_resolves_the_cookies_clinic_first_and_opens_nothing_for_one_that_does_not_exist() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        String noClinic = java.util.UUID.randomUUID().toString();
        TestBrowser forged = server.browser();
        forged.cookies.put("santkrupa_session", noClinic + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret));

        server.queries.record();
        HttpResponse<String> out = forged.post("/logout", Map.of("_csrf", "anything"));
        java.util.List<String> sent = server.queries.statements();
        server.queries.reset();

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login?signedOut");
        assertThat(forged.cookies).doesNotContainKey("santkrupa_session");
        assertThat(sent.stream().filter(statement -> statement.contains(noClinic)))
                .as("the id only looked up, never a clinic context or a session read in its name")
                .singleElement().asString().contains("clinic_slug");
        assertThat(sent).noneMatch(statement -> statement.contains("web_session"));

        for (String cookie : new String[] {"garbage", noClinic + ".%00", clinic.id() + "." + "A".repeat(43)}) {
            TestBrowser other = server.browser();
            other.cookies.put("santkrupa_session", cookie);
            HttpResponse<String> signedOut = other.post("/logout", Map.of());
            assertThat(signedOut.statusCode()).as(cookie).isEqualTo(303);
            assertThat(signedOut.headers().firstValue("Location")).as(cookie).hasValue("/login?signedOut");
        }
    }

    @Test
    void the_shared_sign_out_of_a_suspended_clinic_gets_the_suspended_page_like_its_every_route() {
        Clinic suspended = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser browser = server.browser();
        browser.signIn(suspended.slug(), "reception", WebFixture.password("reception"));
        browser.get("/clinic/" + suspended.slug() + "/");
        io.santkrupa.testing.PlatformFixture.setStatus(db, suspended, "suspended");

        HttpResponse<String> viaClinic = browser.post("/clinic/" + suspended.slug() + "/logout", Map.of());
        HttpResponse<String> shared = browser.post("/logout", Map.of());
        assertThat(shared.statusCode()).isEqualTo(viaClinic.statusCode()).isEqualTo(403);
        assertThat(shared.body()).contains("This clinic is suspended");
    }

    @Test
    void a_form_without_the_right_csrf_token_changes_nothing() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        browser.get(home());
        HttpResponse<String> forged = browser.post("/clinic/" + clinic.slug() + "/logout", Map.of("_csrf", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("This form has expired");
        assertThat(browser.get(home()).statusCode()).isEqualTo(200);
    }

    @Test
    void the_sign_in_form_without_its_own_token_is_refused() {
        TestBrowser browser = server.browser();
        HttpResponse<String> response = browser.post("/clinic/" + clinic.slug() + "/login",
                Map.of("username", "doctor", "password", WebFixture.password("doctor")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(browser.cookies).doesNotContainKey("santkrupa_session");
    }

    @Test
    void after_sign_in_the_next_page_stays_inside_the_clinic() {
        TestBrowser browser = server.browser();
        browser.get("/clinic/" + clinic.slug() + "/login");
        HttpResponse<String> response = browser.post("/clinic/" + clinic.slug() + "/login", Map.of("username", "doctor",
                "password", WebFixture.password("doctor"), "next", "https://evil.example/clinic/" + clinic.slug() + "/"));
        assertThat(response.headers().firstValue("Location")).hasValue(home());
        browser.get("/clinic/" + clinic.slug() + "/login");
        response = browser.post("/clinic/" + clinic.slug() + "/login", Map.of("username", "doctor",
                "password", WebFixture.password("doctor"), "next", "/clinic/" + clinic.slug() + "/patients"));
        assertThat(response.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/patients");
    }

    @Test
    void an_idle_session_expires_after_fifteen_minutes_and_activity_keeps_it_alive() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        server.clock.advance(Duration.ofMinutes(10));
        assertThat(browser.get(home()).statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(10));
        assertThat(browser.get(home()).statusCode()).as("20 minutes after sign-in, 10 idle").isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(browser.get(home()).statusCode()).as("16 minutes idle").isEqualTo(303);
    }

    @Test
    void a_page_refreshing_itself_does_not_keep_an_unattended_session_alive() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        String queue = "/clinic/" + clinic.slug() + "/queue";
        for (int i = 0; i < 4; i++) { // 4 x 5 minutes of refreshes and nobody at the desk
            server.clock.advance(Duration.ofMinutes(5));
            assertThat(browser.get(queue + "?refresh=auto").statusCode()).isIn(200, 303);
        }
        assertThat(browser.get(queue).statusCode()).as("20 minutes without a person's request").isEqualTo(303);

        TestBrowser attended = server.browser();
        attended.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        for (int i = 0; i < 4; i++) { // the same 20 minutes with someone clicking
            server.clock.advance(Duration.ofMinutes(5));
            assertThat(attended.get(queue).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void even_an_active_session_ends_at_the_absolute_timeout() {
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "admin", WebFixture.password("admin"));
        for (int i = 0; i < 51; i++) { // 51 x 14 minutes = 11 h 54 min of steady activity
            server.clock.advance(Duration.ofMinutes(14));
            assertThat(browser.get(home()).statusCode()).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(14));
        assertThat(browser.get(home()).statusCode()).as("past 12 hours").isEqualTo(303);
    }

    @Test
    void too_many_attempts_from_one_address_get_429_with_retry_after() {
        try (WebTestServer strict = new WebTestServer(db, new LoginThrottle.Limits(3, 100, 100, 100, Duration.ofMinutes(15)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(strict.browser().signIn(clinic.slug(), "doctor", "wrong").statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = strict.browser().signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            assertThat(throttled.body()).contains("Too many sign-in attempts");
        }
    }

    @Test
    void correct_sign_ins_from_one_address_are_never_throttled_only_failures_count() {
        // a clinic's whole staff behind one public address: ten good sign-ins against a limit of three
        try (WebTestServer strict = new WebTestServer(db, new LoginThrottle.Limits(3, 3, 100, 100, Duration.ofMinutes(15)))) {
            for (int i = 0; i < 10; i++) {
                assertThat(strict.browser().signIn(clinic.slug(), i % 2 == 0 ? "doctor" : "reception",
                        WebFixture.password(i % 2 == 0 ? "doctor" : "reception")).statusCode()).as("sign-in " + i).isEqualTo(303);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(strict.browser().signIn(clinic.slug(), "lab", "wrong").statusCode()).isEqualTo(401);
            }
            assertThat(strict.browser().signIn(clinic.slug(), "reception", WebFixture.password("reception")).statusCode())
                    .as("after three failures from the address").isEqualTo(429);
        }
    }

    @Test
    void behind_tls_the_session_cookie_is_secure_and_host_prefixed() {
        WebSettings tls = new WebSettings(true, Duration.ofMinutes(15), Duration.ofHours(12));
        try (WebTestServer secure = new WebTestServer(db, WebTestServer.LENIENT, tls)) {
            TestBrowser browser = secure.browser();
            browser.get("/clinic/" + clinic.slug() + "/login");
            assertThat(browser.cookies).containsKey("__Host-santkrupa_login");
            HttpResponse<String> signIn = browser.post("/clinic/" + clinic.slug() + "/login",
                    Map.of("username", "doctor", "password", WebFixture.password("doctor")));
            String cookie = TestBrowser.setCookies(signIn).stream()
                    .filter(c -> c.startsWith("__Host-santkrupa_session=")).findFirst().orElseThrow();
            assertThat(cookie).contains("Secure").contains("HttpOnly").contains("Path=/").doesNotContain("Domain");
            assertThat(browser.get(home()).statusCode()).isEqualTo(200);
        }
    }

    private static int sessionsOf(String username) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(WEB_SESSION, WEB_SESSION.USER_ID.in(
                tx.select(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER.ID).from(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER)
                        .where(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER.USERNAME.eq(username)))));
    }

    /** The per-form random tokens differ between any two pages; everything else must not. */
    private static String withoutTokens(String body) {
        return body.replaceAll("name=\"_login\" value=\"[^\"]*\"", "name=\"_login\" value=\"\"");
    }
}
