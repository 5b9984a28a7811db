package io.santkrupa.platform;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.LoginFormToken;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The super admins' sign-in pages: the password, then a code from the authenticator app or a
 * recovery code -- or, at the first sign-in, enrolling the app -- and signing out. The session
 * cookie changes at every step; the password form carries its own CSRF token (no session yet).
 */
public final class PlatformLoginPages {

    static final String FAILED = "Sign-in failed. Check your username and password.";
    static final String LOCKED = "Too many wrong codes: this account is locked for "
            + AdminLockout.LOCK_DURATION.toMinutes() + " minutes. Sign in again after that.";
    static final String CODE_FORMAT = "Enter the 6-digit code your authenticator app shows now, e.g. 123456.";
    static final String RECOVERY_FORMAT = "A recovery code has 16 letters and digits, e.g. 7kq2-m9xa-4hd8-p3wz.";

    private final PlatformTransactions platform;
    private final PlatformSignIn signIn;
    private final SecondFactorSignIn secondFactor;
    private final PlatformSessions sessions;
    private final PlatformAudit audit;
    private final Pages pages;
    private final WebSettings settings;

    public PlatformLoginPages(PlatformTransactions platform, PlatformSignIn signIn, SecondFactorSignIn secondFactor,
                              PlatformSessions sessions, PlatformAudit audit, Pages pages, WebSettings settings) {
        this.platform = platform;
        this.signIn = signIn;
        this.secondFactor = secondFactor;
        this.sessions = sessions;
        this.audit = audit;
        this.pages = pages;
        this.settings = settings;
    }

