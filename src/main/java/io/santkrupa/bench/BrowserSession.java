package io.santkrupa.bench;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in browser: a {@link Connection} whose cookie jar holds a session, made as a browser
 * makes one -- the clinic's sign-in form fetched for its one-time {@code _login} token (and its
 * cookie), then posted with the username and password, answered 303 with the session cookie.
 */
final class BrowserSession {

    private static final Pattern LOGIN_TOKEN = Pattern.compile("name=\"_login\" value=\"([^\"]+)\"");

    private BrowserSession() {
    }

    /** Signs {@code login} in on {@code connection}; from then on its requests carry the session. */
    static void signIn(Connection connection, StaffLogin login) {
        String formPath = "/clinic/" + login.clinic() + "/login";
        HttpAnswer form = connection.get(formPath, null).require("the sign-in form of " + login.clinic());
        Matcher token = LOGIN_TOKEN.matcher(form.body());
        if (!token.find()) {
            throw new BenchFailure("the sign-in form of " + login.clinic() + " has no _login token");
        }
        HttpAnswer signedIn = connection.postForm(formPath, Map.of("_login", token.group(1),
                "username", login.username(), "password", login.password(), "next", ""));
        String location = signedIn.header("Location");
        if (signedIn.status() != 303 || location == null || location.contains("/login")) {
            throw new BenchFailure("signing in as " + login + " through the form answered " + signedIn.status()
                    + (location == null ? "" : " to " + location));
        }
    }
}
