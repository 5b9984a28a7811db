package io.santkrupa.testing;

import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAdmins;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.platform.PlatformSessions;

import java.time.Duration;
import java.util.UUID;

/**
 * A super admin's browser with a complete platform session, made the way the sign-in makes one
 * (PlatformSessions) but without walking through password and TOTP: for tests of the console's
 * pages. The sign-in itself is tested through HTTP on its own.
 */
public final class PlatformConsoleFixture {

    public record SignedIn(TestBrowser browser, String username, UUID adminId) {
    }

    private PlatformConsoleFixture() {
    }

    public static SignedIn signedIn(WebTestServer server, TestDatabase db) {
        String username = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        UUID adminId = new PlatformAdmins(db.platform(), new PlatformAudit()).create(
                new PlatformAdmins.NewAdmin(username, "Platform Operator", ""),
                server.hasher.hash("operator password " + username), PlatformActor.commandLine());
        PlatformSessions sessions = new PlatformSessions(server.clock, Duration.ofMinutes(15), Duration.ofHours(12));
        PlatformSessions.Created session = db.platform().run(tx -> sessions.create(tx, adminId,
                PlatformSessions.Stage.COMPLETE, "127.0.0.1", "test"));
        TestBrowser browser = server.browser();
        browser.cookies.put("santkrupa_platform", session.cookieValue());
        if (browser.get("/platform").statusCode() != 200) {
            throw new IllegalStateException("the platform session does not open the console");
        }
        return new SignedIn(browser, username, adminId);
    }
}
