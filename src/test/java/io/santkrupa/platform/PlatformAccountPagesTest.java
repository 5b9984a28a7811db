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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static io.santkrupa.platform.SignInSteps.auditOf;
import static io.santkrupa.platform.SignInSteps.enrol;
import static io.santkrupa.platform.SignInSteps.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** A super admin's account page, and new recovery codes for a current code. */
@ExtendWith(TestDatabaseExtension.class)
class PlatformAccountPagesTest {

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
    void the_account_page_shows_who_and_the_second_factor() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        enrol(server, browser, admin);
        HttpResponse<String> page = browser.get("/platform/account");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Test Administrator " + admin.username())
                .contains("<td>" + admin.username() + "</td>")
                .contains("<td>10 of 10</td>")
                .contains("autocomplete=\"one-time-code\"")
                .contains("action=\"/platform/logout\"")
                .doesNotContain("recovery codes left. Make new ones");
        assertThat(page.body()).containsPattern("Authenticator app since \\(UTC\\)</th><td>\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}</td>");
    }

    @Test
    void the_account_page_says_when_few_recovery_codes_are_left() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        List<String> codes = enrol(server, browser, admin);
        browser.post("/platform/logout", Map.of());
        for (String code : codes.subList(0, 7)) {
            TestBrowser signIn = server.browser();
            password(signIn, admin.username(), PlatformLogin.PASSWORD);
            signIn.get("/platform/login/second-factor");
            assertThat(signIn.post("/platform/login/second-factor", Map.of("recovery_code", code)).statusCode()).isEqualTo(303);
            browser = signIn;
        }
        HttpResponse<String> page = browser.get("/platform/account");

        assertThat(page.body()).contains("<td>3 of 10</td>").contains("Only 3 recovery codes left.");
    }

    @Test
    void new_recovery_codes_need_a_current_code_and_replace_the_old_ones() {
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);
        TestBrowser browser = server.browser();
        List<String> old = enrol(server, browser, admin);
        byte[] secret = new TotpSecrets(server.accessTokens).decrypt(admin.id(), db.platform().run(tx -> tx
                .select(PLATFORM_ADMIN.TOTP_SECRET).from(PLATFORM_ADMIN).where(PLATFORM_ADMIN.ID.eq(admin.id()))
                .fetchSingle(PLATFORM_ADMIN.TOTP_SECRET))).orElseThrow();
        browser.get("/platform/account");

        HttpResponse<String> malformed = browser.post("/platform/account/recovery-codes", Map.of("code", "abc"));
        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(malformed.body(), "code")).hasValue(PlatformLoginPages.CODE_FORMAT);
        HttpResponse<String> replayed = browser.post("/platform/account/recovery-codes",
                Map.of("code", SignInSteps.code(server, secret)));
        assertThat(replayed.statusCode()).as("the code that enrolled, again").isEqualTo(401);
        assertThat(Html.fieldError(replayed.body(), "code")).isPresent();
        assertThat(unusedCodes(admin)).isEqualTo(10);

        server.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> fresh = browser.post("/platform/account/recovery-codes",
                Map.of("code", SignInSteps.code(server, secret)));

        assertThat(fresh.statusCode()).isEqualTo(200);
        List<String> codes = SignInSteps.recoveryCodesOn(fresh.body());
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(fresh.body()).contains("Your old recovery codes no longer work");
        assertThat(auditOf(db, admin.id())).extracting(SignInSteps.Event::action, SignInSteps.Event::outcome)
                .containsSubsequence(tuple("platform.recovery_codes_regenerate", "failure"),
                        tuple("platform.recovery_codes_regenerate", "success"));

        browser.post("/platform/logout", Map.of());
        TestBrowser withOld = server.browser();
        password(withOld, admin.username(), PlatformLogin.PASSWORD);
        withOld.get("/platform/login/second-factor");
        assertThat(withOld.post("/platform/login/second-factor", Map.of("recovery_code", old.get(5))).statusCode())
                .as("an old code").isEqualTo(401);
        assertThat(withOld.post("/platform/login/second-factor", Map.of("recovery_code", codes.get(5))).statusCode())
                .as("a new code").isEqualTo(303);
    }

    @Test
    void the_account_page_needs_the_sessions_csrf_token() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        HttpResponse<String> forged = signedIn.browser().post("/platform/account/recovery-codes",
                Map.of("_csrf", "forged", "code", "123456"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(auditOf(db, signedIn.adminId())).extracting(SignInSteps.Event::action)
                .doesNotContain("platform.recovery_codes_regenerate");
    }

    private static int unusedCodes(PlatformLogin.Admin admin) {
        return db.platform().run(tx -> tx.fetchCount(PLATFORM_RECOVERY_CODE, PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(admin.id()),
                PLATFORM_RECOVERY_CODE.USED_AT.isNull()));
    }
}
