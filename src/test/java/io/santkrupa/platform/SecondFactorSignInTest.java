package io.santkrupa.platform;

import io.santkrupa.testing.Html;
import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static io.santkrupa.platform.SignInSteps.COOKIE;
import static io.santkrupa.platform.SignInSteps.auditOf;
import static io.santkrupa.platform.SignInSteps.code;
import static io.santkrupa.platform.SignInSteps.enrol;
import static io.santkrupa.platform.SignInSteps.location;
import static io.santkrupa.platform.SignInSteps.password;
import static io.santkrupa.platform.SignInSteps.sessionsOf;
import static io.santkrupa.platform.SignInSteps.startEnrolment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The second step of a super admin's sign-in -- enrolment, codes, recovery codes -- through real HTTP. */
@ExtendWith(TestDatabaseExtension.class)
class SecondFactorSignInTest {

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
    void enrolment_shows_an_svg_qr_code_and_the_secret_the_same_on_every_reload() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        byte[] secret = startEnrolment(browser, admin);
        HttpResponse<String> reload = browser.get("/platform/login/enrol");

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(secret).hasSize(20);
        assertThat(SignInSteps.secretOn(reload.body())).isEqualTo(secret);
        assertThat(reload.body()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\"")
                .contains("aria-label=\"QR code for your authenticator app\"")
                .contains("<code class=\"totp-secret\">" + TotpSecrets.grouped(secret) + "</code>")
                .contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"")
                .doesNotContain("<script", "<img");
        assertThat(reload.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'"));
    }

    @Test
    void enrolment_refuses_a_wrong_code_and_the_right_one_signs_in_under_a_new_cookie() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        byte[] secret = startEnrolment(browser, admin);
        String halfOpenCookie = browser.cookies.get(COOKIE);
        String wrongCode = code(server, secret).equals("000000") ? "111111" : "000000";

        HttpResponse<String> wrong = browser.post("/platform/login/enrol", Map.of("code", wrongCode));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Html.fieldError(wrong.body(), "code")).hasValueSatisfying(m -> assertThat(m).contains("does not match"));
        assertThat(SignInSteps.secretOn(wrong.body())).as("the same secret to try again").isEqualTo(secret);
        HttpResponse<String> malformed = browser.post("/platform/login/enrol", Map.of("code", "12 34"));
        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(malformed.body(), "code")).hasValue(PlatformLoginPages.CODE_FORMAT);
        assertThat(enrolledAt(admin)).isFalse();

        HttpResponse<String> done = browser.post("/platform/login/enrol", Map.of("code", code(server, secret)));

        assertThat(done.statusCode()).as("the codes are shown in this answer, never after a redirect").isEqualTo(200);
        List<String> codes = SignInSteps.recoveryCodesOn(done.body());
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(done.body()).contains("only time they are shown").contains("Continue to the console")
                .contains("href=\"/platform\"");
        assertThat(browser.cookies.get(COOKIE)).isNotNull().isNotEqualTo(halfOpenCookie);
        assertThat(sessionsOf(db, admin.id())).containsExactly("complete");
        assertThat(enrolledAt(admin)).isTrue();
        assertThat(browser.get("/platform/account").statusCode()).isEqualTo(200);
        assertThat(browser.get("/platform/login/enrol").headers().firstValue("Location"))
                .as("nothing to enrol once signed in").hasValue("/platform");

        assertThat(auditOf(db, admin.id())).extracting(SignInSteps.Event::action, SignInSteps.Event::outcome,
                SignInSteps.Event::detail).containsSubsequence(
                tuple("platform.sign_in", "success", "password accepted, second factor to enrol"),
                tuple("platform.second_factor_enrol", "failure", "wrong code"),
                tuple("platform.second_factor_enrol", "success", "authenticator app enrolled; 10 recovery codes made"),
                tuple("platform.sign_in", "success", "totp (enrolment)"));
    }

    @Test
    void the_secret_is_stored_encrypted_and_the_recovery_codes_only_as_hmac() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        byte[] secret = startEnrolment(browser, admin);
        HttpResponse<String> done = browser.post("/platform/login/enrol", Map.of("code", code(server, secret)));
        List<String> codes = SignInSteps.recoveryCodesOn(done.body());

        byte[] stored = db.platform().run(tx -> tx.select(PLATFORM_ADMIN.TOTP_SECRET).from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.ID.eq(admin.id())).fetchSingle(PLATFORM_ADMIN.TOTP_SECRET));
        String storedHex = HexFormat.of().formatHex(stored);
        assertThat(stored).hasSize(12 + 20 + 16);
        assertThat(storedHex).doesNotContain(HexFormat.of().formatHex(secret));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(TotpSecrets.base32(secret));
        assertThat(new TotpSecrets(server.accessTokens).decrypt(admin.id(), stored)).hasValue(secret);

        List<byte[]> hmacs = db.platform().run(tx -> tx.select(PLATFORM_RECOVERY_CODE.CODE_HMAC).from(PLATFORM_RECOVERY_CODE)
                .where(PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(admin.id())).fetch(PLATFORM_RECOVERY_CODE.CODE_HMAC));
        assertThat(hmacs).hasSize(10);
        List<String> storedCodes = hmacs.stream().map(HexFormat.of()::formatHex).toList();
        List<String> expected = codes.stream().map(c -> HexFormat.of().formatHex(hmac(c.replace("-", "")))).toList();
        assertThat(storedCodes).containsExactlyInAnyOrderElementsOf(expected);
        for (String code : codes) {
            String plain = HexFormat.of().formatHex(code.replace("-", "").getBytes(StandardCharsets.US_ASCII));
            assertThat(storedCodes).noneMatch(h -> h.contains(plain));
        }
    }

    @Test
    void the_password_then_a_code_signs_in_and_the_same_code_never_works_twice() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser first = server.browser();
        password(first, admin.username(), PlatformLogin.PASSWORD);
        String halfOpen = first.cookies.get(COOKIE);
        first.get("/platform/login/second-factor");
        String code = admin.currentCode(server);
        HttpResponse<String> signedIn = first.post("/platform/login/second-factor", Map.of("code", code));

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(location(signedIn)).isEqualTo("/platform");
        assertThat(first.cookies.get(COOKIE)).isNotEqualTo(halfOpen);
        assertThat(auditOf(db, signedIn)).containsExactly(new SignInSteps.Event(admin.username(), admin.id(),
                "platform.sign_in", "success", "totp"));
        var row = db.platform().run(tx -> tx.select(PLATFORM_ADMIN.LAST_LOGIN_AT, PLATFORM_ADMIN.FAILED_LOGINS)
                .from(PLATFORM_ADMIN).where(PLATFORM_ADMIN.ID.eq(admin.id())).fetchSingle());
        assertThat(row.value1()).as("last_login_at").isNotNull();
        assertThat(row.value2()).as("failed_logins").isZero();

        TestBrowser replay = server.browser();
        password(replay, admin.username(), PlatformLogin.PASSWORD);
        replay.get("/platform/login/second-factor");
        HttpResponse<String> again = replay.post("/platform/login/second-factor", Map.of("code", code));
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(Html.fieldError(again.body(), "code")).hasValueSatisfying(m -> assertThat(m).contains("used already"));
        assertThat(auditOf(db, again)).extracting(SignInSteps.Event::outcome, SignInSteps.Event::detail)
                .containsExactly(tuple("failure", "wrong totp"));

        server.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> next = replay.post("/platform/login/second-factor", Map.of("code", admin.currentCode(server)));
        assertThat(next.statusCode()).as("the next step's code").isEqualTo(303);
    }

    @Test
    void recovery_codes_work_once_each_however_they_are_typed() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        List<String> codes = enrol(server, server.browser(), admin);

        TestBrowser browser = server.browser();
        password(browser, admin.username(), PlatformLogin.PASSWORD);
        HttpResponse<String> page = browser.get("/platform/login/second-factor");
        assertThat(page.body()).contains("name=\"recovery_code\"");
        HttpResponse<String> used = browser.post("/platform/login/second-factor",
                Map.of("recovery_code", " " + codes.get(0).toUpperCase().replace("-", " ") + " "));
        assertThat(used.statusCode()).isEqualTo(303);
        assertThat(auditOf(db, used)).extracting(SignInSteps.Event::detail).containsExactly("recovery code; 9 left");

        TestBrowser again = server.browser();
        password(again, admin.username(), PlatformLogin.PASSWORD);
        again.get("/platform/login/second-factor");
        HttpResponse<String> twice = again.post("/platform/login/second-factor", Map.of("recovery_code", codes.get(0)));
        assertThat(twice.statusCode()).isEqualTo(401);
        assertThat(Html.fieldError(twice.body(), "recovery_code")).hasValueSatisfying(m -> assertThat(m).contains("used already"));
        assertThat(twice.body()).contains("<details open");
        assertThat(auditOf(db, twice)).extracting(SignInSteps.Event::detail).containsExactly("wrong recovery code");

        HttpResponse<String> another = again.post("/platform/login/second-factor", Map.of("recovery_code", codes.get(1)));
        assertThat(another.statusCode()).isEqualTo(303);
        assertThat(auditOf(db, another)).extracting(SignInSteps.Event::detail).containsExactly("recovery code; 8 left");
    }

    @Test
    void a_malformed_code_gets_a_message_at_its_field_and_counts_nothing() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        password(browser, admin.username(), PlatformLogin.PASSWORD);
        browser.get("/platform/login/second-factor");

        HttpResponse<String> letters = browser.post("/platform/login/second-factor", Map.of("code", "12ab56"));
        HttpResponse<String> shortRecovery = browser.post("/platform/login/second-factor", Map.of("recovery_code", "abcd-efgh"));

        assertThat(letters.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(letters.body(), "code")).hasValue(PlatformLoginPages.CODE_FORMAT);
        assertThat(shortRecovery.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(shortRecovery.body(), "recovery_code")).hasValue(PlatformLoginPages.RECOVERY_FORMAT);
        assertThat(failedLogins(admin)).isZero();
        assertThat(sessionsOf(db, admin.id())).containsExactly("second_factor");
    }

    @Test
    void five_wrong_codes_lock_the_account_and_end_the_half_open_session() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        password(browser, admin.username(), PlatformLogin.PASSWORD);
        browser.get("/platform/login/second-factor");
        String right = admin.currentCode(server);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> refused = browser.post("/platform/login/second-factor", Map.of("code", wrong));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Html.fieldError(refused.body(), "code")).isPresent();
        }
        HttpResponse<String> fifth = browser.post("/platform/login/second-factor", Map.of("code", wrong));

        assertThat(fifth.statusCode()).isEqualTo(401);
        assertThat(fifth.body()).contains(PlatformLoginPages.LOCKED).contains("action=\"/platform/login\"");
        assertThat(browser.cookies).doesNotContainKey(COOKIE);
        assertThat(sessionsOf(db, admin.id())).isEmpty();
        assertThat(auditOf(db, fifth)).extracting(SignInSteps.Event::detail)
                .containsExactly("wrong totp; account locked, half-open session ended");
        assertThat(location(browser.get("/platform/login/second-factor"))).isEqualTo("/platform/login");
        assertThat(password(server.browser(), admin.username(), PlatformLogin.PASSWORD).statusCode())
                .as("locked: even the right password is refused").isEqualTo(401);
    }

    @Test
    void each_half_open_stage_opens_only_its_own_page() {
        PlatformLogin.Admin enrolled = PlatformLogin.newAdmin(server, db, true);
        TestBrowser withCode = server.browser();
        password(withCode, enrolled.username(), PlatformLogin.PASSWORD);
        assertThat(location(withCode.get("/platform/login/enrol"))).isEqualTo("/platform/login/second-factor");
        withCode.get("/platform/login/second-factor");
        assertThat(location(withCode.post("/platform/login/enrol", Map.of("code", "123456"))))
                .as("an enrolled admin cannot enrol another app from the sign-in").isEqualTo("/platform/login/second-factor");

        PlatformLogin.Admin notEnrolled = PlatformLogin.newAdmin(server, db, false);
        TestBrowser enrolling = server.browser();
        password(enrolling, notEnrolled.username(), PlatformLogin.PASSWORD);
        enrolling.get("/platform/login/enrol");
        assertThat(location(enrolling.get("/platform/login/second-factor"))).isEqualTo("/platform/login/enrol");
        assertThat(location(enrolling.post("/platform/login/second-factor", Map.of("recovery_code", "0000-0000-0000-0000"))))
                .isEqualTo("/platform/login/enrol");
    }

    private static boolean enrolledAt(PlatformLogin.Admin admin) {
        return db.platform().run(tx -> tx.select(PLATFORM_ADMIN.TOTP_ENROLLED_AT).from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.ID.eq(admin.id())).fetchSingle(PLATFORM_ADMIN.TOTP_ENROLLED_AT)) != null;
    }

    private static int failedLogins(PlatformLogin.Admin admin) {
        return db.platform().run(tx -> tx.select(PLATFORM_ADMIN.FAILED_LOGINS).from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.ID.eq(admin.id())).fetchSingle(PLATFORM_ADMIN.FAILED_LOGINS));
    }

    private static byte[] hmac(String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(server.accessTokens.derivedKey("santkrupa platform recovery codes"));
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