    /** GET /platform/login; someone signed in already goes on to the console. */
    public void form(Context ctx) {
        if (PlatformRequest.session(ctx).filter(s -> s.stage() == PlatformSessions.Stage.COMPLETE).isPresent()) {
            ctx.redirect(PlatformFilter.safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, Form.empty().put("next", ctx.queryParam("next")), null, 200);
    }

    /** POST /platform/login */
    public void submit(Context ctx) {
        requireLoginToken(ctx);
        Form form = Form.from(ctx, "username", "next");
        signIn.paced(ctx, form.value("username"), () -> attempt(ctx, form));
    }

    private void attempt(Context ctx, Form form) {
        var result = signIn.password(form.value("username"), ctx.formParam("password"),
                PlatformRequest.session(ctx).map(PlatformSessions.Active::id), anonymous(ctx), ctx.header("User-Agent"));
        switch (result) {
            case PlatformSignIn.Throttled throttled -> {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                long minutes = Math.max(1, (seconds + 59) / 60);
                ctx.header("Retry-After", String.valueOf(seconds));
                showLogin(ctx, form, "Too many sign-in attempts from this address. Try again in " + minutes
                        + (minutes == 1 ? " minute." : " minutes."), 429);
            }
            case PlatformSignIn.Rejected rejected -> showLogin(ctx, form, FAILED, 401);
            case PlatformSignIn.PasswordAccepted accepted -> {
                setSessionCookie(ctx, accepted.session().cookieValue());
                LoginFormToken.clear(ctx, settings);
                String step = accepted.stage() == PlatformSessions.Stage.ENROLMENT
                        ? "/platform/login/enrol" : "/platform/login/second-factor";
                ctx.redirect(withNext(step, form.value("next")), HttpStatus.SEE_OTHER);
            }
        }
    }

    /** GET /platform/login/second-factor */
    public void secondFactorForm(Context ctx) {
        PlatformSessions.Active halfOpen = halfOpen(ctx);
        if (halfOpen.stage() == PlatformSessions.Stage.ENROLMENT) {
            ctx.redirect(withNext("/platform/login/enrol", ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        showSecondFactor(ctx, Form.empty().put("next", ctx.queryParam("next")), false, 200);
    }

    /** POST /platform/login/second-factor: a code, or a recovery code (the filter checked the CSRF token). */
    public void secondFactorSubmit(Context ctx) {
        PlatformSessions.Active halfOpen = halfOpen(ctx);
        if (halfOpen.stage() == PlatformSessions.Stage.ENROLMENT) {
            ctx.redirect("/platform/login/enrol", HttpStatus.SEE_OTHER);
            return;
        }
        Form form = Form.from(ctx, "code", "recovery_code", "next");
        boolean recovery = !form.value("recovery_code").isEmpty();
        String field = recovery ? "recovery_code" : "code";
        String typed = form.value(field);
        boolean wellFormed = recovery ? RecoveryCodes.normalise(typed).isPresent() : TotpCodes.looksLikeCode(typed);
        if (!wellFormed) {
            form.error(field, recovery ? RECOVERY_FORMAT : CODE_FORMAT);
            showSecondFactor(ctx, form, recovery, Form.INVALID);
            return;
        }
        var result = secondFactor.check(halfOpen, recovery ? SecondFactor.Method.RECOVERY_CODE : SecondFactor.Method.TOTP,
                typed, PlatformRequest.actor(ctx), ctx.header("User-Agent"));
        switch (result) {
            case SecondFactorSignIn.SignedIn signedIn -> {
                setSessionCookie(ctx, signedIn.session().cookieValue());
                ctx.redirect(PlatformFilter.safeNext(form.value("next")), HttpStatus.SEE_OTHER);
            }
            case SecondFactorSignIn.WrongCode wrong -> {
                form.put(field, "").error(field, recovery
                        ? "That recovery code is not one of yours, or it has been used already."
                        : "That code is not right, or it has been used already. Wait for the next code and try again.");
                showSecondFactor(ctx, form, recovery, 401);
            }
            case SecondFactorSignIn.Ended ended -> {
                clearSessionCookie(ctx);
                showLogin(ctx, Form.empty(), LOCKED, 401);
            }
            case SecondFactorSignIn.Unreadable unreadable -> {
                form.put(field, "").error(field, "Your authenticator app's secret can no longer be checked (the "
                        + "application's key has changed). Ask the operator of this installation to run "
                        + "reset-platform-admin-second-factor for you; you then enrol your app again.");
                showSecondFactor(ctx, form, recovery, 401);
            }
        }
    }

    /** GET /platform/login/enrol: the QR code and the secret, the same on every reload. */
    public void enrolForm(Context ctx) {
        PlatformSessions.Active halfOpen = halfOpen(ctx);
        if (halfOpen.stage() != PlatformSessions.Stage.ENROLMENT) {
            ctx.redirect(withNext("/platform/login/second-factor", ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        showEnrol(ctx, halfOpen, Form.empty().put("next", ctx.queryParam("next")), 200);
    }

    /** POST /platform/login/enrol: the first code from the app confirms the secret. */
    public void enrolSubmit(Context ctx) {
        PlatformSessions.Active halfOpen = halfOpen(ctx);
        if (halfOpen.stage() != PlatformSessions.Stage.ENROLMENT) {
            ctx.redirect("/platform/login/second-factor", HttpStatus.SEE_OTHER);
            return;
        }
        Form form = Form.from(ctx, "code", "next");
        if (!TotpCodes.looksLikeCode(form.value("code"))) {
            form.error("code", CODE_FORMAT);
            showEnrol(ctx, halfOpen, form, Form.INVALID);
            return;
        }
        var result = secondFactor.enrol(halfOpen, form.value("code"), PlatformRequest.actor(ctx), ctx.header("User-Agent"));
        switch (result) {
            case SecondFactorSignIn.Enrolled enrolled -> {
                setSessionCookie(ctx, enrolled.session().cookieValue());
                // the codes exist in plain text only in this answer: a page, never a redirect
                Map<String, Object> model = PlatformRequest.model(ctx, "Your recovery codes");
                // the new session's: the layout's sign-out form belongs to it
                model.put("admin", halfOpen.admin());
                model.put("csrf", enrolled.session().csrfToken());
                model.put("codes", enrolled.recoveryCodes());
                model.put("enrolled", true);
                model.put("continueTo", PlatformFilter.safeNext(form.value("next")));
                pages.render(ctx, "platform/recovery-codes", model);
            }
            case SecondFactorSignIn.WrongCode wrong -> {
                form.put("code", "").error("code", "That code does not match. Check the app shows "
                        + "\"Santkrupa platform\" for you, wait for a new code and try again.");
                showEnrol(ctx, halfOpen, form, 401);
            }
            case SecondFactorSignIn.Ended ended -> {
                clearSessionCookie(ctx);
                showLogin(ctx, Form.empty(), "Your second factor was set up from another sign-in. Sign in again.", 409);
            }
        }
    }

    /** POST /platform/logout (the filter checked the session and its CSRF token). */
    public void logout(Context ctx) {
        PlatformActor who = PlatformRequest.actor(ctx);
        PlatformRequest.session(ctx).ifPresent(session -> platform.run(tx -> {
            sessions.delete(tx, session.id());
            audit.record(tx, who, "platform.sign_out", AuditLog.Outcome.SUCCESS, null, "");
            return null;
        }));
        clearSessionCookie(ctx);
        ctx.redirect("/platform/login?signedOut", HttpStatus.SEE_OTHER);
    }

    private void showLogin(Context ctx, Form form, String error, int status) {
        Map<String, Object> model = PlatformRequest.model(ctx, "Sign in");
        model.put("form", form);
        model.put("error", error);
        model.put("loginToken", LoginFormToken.issue(ctx, settings));
        model.put("signedOut", ctx.queryParamMap().containsKey("signedOut") && error == null);
        ctx.status(status);
        pages.render(ctx, "platform/login", model);
    }

    private void showSecondFactor(Context ctx, Form form, boolean recoveryOpen, int status) {
        Map<String, Object> model = PlatformRequest.model(ctx, "Second factor");
        model.put("form", form);
        model.put("recoveryOpen", recoveryOpen);
        ctx.status(status);
        pages.render(ctx, "platform/second-factor", model);
    }

    private void showEnrol(Context ctx, PlatformSessions.Active halfOpen, Form form, int status) {
        byte[] secret = secondFactor.pendingSecret(halfOpen);
        Map<String, Object> model = PlatformRequest.model(ctx, "Set up your authenticator app");
        model.put("form", form);
        model.put("username", halfOpen.admin().username());
        model.put("qr", TotpQrCode.svg(TotpSecrets.otpauthUri(halfOpen.admin().username(), secret)));
        model.put("secret", TotpSecrets.grouped(secret));
        ctx.status(status);
        pages.render(ctx, "platform/enrol", model);
    }

    /** The filter lets a SECOND_FACTOR route through only with a half-open session. */
    private static PlatformSessions.Active halfOpen(Context ctx) {
        return PlatformRequest.session(ctx).filter(s -> s.stage() != PlatformSessions.Stage.COMPLETE)
                .orElseThrow(() -> new IllegalStateException("a second-factor route without a half-open session"));
    }

    private static PlatformActor anonymous(Context ctx) {
        return PlatformActor.anonymous(RequestContext.requestId(ctx), RequestContext.clientIp(ctx));
    }

    /** A step's address, keeping a console page to return to (only when there is one besides the start page). */
    private static String withNext(String path, String next) {
        String safe = PlatformFilter.safeNext(next);
        return safe.equals("/platform") ? path : path + "?next=" + URLEncoder.encode(safe, StandardCharsets.UTF_8);
    }

    private void requireLoginToken(Context ctx) {
        try {
            LoginFormToken.require(ctx, settings);
        } catch (ForbiddenResponse expired) {
            throw new ForbiddenResponse("This sign-in form has expired. Reload the page and try again.");
        }
    }

    private void setSessionCookie(Context ctx, String value) {
        ctx.cookie(sessionCookie(value, -1));
    }

    private void clearSessionCookie(Context ctx) {
        ctx.cookie(sessionCookie("", 0));
    }

    /** Strict: the console is never entered from a link on another site with its session. */
    private Cookie sessionCookie(String value, int maxAge) {
        return new Cookie(settings.platformSessionCookieName(), value, "/", maxAge, settings.secureCookies(), true, null,
                SameSite.STRICT);
    }
}
