package io.santkrupa.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import io.santkrupa.web.WebSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The CSRF token of a form shown before anyone is signed in (a sign-in, a set-password page):
 * there is no session to keep it in, so it is a double-submit cookie -- a random value in a
 * SameSite=Strict, HttpOnly cookie and the same value in the form.
 */
public final class LoginFormToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LoginFormToken() {
    }

    /** Sets a new token cookie and returns the value for the form's hidden {@code _login} field. */
    public static String issue(Context ctx, WebSettings settings) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.cookie(new Cookie(settings.loginCsrfCookieName(), token, "/", -1, settings.secureCookies(), true, null,
                SameSite.STRICT));
        return token;
    }

    /** Refuses (403) a form whose {@code _login} field does not match the cookie. */
    public static void require(Context ctx, WebSettings settings) {
        String cookie = ctx.cookie(settings.loginCsrfCookieName());
        String form = ctx.formParam("_login");
        if (cookie == null || form == null
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), form.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("This form has expired. Reload the page and try again.");
        }
    }

    /** Forgets the token once its form has done its work. */
    public static void clear(Context ctx, WebSettings settings) {
        ctx.removeCookie(settings.loginCsrfCookieName(), "/");
    }
}
