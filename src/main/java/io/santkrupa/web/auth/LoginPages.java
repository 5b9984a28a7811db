package io.santkrupa.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.santkrupa.clinic.ClinicDirectory;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.session.Sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out of a clinic's pages. The session id changes at every login; the login
 * form carries its own CSRF token (a double-submit cookie), since there is no session yet.
 */
public final class LoginPages {

    static final String FAILED = "Sign-in failed. Check the clinic, your username and your password. "
            + "After " + Authenticator.FAILURES_BEFORE_LOCK + " failed attempts an account is locked for "
            + Authenticator.LOCK_DURATION.toMinutes() + " minutes.";

    private final ClinicDirectory directory;
    private final Authenticator authenticator;
    private final PasswordHasher hasher;
    private final TenantTransactions tenants;
    private final Sessions sessions;
    private final Pages pages;
    private final WebSettings settings;

    public LoginPages(ClinicDirectory directory, Authenticator authenticator, PasswordHasher hasher,
                      TenantTransactions tenants, Sessions sessions, Pages pages, WebSettings settings) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.hasher = hasher;
        this.tenants = tenants;
        this.sessions = sessions;
        this.pages = pages;
        this.settings = settings;
    }

    /** GET /login: asks for the clinic too. */
    public void anyClinicForm(Context ctx) {
        showForm(ctx, null, "", "", null, 200);
    }

    /** GET /clinic/{slug}/login */
    public void clinicForm(Context ctx) {
        // after choosing a password with a one-time link: their username, ready to sign in
        String welcome = ctx.queryParam("welcome");
        String username = welcome != null && welcome.matches("^[a-z0-9._-]{3,64}$") ? welcome : "";
        showForm(ctx, RequestContext.clinic(ctx).slug(), username, ctx.queryParam("next"), null, 200);
    }

    /** POST /login: an unknown clinic fails exactly like a wrong password. */
    public void anyClinicSubmit(Context ctx) {
        requireLoginToken(ctx);
        String slug = ctx.formParam("clinic") == null ? "" : ctx.formParam("clinic").strip().toLowerCase();
        Optional<CurrentClinic> clinic = directory.resolve(slug);
        if (clinic.isEmpty() || !clinic.get().status().allowsReads()) {
            hasher.matchesNothing(ctx.formParam("password"));
            showForm(ctx, null, ctx.formParam("username"), "", FAILED, 401);
            return;
        }
        submit(ctx, clinic.get(), null);
    }

    /** POST /clinic/{slug}/login */
    public void clinicSubmit(Context ctx) {
        requireLoginToken(ctx);
        submit(ctx, RequestContext.clinic(ctx), ctx.formParam("next"));
    }

    private void submit(Context ctx, CurrentClinic clinic, String next) {
        String username = ctx.formParam("username");
        var result = authenticator.authenticate(clinic, username, ctx.formParam("password"),
                RequestContext.clientIp(ctx), RequestContext.requestId(ctx));
        String formSlug = ctx.path().startsWith("/clinic/") ? clinic.slug() : null;
        switch (result) {
            case Authenticator.Throttled throttled -> {
                long minutes = Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60);
                ctx.header("Retry-After", String.valueOf(Math.max(1, throttled.retryAfter().toSeconds())));
                showForm(ctx, formSlug, username, next, "Too many sign-in attempts. Try again in " + minutes
                        + (minutes == 1 ? " minute." : " minutes."), 429);
            }
            case Authenticator.Rejected rejected -> showForm(ctx, formSlug, username, next, FAILED, 401);
            case Authenticator.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                Sessions.Created session = tenants.inClinic(clinic.id(), tx -> {
                    // a new session id at every login: a planted or older cookie is never promoted
                    Sessions.parse(ctx.cookie(settings.sessionCookieName()))
                            .filter(old -> old.clinic().equals(clinic.id()))
                            .ifPresent(old -> sessions.delete(tx, old));
                    return sessions.create(tx, clinic.id(), principal.userId(), RequestContext.clientIp(ctx),
                            ctx.header("User-Agent"));
                });
                ctx.cookie(sessionCookie(session.cookieValue(), -1));
                LoginFormToken.clear(ctx, settings);
                ctx.redirect(safeNext(clinic, next), HttpStatus.SEE_OTHER);
            }
        }
    }

    /** POST /clinic/{slug}/logout (the filter has checked the session and its CSRF token). */
    public void clinicLogout(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Sessions.parse(ctx.cookie(settings.sessionCookieName()))
                .ifPresent(presented -> tenants.inClinic(clinic.id(), tx -> {
                    sessions.delete(tx, presented);
                    return null;
                }));
        ctx.cookie(sessionCookie("", 0));
        ctx.redirect("/clinic/" + clinic.slug() + "/login?signedOut", HttpStatus.SEE_OTHER);
    }

    /** POST /logout: signs out of whichever clinic the session cookie belongs to. */
    public void anyClinicLogout(Context ctx) {
        Sessions.parse(ctx.cookie(settings.sessionCookieName())).ifPresent(presented -> tenants.inClinic(presented.clinic(), tx -> {
            Optional<Sessions.Active> active = sessions.find(tx, presented);
            String token = ctx.formParam("_csrf");
            if (active.isPresent() && token != null && MessageDigest.isEqual(
                    active.get().csrfToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                sessions.delete(tx, presented);
            } else if (active.isPresent()) {
                throw new ForbiddenResponse("This form has expired. Go back, reload the page and try again.");
            }
            return null;
        }));
        ctx.cookie(sessionCookie("", 0));
        ctx.redirect("/login?signedOut", HttpStatus.SEE_OTHER);
    }

    private void showForm(Context ctx, String slug, String username, String next, String error, int status) {
        String token = LoginFormToken.issue(ctx, settings);
        Map<String, Object> model = new HashMap<>();
        model.put("slug", slug);
        model.put("username", username == null ? "" : username);
        model.put("next", next == null ? "" : next);
        model.put("error", error);
        model.put("loginToken", token);
        model.put("signedOut", ctx.queryParamMap().containsKey("signedOut"));
        model.put("passwordSet", ctx.queryParamMap().containsKey("welcome") && error == null);
        model.put("title", "Sign in - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "login", model);
    }

    private void requireLoginToken(Context ctx) {
        try {
            LoginFormToken.require(ctx, settings);
        } catch (ForbiddenResponse expired) {
            throw new ForbiddenResponse("This sign-in form has expired. Reload the page and try again.");
        }
    }

    private Cookie sessionCookie(String value, int maxAge) {
        return new Cookie(settings.sessionCookieName(), value, "/", maxAge, settings.secureCookies(), true, null,
                SameSite.LAX);
    }

    /** Only a path inside the same clinic: never an open redirect. */
    static String safeNext(CurrentClinic clinic, String next) {
        String home = "/clinic/" + clinic.slug() + "/";
        if (next != null && next.startsWith(home) && !next.contains("//") && !next.contains("\\")
                && next.chars().noneMatch(Character::isISOControl)) {
            return next;
        }
        return home;
    }

}
