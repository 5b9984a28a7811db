package io.santkrupa.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.santkrupa.clinic.ClinicDirectory;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.TenantFilter;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.session.FormDrafts;
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

    static final String FAILED = "Sign-in failed. Check the clinic, your username and your password.";

    private final ClinicDirectory directory;
    private final Authenticator authenticator;
    private final PasswordHasher hasher;
    private final TenantTransactions tenants;
    private final Sessions sessions;
    private final Pages pages;
    private final WebSettings settings;
    private final FormDrafts drafts;

    /**
     * A form carried through the sign-in: which page's form, and what was typed into it (the
     * sign-in form posts each field back as {@code kept.<name>}).
     */
    record Carried(FormDrafts.Key key, Map<String, String> fields) {
        static final String PREFIX = "kept.";

        static Optional<Carried> from(Context ctx, String slug) {
            Optional<FormDrafts.Key> key = FormDrafts.Key.parse(ctx.formParam(FormDrafts.FIELD), slug);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Map<String, java.util.List<String>> kept = new java.util.LinkedHashMap<>();
            ctx.formParamMap().forEach((name, values) -> {
                if (name.startsWith(PREFIX)) {
                    kept.put(name.substring(PREFIX.length()), values);
                }
            });
            return Optional.of(new Carried(key.get(), FormDrafts.fieldsOf(kept).orElse(Map.of())));
        }

        /** The key as the form names it. */
        public String draft() {
            return key.page() + "#" + key.form();
        }
    }

    public LoginPages(ClinicDirectory directory, Authenticator authenticator, PasswordHasher hasher,
                      TenantTransactions tenants, Sessions sessions, Pages pages, WebSettings settings,
                      FormDrafts drafts) {
        this.drafts = drafts;
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
        showForm(ctx, null, "", "", null, 200, null);
    }

    /** GET /clinic/{slug}/login */
    public void clinicForm(Context ctx) {
        // after choosing a password with a one-time link: their username, ready to sign in
        String welcome = ctx.queryParam("welcome");
        String username = welcome != null && welcome.matches("^[a-z0-9._-]{3,64}$") ? welcome : "";
        showForm(ctx, RequestContext.clinic(ctx).slug(), username, ctx.queryParam("next"), null, 200, null);
    }

    /**
     * A form posted after its session ended: the sign-in page, with what was typed carried in
     * it, so that signing in again keeps it for the form's page (see TenantFilter).
     */
    public void signInAgainToKeep(Context ctx, FormDrafts.Key key, Map<String, String> fields) {
        showForm(ctx, RequestContext.clinic(ctx).slug(), "", key.page(), null, 401, new Carried(key, fields));
    }

    /** POST /login: an unknown clinic fails exactly like a wrong password. */
    public void anyClinicSubmit(Context ctx) {
        requireLoginToken(ctx);
        String slug = ctx.formParam("clinic") == null ? "" : ctx.formParam("clinic").strip().toLowerCase();
        Optional<CurrentClinic> clinic = directory.resolve(slug);
        if (clinic.isEmpty() || !clinic.get().status().allowsReads()) {
            hasher.matchesNothing(ctx.formParam("password"));
            showForm(ctx, null, ctx.formParam("username"), "", FAILED, 401, null);
            return;
        }
        submit(ctx, clinic.get(), null, null);
    }

    /** POST /clinic/{slug}/login */
    public void clinicSubmit(Context ctx) {
        requireLoginToken(ctx);
        CurrentClinic clinic = RequestContext.clinic(ctx);
        submit(ctx, clinic, ctx.formParam("next"), Carried.from(ctx, clinic.slug()).orElse(null));
    }

    private void submit(Context ctx, CurrentClinic clinic, String next, Carried carried) {
        String username = ctx.formParam("username");
        authenticator.paced(ctx, clinic, username, () -> attempt(ctx, clinic, username, next, carried));
    }

    private void attempt(Context ctx, CurrentClinic clinic, String username, String next, Carried carried) {
        var result = authenticator.authenticate(clinic, username, ctx.formParam("password"),
                RequestContext.clientIp(ctx), RequestContext.requestId(ctx));
        String formSlug = ctx.path().startsWith("/clinic/") ? clinic.slug() : null;
        switch (result) {
            case Authenticator.Throttled throttled -> {
                long minutes = Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60);
                ctx.header("Retry-After", String.valueOf(Math.max(1, throttled.retryAfter().toSeconds())));
                showForm(ctx, formSlug, username, next, "Too many sign-in attempts from this address. Try again in "
                        + minutes + (minutes == 1 ? " minute." : " minutes."), 429, carried);
            }
            case Authenticator.Rejected rejected -> showForm(ctx, formSlug, username, next, FAILED, 401, carried);
            case Authenticator.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                boolean[] samePerson = {false};
                Sessions.Created session = tenants.inClinic(clinic.id(), tx -> {
                    Optional<Sessions.Presented> old = Sessions.parse(ctx.cookie(settings.sessionCookieName()))
                            .filter(presented -> presented.clinic().equals(clinic.id()));
                    // what was typed before the session ended is kept for the person who typed it, no one else
                    samePerson[0] = carried != null && old.isPresent()
                            && sessions.ownerOf(tx, old.get()).filter(principal.userId()::equals).isPresent();
                    if (samePerson[0] && !carried.fields().isEmpty()) {
                        drafts.keep(tx, clinic.id(), principal.userId(), carried.key(), carried.fields());
                    }
                    // a new session id at every login: a planted or older cookie is never promoted
                    old.ifPresent(presented -> sessions.delete(tx, presented));
                    return sessions.create(tx, clinic.id(), principal.userId(), RequestContext.clientIp(ctx),
                            ctx.header("User-Agent"));
                });
                ctx.cookie(sessionCookie(session.cookieValue(), -1));
                LoginFormToken.clear(ctx, settings);
                // back to the form's page, where session.js puts the kept text back into the form;
                // someone else signing in on that screen starts at their own home
                ctx.redirect(carried == null ? safeNext(clinic, next)
                        : samePerson[0] ? safeNext(clinic, carried.key().page()) + "#" + carried.key().form()
                        : safeNext(clinic, null), HttpStatus.SEE_OTHER);
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

    /**
     * POST /logout: signs out of whichever clinic the session cookie belongs to. The cookie's
     * clinic is resolved like a URL's slug first: a clinic that does not exist gets a plain
     * sign-out with nothing opened in its name, a suspended one the page every route of it gets.
     */
    public void anyClinicLogout(Context ctx) {
        Optional<Sessions.Presented> presented = Sessions.parse(ctx.cookie(settings.sessionCookieName()));
        Optional<CurrentClinic> clinic = presented.flatMap(p -> directory.resolve(p.clinic()));
        if (clinic.isPresent() && clinic.get().status() == SubscriptionStatus.SUSPENDED) {
            throw new TenantFilter.ClinicSuspended();
        }
        clinic.ifPresent(resolved -> tenants.inClinic(resolved.id(), tx -> {
            Optional<Sessions.Active> active = sessions.find(tx, presented.get());
            String token = ctx.formParam("_csrf");
            if (active.isPresent() && token != null && MessageDigest.isEqual(
                    active.get().csrfToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                sessions.delete(tx, presented.get());
            } else if (active.isPresent()) {
                throw new ForbiddenResponse("This form has expired. Go back, reload the page and try again.");
            }
            return null;
        }));
        ctx.cookie(sessionCookie("", 0));
        ctx.redirect("/login?signedOut", HttpStatus.SEE_OTHER);
    }

    private void showForm(Context ctx, String slug, String username, String next, String error, int status,
                          Carried carried) {
        String token = LoginFormToken.issue(ctx, settings);
        Map<String, Object> model = new HashMap<>();
        model.put("carried", carried);
        model.put("idleMinutes", settings.sessionIdleTimeout().toMinutes());
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
