package io.santkrupa.platform;

import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.LoginThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.platform.SignInSteps.COOKIE;
import static io.santkrupa.platform.SignInSteps.auditOf;
import static io.santkrupa.platform.SignInSteps.location;
import static io.santkrupa.platform.SignInSteps.password;
import static io.santkrupa.platform.SignInSteps.sessionsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The first step of a super admin's sign-in, the password, through real HTTP. */
@ExtendWith(TestDatabaseExtension.class)
class PlatformSignInTest {

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
    void a_wrong_password_and_an_unknown_username_get_the_same_page_and_status() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        HttpResponse<String> wrongPassword = password(server.browser(), admin.username(), "not the password");
        HttpResponse<String> unknown = password(server.browser(), "nobody-of-ours", "not the password");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(comparable(wrongPassword.body(), admin.username()))
                .isEqualTo(comparable(unknown.body(), "nobody-of-ours"));
        assertThat(wrongPassword.body()).contains(PlatformLoginPages.FAILED);
        assertThat(TestBrowser.setCookies(wrongPassword)).noneMatch(c -> c.startsWith(COOKIE + "="));

        assertThat(auditOf(db, wrongPassword)).containsExactly(new SignInSteps.Event(admin.username(), admin.id(),
                "platform.sign_in", "failure", "wrong password"));
        assertThat(auditOf(db, unknown)).as("never the typed name of someone unknown")
                .containsExactly(new SignInSteps.Event("anonymous", null, "platform.sign_in", "failure", "unknown username"));
    }

    @Test
    void the_right_password_opens_only_a_half_open_session_under_a_strict_cookie() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        HttpResponse<String> accepted = password(browser, admin.username(), PlatformLogin.PASSWORD);

        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(location(accepted)).isEqualTo("/platform/login/second-factor");
        String cookie = TestBrowser.setCookies(accepted).stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
        assertThat(sessionsOf(db, admin.id())).containsExactly("second_factor");
        assertThat(auditOf(db, accepted)).containsExactly(new SignInSteps.Event(admin.username(), admin.id(),
                "platform.sign_in", "success", "password accepted, second factor pending"));
        assertThat(browser.get("/platform/account").headers().firstValue("Location"))
                .as("the console stays shut").hasValue("/platform/login/second-factor");
    }

    @Test
    void an_admin_without_a_second_factor_is_sent_to_enrol_and_next_is_kept_only_inside_the_console() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        browser.get("/platform/login?next=/platform/account");
        HttpResponse<String> accepted = browser.post("/platform/login", Map.of("username", admin.username(),
                "password", PlatformLogin.PASSWORD, "next", "/platform/account"));

        assertThat(location(accepted)).isEqualTo("/platform/login/enrol?next=%2Fplatform%2Faccount");
        assertThat(sessionsOf(db, admin.id())).containsExactly("enrolment");

        TestBrowser another = server.browser();
        another.get("/platform/login");
        HttpResponse<String> offsite = another.post("/platform/login", Map.of("username", admin.username(),
                "password", PlatformLogin.PASSWORD, "next", "https://evil.example/platform"));
        assertThat(location(offsite)).isEqualTo("/platform/login/enrol");
    }

    @Test
    void signing_in_again_replaces_the_older_platform_session() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        password(browser, admin.username(), PlatformLogin.PASSWORD);
        String first = browser.cookies.get(COOKIE);
        password(browser, admin.username(), PlatformLogin.PASSWORD);

        assertThat(browser.cookies.get(COOKIE)).isNotEqualTo(first);
        assertThat(sessionsOf(db, admin.id())).hasSize(1);
    }

    @Test
    void five_wrong_passwords_from_one_address_block_that_address_for_that_username_and_lock_nothing() {
        try (WebTestServer throttled = WebTestServer.withPlatformThrottle(db, LoginThrottle.Limits.platform())) {
            PlatformLogin.Admin admin = PlatformLogin.newAdmin(throttled, db, true);
            TestBrowser guesser = throttled.browserFrom("127.0.0.3");
            for (int i = 0; i < 5; i++) {
                assertThat(password(guesser, admin.username(), "wrong " + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> blocked = password(guesser, admin.username(), PlatformLogin.PASSWORD);

            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.body()).contains("Too many sign-in attempts from this address");
            assertThat(auditOf(db, blocked)).extracting(SignInSteps.Event::outcome, SignInSteps.Event::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("denied", "throttled"));
            assertThat(auditOf(db, admin.id())).extracting(SignInSteps.Event::detail)
                    .containsOnly("wrong password");
            java.time.OffsetDateTime lockedUntil = db.platform().run(tx -> tx.select(PLATFORM_ADMIN.LOCKED_UNTIL)
                    .from(PLATFORM_ADMIN).where(PLATFORM_ADMIN.ID.eq(admin.id())).fetchSingle(PLATFORM_ADMIN.LOCKED_UNTIL));
            assertThat(lockedUntil).as("wrong passwords lock nothing").isNull();

            throttled.clock.advance(Duration.ofMinutes(3));
            assertThat(password(guesser, admin.username(), PlatformLogin.PASSWORD).statusCode())
                    .as("one attempt back every three minutes").isEqualTo(303);
        }
    }

    @Test
    void a_strangers_wrong_passwords_from_another_address_do_not_lock_a_super_admin_out() {
        try (WebTestServer throttled = WebTestServer.withPlatformThrottle(db, LoginThrottle.Limits.platform())) {
            PlatformLogin.Admin admin = PlatformLogin.newAdmin(throttled, db, true);
            TestBrowser stranger = throttled.browserFrom("127.0.0.2");
            for (int i = 0; i < 5; i++) {
                assertThat(password(stranger, admin.username(), "guess " + i).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> own = password(throttled.browserFrom("127.0.0.1"), admin.username(), PlatformLogin.PASSWORD);
            assertThat(own.statusCode()).as("the super admin, from their own address").isEqualTo(303);
            assertThat(location(own)).isEqualTo("/platform/login/second-factor");
            assertThat(password(stranger, admin.username(), PlatformLogin.PASSWORD).statusCode())
                    .as("the stranger's address, even with the right password").isEqualTo(429);
        }
    }

    @Test
    void a_deactivated_admin_is_refused_like_a_wrong_password() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        db.platform().run(tx -> tx.update(PLATFORM_ADMIN).set(PLATFORM_ADMIN.IS_ACTIVE, false)
                .where(PLATFORM_ADMIN.ID.eq(admin.id())).execute());
        HttpResponse<String> refused = password(server.browser(), admin.username(), PlatformLogin.PASSWORD);
        HttpResponse<String> wrong = password(server.browser(), admin.username(), "not the password");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(comparable(refused.body(), "")).isEqualTo(comparable(wrong.body(), ""));
        assertThat(auditOf(db, refused)).extracting(SignInSteps.Event::outcome, SignInSteps.Event::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("denied", "account deactivated"));
        assertThat(sessionsOf(db, admin.id())).isEmpty();
    }

    @Test
    void the_form_without_its_login_token_or_with_a_wrong_one_is_refused() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        Map<String, String> form = Map.of("username", admin.username(), "password", PlatformLogin.PASSWORD);

        HttpResponse<String> noToken = server.browser().post("/platform/login", form);
        TestBrowser browser = server.browser();
        browser.get("/platform/login");
        HttpResponse<String> wrongToken = browser.post("/platform/login", Map.of("username", admin.username(),
                "password", PlatformLogin.PASSWORD, "_login", "not-the-token"));

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(sessionsOf(db, admin.id())).isEmpty();
        assertThat(auditOf(db, admin.id())).extracting(SignInSteps.Event::action).doesNotContain("platform.sign_in");
    }

    @Test
    void too_many_attempts_per_username_or_per_address_get_429_with_retry_after() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        try (WebTestServer perUsername = WebTestServer.withPlatformThrottle(db,
                new LoginThrottle.Limits(100, 2, 100, 100, Duration.ofMinutes(15)))) {
            password(perUsername.browser(), admin.username(), "wrong");
            password(perUsername.browser(), admin.username(), "wrong");
            HttpResponse<String> throttled = password(perUsername.browser(), admin.username(), PlatformLogin.PASSWORD);

            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(throttled.body()).contains("Too many sign-in attempts");
            assertThat(auditOf(db, throttled)).containsExactly(
                    new SignInSteps.Event("anonymous", null, "platform.sign_in", "denied", "throttled"));
            assertThat(password(perUsername.browser(), "someone-else", "wrong").statusCode())
                    .as("another username is not throttled").isEqualTo(401);
        }
        try (WebTestServer perAddress = WebTestServer.withPlatformThrottle(db,
                new LoginThrottle.Limits(2, 100, 100, 100, Duration.ofMinutes(15)))) {
            password(perAddress.browser(), "first-name", "wrong");
            password(perAddress.browser(), "second-name", "wrong");
            assertThat(password(perAddress.browser(), admin.username(), PlatformLogin.PASSWORD).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void behind_tls_the_cookie_is_secure_with_the_host_prefix() {
        WebSettings tls = new WebSettings(true, Duration.ofMinutes(15), Duration.ofHours(12));
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        try (WebTestServer secure = new WebTestServer(db, WebTestServer.LENIENT, tls)) {
            HttpResponse<String> accepted = password(secure.browser(), admin.username(), PlatformLogin.PASSWORD);

            assertThat(TestBrowser.setCookies(accepted)).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("__Host-santkrupa_platform=").contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/"));
        }
    }

    @Test
    void someone_signed_in_who_opens_the_sign_in_page_goes_on_to_the_console() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        HttpResponse<String> page = signedIn.browser().get("/platform/login?next=/platform/account");

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(location(page)).isEqualTo("/platform/account");
    }

    /** The page as seen apart from the typed username and the form's fresh token. */
    private static String comparable(String body, String username) {
        String withoutToken = body.replaceAll("name=\"_login\" value=\"[^\"]*\"", "name=\"_login\" value=\"\"");
        return username.isEmpty() ? withoutToken : withoutToken.replace("value=\"" + username + "\"", "value=\"X\"");
    }
}
