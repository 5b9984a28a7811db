package io.santkrupa.web;

import java.time.Duration;

/**
 * How the web tier behaves. {@code secureCookies} is for deployments behind TLS: cookies get
 * the Secure flag and the {@code __Host-} prefix.
 */
public record WebSettings(boolean secureCookies, Duration sessionIdleTimeout, Duration sessionAbsoluteTimeout) {

    public static WebSettings defaults() {
        return new WebSettings(false, Duration.ofMinutes(15), Duration.ofHours(12));
    }

    public String sessionCookieName() {
        return secureCookies ? "__Host-santkrupa_session" : "santkrupa_session";
    }

    /** The super admins' session: its own cookie, never a clinic's. */
    public String platformSessionCookieName() {
        return secureCookies ? "__Host-santkrupa_platform" : "santkrupa_platform";
    }

    public String loginCsrfCookieName() {
        return secureCookies ? "__Host-santkrupa_login" : "santkrupa_login";
    }
}
