package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One staff member's API access token, shared by every worker that calls the API as them (an
 * integrator's many connections use one token). Access tokens live 10 minutes: a token older
 * than {@link #RENEW_AFTER_SECONDS} is renewed with the refresh token (rotated) before the next
 * request, outside the measured time.
 */
final class ApiToken {

    static final long RENEW_AFTER_SECONDS = 300;

    private final StaffLogin login;
    private String accessToken;
    private String refreshToken;
    private long issuedAtNanos;
    private long expiresInSeconds;

    private ApiToken(StaffLogin login) {
        this.login = login;
    }

    /** Signs in through {@code POST /auth/token}. */
    static ApiToken signIn(Connection connection, StaffLogin login) {
        ApiToken token = new ApiToken(login);
        token.take(connection.postJson(login.apiBase() + "/auth/token", null,
                Map.of("username", login.username(), "password", login.password()), Map.of())
                .require("signing in to the API as " + login));
        return token;
    }

    /** The access token, renewed first when it is old. */
    synchronized String current(Connection connection) {
        long ageSeconds = (System.nanoTime() - issuedAtNanos) / 1_000_000_000L;
        if (ageSeconds >= Math.min(RENEW_AFTER_SECONDS, expiresInSeconds / 2)) {
            HttpAnswer refreshed = connection.postJson(login.apiBase() + "/auth/refresh", null,
                    Map.of("refreshToken", refreshToken), Map.of());
            take(refreshed.ok() ? refreshed : connection.postJson(login.apiBase() + "/auth/token", null,
                    Map.of("username", login.username(), "password", login.password()), Map.of())
                    .require("signing in to the API again as " + login));
        }
        return accessToken;
    }

    StaffLogin login() {
        return login;
    }

    private void take(HttpAnswer answer) {
        JsonNode json = answer.json();
        accessToken = json.path("accessToken").asText();
        refreshToken = json.path("refreshToken").asText();
        expiresInSeconds = json.path("expiresIn").asLong(600);
        issuedAtNanos = System.nanoTime();
    }
}
