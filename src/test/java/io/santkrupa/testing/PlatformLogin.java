package io.santkrupa.testing;

import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAdmins;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.platform.TotpCodes;
import io.santkrupa.platform.TotpSecrets;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * Super admins for tests: a fresh administrator (random username, {@link #PASSWORD}), with or
 * without an authenticator app, and signing one in through the real pages -- password, then a
 * TOTP code computed from the secret at the server's clock.
 */
public final class PlatformLogin {

    public static final String PASSWORD = "correct horse platform staple";

    /** An administrator; {@code secret} is the raw TOTP secret, null when none is enrolled. */
    public record Admin(UUID id, String username, byte[] secret) {

        /** The code of this step on the server's clock; each step's code is accepted once (advance the clock 30 s for another). */
        public String currentCode(WebTestServer server) {
            return new TotpCodes().codeAt(secret, TotpCodes.stepOf(server.clock.instant()));
        }
    }

    /** A browser signed in to the console (its cookies and the session's CSRF field), and who it is. */
    public record SignedIn(TestBrowser browser, String username, UUID adminId, byte[] secret) {

        public Admin admin() {
            return new Admin(adminId, username, secret);
        }
    }

    private PlatformLogin() {
    }

    /** A fresh administrator with an enrolled authenticator app, signed in through HTTP. */
    public static SignedIn signIn(WebTestServer server, TestDatabase db) {
        Admin admin = newAdmin(server, db, true);
        TestBrowser browser = server.browser();
        signIn(server, browser, admin);
        return new SignedIn(browser, admin.username(), admin.id(), admin.secret());
    }

    /** Signs {@code admin} in with {@code browser}: password, then the current code; fails loudly otherwise. */
    public static void signIn(WebTestServer server, TestBrowser browser, Admin admin) {
        browser.get("/platform/login");
        HttpResponse<String> password = browser.post("/platform/login",
                Map.of("username", admin.username(), "password", PASSWORD));
        expectRedirect(password, "/platform/login/second-factor");
        browser.get("/platform/login/second-factor");
        HttpResponse<String> code = browser.post("/platform/login/second-factor", Map.of("code", admin.currentCode(server)));
        expectRedirect(code, "/platform");
        // a page of the signed-in console, so the browser holds the complete session's CSRF token
        HttpResponse<String> account = browser.get("/platform/account");
        if (account.statusCode() != 200) {
            throw new IllegalStateException("signed in, but /platform/account answered " + account.statusCode());
        }
    }

    /** A new administrator, enrolled (a TOTP secret stored as the application stores it) or not. */
    public static Admin newAdmin(WebTestServer server, TestDatabase db, boolean enrolled) {
        String username = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = new PlatformAdmins(db.platform(), new PlatformAudit()).create(
                new PlatformAdmins.NewAdmin(username, "Test Administrator " + username, ""),
                server.hasher.hash(PASSWORD), PlatformActor.commandLine());
        if (!enrolled) {
            return new Admin(id, username, null);
        }
        TotpSecrets secrets = new TotpSecrets(server.accessTokens);
        byte[] secret = secrets.newSecret();
        db.platform().run(tx -> tx.update(PLATFORM_ADMIN)
                .set(PLATFORM_ADMIN.TOTP_SECRET, secrets.encrypt(id, secret))
                .set(PLATFORM_ADMIN.TOTP_ENROLLED_AT, OffsetDateTime.now(server.clock))
                .where(PLATFORM_ADMIN.ID.eq(id))
                .execute());
        return new Admin(id, username, secret);
    }

    private static void expectRedirect(HttpResponse<String> response, String location) {
        String actual = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 303 || !actual.equals(location)) {
            throw new IllegalStateException("expected a 303 to " + location + ", got " + response.statusCode() + " to '"
                    + actual + "': " + response.body());
        }
    }
}
