package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One staff member's API access token, shared by every worker that calls the API as them (an
 * integrator's many connections use one token). Access tokens live 10 minutes: a token older
 * than {@link #RENEW_AFTER_SECONDS} (or half its life) is renewed with the refresh token
 * (rotated) before the next request, outside the measured time; reading a fresh one takes no lock.
 */
final class ApiToken {

    static final long RENEW_AFTER_SECONDS = 300;

    private record Issued(String accessToken, String refreshToken, long renewAtNanos) {
    }

    private final StaffLogin login;
    private volatile Issued issued;

    private ApiToken(StaffLogin login) {
        this.login = login;
    }

    /** Signs in through {@code POST /auth/token}. */
    static ApiToken signIn(Connection connection, StaffLogin login) {
        ApiToken token = new ApiToken(login);
        token.take(signIn(connection, login, "signing in to the API as "));
        return token;
    }

    /** The access token, renewed first when it is old. */
    String current(Connection connection) {
        Issued now = issued;
        if (System.nanoTime() - now.renewAtNanos() < 0) {
            return now.accessToken();
        }
        synchronized (this) {
            if (issued == now) {
                HttpAnswer refreshed = connection.postJson(login.apiBase() + "/auth/refresh", null,
                        Map.of("refreshToken", now.refreshToken()), Map.of());
                take(refreshed.ok() ? refreshed : signIn(connection, login, "signing in to the API again as "));
            }
            return issued.accessToken();
        }
    }

    StaffLogin login() {
        return login;
    }

    private static HttpAnswer signIn(Connection connection, StaffLogin login, String what) {
        return connection.postJson(login.apiBase() + "/auth/token", null,
                Map.of("username", login.username(), "password", login.password()), Map.of()).require(what + login);
    }

    private void take(HttpAnswer answer) {
        JsonNode json = answer.json();
        long lifeSeconds = Math.min(RENEW_AFTER_SECONDS, json.path("expiresIn").asLong(600) / 2);
        issued = new Issued(json.path("accessToken").asText(), json.path("refreshToken").asText(),
                System.nanoTime() + lifeSeconds * 1_000_000_000L);
    }
}
