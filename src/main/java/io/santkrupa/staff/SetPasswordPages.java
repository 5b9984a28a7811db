package io.santkrupa.staff;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.LoginFormToken;
import io.santkrupa.web.auth.LoginThrottle;
import io.santkrupa.web.auth.PasswordHasher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an invitation is used: the page a one-time link opens ({@code /clinic/<slug>/welcome/<token>})
 * and the page where a patient types the code the desk gave them ({@code /clinic/<slug>/welcome},
 * linked from the sign-in page). The invited person chooses their password -- a patient also their
 * username, offered as the clinic gave it -- then signs in with it. An expired, used, revoked or
 * unknown link gets one page that says so, whichever it was; a code that opens nothing gets one
 * message, whichever it was, and failed codes are throttled per address like failed sign-ins.
 */
public final class SetPasswordPages {

    private final AccountInvitations invitations;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Pages pages;
    private final WebSettings settings;

    public SetPasswordPages(AccountInvitations invitations, PasswordHasher hasher, LoginThrottle throttle, Pages pages,
                            WebSettings settings) {
        this.invitations = invitations;
        this.hasher = hasher;
        this.throttle = throttle;
        this.pages = pages;
        this.settings = settings;
    }

    /** GET /clinic/{slug}/welcome/{token} */
    public void form(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Optional<AccountInvitations.Invitee> invitee = invitations.find(clinic.id(), ctx.pathParam("token"));
        if (invitee.isEmpty()) {
            unusable(ctx);
            return;
        }
        render(ctx, invitee.get(), null, choiceForm(invitee.get()), 200);
    }

    /** POST /clinic/{slug}/welcome/{token} */
    public void submit(Context ctx) {
        LoginFormToken.require(ctx, settings);
        CurrentClinic clinic = RequestContext.clinic(ctx);
        AccountInvitations.ByLink link = new AccountInvitations.ByLink(ctx.pathParam("token"));
        Optional<AccountInvitations.Invitee> invitee = invitations.find(clinic.id(), link);
        if (invitee.isEmpty()) {
            unusable(ctx);
            return;
        }
        choose(ctx, clinic, link, invitee.get(), null);
    }

    /** GET /clinic/{slug}/welcome: the code page. */
    public void codeForm(Context ctx) {
        renderCode(ctx, Form.empty(), 200);
    }

    /**
     * POST /clinic/{slug}/welcome: first the code alone, answered with the set-password form (the
     * code carried in it); then the code with the chosen username and password.
     */
    public void codeSubmit(Context ctx) {
        LoginFormToken.require(ctx, settings);
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = Form.from(ctx, "code");
        String code = form.value("code");
        String ip = RequestContext.clientIp(ctx);
        AuditContext anonymous = new AuditContext(null, null, RequestContext.requestId(ctx), ip);
        Optional<LoginThrottle.Refusal> wait = throttle.checkCode(ip, clinic.slug());
        if (wait.isPresent()) {
            invitations.codeRefused(clinic.id(), anonymous, AuditLog.Outcome.DENIED, "throttled");
            long minutes = Math.max(1, (wait.get().retryAfter().toSeconds() + 59) / 60);
            ctx.header("Retry-After", String.valueOf(Math.max(1, wait.get().retryAfter().toSeconds())));
            form.error("code", "Too many codes that did not work were typed from this address. Try again in "
                    + minutes + (minutes == 1 ? " minute." : " minutes."));
            renderCode(ctx, form, 429);
            return;
        }
        if (code.isEmpty()) {
            renderCode(ctx, form.error("code", "Type the code from your invitation."), Form.INVALID);
            return;
        }
        if (!InvitationCode.wellFormed(code)) {
            renderCode(ctx, form.error("code", "A code has 12 letters and digits, like 7KQM-4XP2-9HDW. Check it "
                    + "and type it again."), Form.INVALID);
            return;
        }
        AccountInvitations.ByCode byCode = new AccountInvitations.ByCode(code);
        Optional<AccountInvitations.Invitee> invitee = invitations.find(clinic.id(), byCode);
        if (invitee.isEmpty()) {
            throttle.recordCodeFailure(ip, clinic.slug());
            invitations.codeRefused(clinic.id(), anonymous, AuditLog.Outcome.FAILURE,
                    "no live invitation has this code");
            renderCode(ctx, form.error("code", "This code does not open an invitation of this clinic. It may be "
                    + "mistyped, used already, expired, or replaced by a newer invitation: ask the clinic for a "
                    + "new one if it still does not work."), Form.INVALID);
            return;
        }
        if (ctx.formParam("password") == null) {
            render(ctx, invitee.get(), code, choiceForm(invitee.get()), 200);
            return;
        }
        choose(ctx, clinic, byCode, invitee.get(), code);
    }

    /** The chosen username and password, checked, hashed and set; then to the sign-in page. */
    private void choose(Context ctx, CurrentClinic clinic, AccountInvitations.Presented presented,
                        AccountInvitations.Invitee invitee, String code) {
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        String confirm = ctx.formParam("password_confirm") == null ? "" : ctx.formParam("password_confirm");
        // a patient may choose their username; a form without the field keeps the one offered
        boolean choosing = invitee.choosesUsername() && ctx.formParam("username") != null;
        Form form = choosing ? Form.from(ctx, "username") : Form.empty().put("username", invitee.username());
        String username = choosing ? StaffAccounts.checkUsername(form, "username") : invitee.username();
        StaffAccounts.checkNewPassword(form, password, confirm, username);
        if (form.hasErrors()) {
            render(ctx, invitee, code, form, Form.INVALID);
            return;
        }
        // Argon2 outside any transaction: it holds no connection while it works
        String hash = hasher.hash(password);
        AccountInvitations.Invitee done;
        try {
            done = invitations.redeem(clinic.id(), presented, username, hash, RequestContext.requestId(ctx),
                    RequestContext.clientIp(ctx));
        } catch (Form.Refused refused) {
            if (refused.field().equals(Form.WHOLE_FORM)) {
                unusable(ctx);
            } else {
                render(ctx, invitee, code, refused.applyTo(form), Form.CONFLICT);
            }
            return;
        }
        LoginFormToken.clear(ctx, settings);
        ctx.redirect("/clinic/" + clinic.slug() + "/login?welcome="
                + URLEncoder.encode(done.username(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private static Form choiceForm(AccountInvitations.Invitee invitee) {
        return invitee.choosesUsername() ? Form.empty().put("username", invitee.username()) : Form.empty();
    }

    /** @param code the typed code the form carries on (null for a link: the address carries the token) */
    private void render(Context ctx, AccountInvitations.Invitee invitee, String code, Form form, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("invitee", invitee);
        model.put("code", code);
        model.put("form", form);
        model.put("loginToken", LoginFormToken.issue(ctx, settings));
        model.put("title", "Choose your password - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "staff/welcome", model);
    }

    private void renderCode(Context ctx, Form form, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("loginToken", LoginFormToken.issue(ctx, settings));
        model.put("title", "Use your invitation code - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "staff/welcome-code", model);
    }

    /** The same page, and 200 like any page a person opens, whether the link expired, was used or never existed. */
    private void unusable(Context ctx) {
        pages.render(ctx, "staff/welcome-unusable", Map.of("title", "Link no longer valid - Santkrupa"));
    }
}
