package io.santkrupa.platform;

import java.util.UUID;

/**
 * Who acts on the platform, for its audit trail: a signed-in super admin (console), the
 * command line run by an operating-system user, or an anonymous sign-in attempt.
 */
public record PlatformActor(UUID adminId, String name, String requestId, String ip) {

    /** The command line: no super admin signs in there; the operating-system user is named instead. */
    public static PlatformActor commandLine() {
        String user = System.getProperty("user.name", "unknown");
        String name = "cli:" + user.replaceAll("[^A-Za-z0-9._@-]", "_");
        return new PlatformActor(null, name.length() > 100 ? name.substring(0, 100) : name, "", null);
    }

    public static PlatformActor anonymous(String requestId, String ip) {
        return new PlatformActor(null, "anonymous", requestId, ip);
    }
}
