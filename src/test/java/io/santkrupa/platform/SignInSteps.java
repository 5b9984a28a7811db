package io.santkrupa.platform;

import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.WebTestServer;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The steps of a super admin's sign-in as the platform tests take them, and what they read back. */
final class SignInSteps {

    static final String COOKIE = "santkrupa_platform";
    private static final Pattern SECRET = Pattern.compile("<code class=\"totp-secret\">([^<]*)</code>");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code></li>");

    record Event(String actor, UUID adminId, String action, String outcome, String detail) {
    }

    private SignInSteps() {
    }

    static HttpResponse<String> password(TestBrowser browser, String username, String password) {
        browser.get("/platform/login");
        return browser.post("/platform/login", Map.of("username", username, "password", password));
    }

    /** Password, then the enrolment page: the secret read off the page, as a person would type it. */
    static byte[] startEnrolment(TestBrowser browser, PlatformLogin.Admin admin) {
        HttpResponse<String> accepted = password(browser, admin.username(), PlatformLogin.PASSWORD);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/platform/login/enrol");
        return secretOn(browser.get("/platform/login/enrol").body());
    }

    static byte[] secretOn(String html) {
        Matcher m = SECRET.matcher(html);
        assertThat(m.find()).as("the page shows the secret").isTrue();
        return TotpSecrets.fromBase32(m.group(1));
    }

    static List<String> recoveryCodesOn(String html) {
        List<String> codes = new ArrayList<>();
        Matcher m = RECOVERY_CODE.matcher(html);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    static String code(WebTestServer server, byte[] secret) {
        return new TotpCodes().codeAt(secret, TotpCodes.stepOf(server.clock.instant()));
    }

    /** Enrols an admin without a second factor through the pages; the recovery codes shown. */
    static List<String> enrol(WebTestServer server, TestBrowser browser, PlatformLogin.Admin admin) {
        byte[] secret = startEnrolment(browser, admin);
        HttpResponse<String> done = browser.post("/platform/login/enrol", Map.of("code", code(server, secret)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return recoveryCodesOn(done.body());
    }

    static List<Event> auditOf(TestDatabase db, UUID adminId) {
        return db.platform().run(tx -> tx.select(PLATFORM_AUDIT_EVENT.ACTOR, PLATFORM_AUDIT_EVENT.ACTOR_ADMIN_ID,
                        PLATFORM_AUDIT_EVENT.ACTION, PLATFORM_AUDIT_EVENT.OUTCOME, PLATFORM_AUDIT_EVENT.DETAIL)
                .from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.ACTOR_ADMIN_ID.eq(adminId))
                .orderBy(PLATFORM_AUDIT_EVENT.ID)
                .fetch(r -> new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5())));
    }

    /** The events written while answering one request (by its X-Request-Id). */
    static List<Event> auditOf(TestDatabase db, HttpResponse<?> response) {
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        return db.platform().run(tx -> tx.select(PLATFORM_AUDIT_EVENT.ACTOR, PLATFORM_AUDIT_EVENT.ACTOR_ADMIN_ID,
                        PLATFORM_AUDIT_EVENT.ACTION, PLATFORM_AUDIT_EVENT.OUTCOME, PLATFORM_AUDIT_EVENT.DETAIL)
                .from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .orderBy(PLATFORM_AUDIT_EVENT.ID)
                .fetch(r -> new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5())));
    }

    /** The stages of an admin's sessions in the database. */
    static List<String> sessionsOf(TestDatabase db, UUID adminId) {
        return db.platform().run(tx -> tx.select(PLATFORM_SESSION.STAGE).from(PLATFORM_SESSION)
                .where(PLATFORM_SESSION.ADMIN_ID.eq(adminId)).fetch(PLATFORM_SESSION.STAGE));
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }
}
