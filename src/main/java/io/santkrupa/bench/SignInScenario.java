package io.santkrupa.bench;

import java.util.List;
import java.util.Map;

/**
 * (6) Signing in: {@code POST /auth/token} with a username and password, the password checked
 * against its Argon2id hash (19 MiB, 2 passes) -- slow on purpose, so reported apart and run
 * with few connections and requests. The staff of every clinic take turns.
 */
final class SignInScenario implements Scenario {

    private final List<StaffLogin> logins;

    SignInScenario(List<StaffLogin> logins) {
        this.logins = logins;
    }

    @Override
    public String name() {
        return "sign-in";
    }

    @Override
    public String description() {
        return "POST /clinic/{slug}/api/v1/auth/token (Argon2id password check, an access and a refresh token), "
                + logins.size() + " login(s) in turn";
    }

    @Override
    public Worker worker(int index, Connection connection) {
        return new Worker() {
            int next = index;
            StaffLogin login;

            @Override
            public void prepare() {
                login = logins.get(next++ % logins.size());
            }

            @Override
            public Outcome request() {
                HttpAnswer answer = connection.postJson(login.apiBase() + "/auth/token", null,
                        Map.of("username", login.username(), "password", login.password()), Map.of());
                if (!answer.ok()) {
                    return Outcome.wrong(answer.status(), null);
                }
                if (answer.json().path("accessToken").asText().isEmpty()) {
                    return Outcome.wrong(answer.status(), "no access token");
                }
                return Outcome.ok(answer.status());
            }
        };
    }
}
