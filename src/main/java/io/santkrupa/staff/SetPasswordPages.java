package io.santkrupa.staff;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.LoginFormToken;
import io.santkrupa.web.auth.PasswordHasher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page a one-time link opens ({@code /clinic/<slug>/welcome/<token>}): the person it was
 * issued for chooses their password, then signs in with it. An expired, used or unknown link
 * gets one page that says so, whichever it was.
 */
public final class SetPasswordPages {

    private final AccountInvitations invitations;
    private final PasswordHasher hasher;
    private final Pages pages;
    private final WebSettings settings;

    public SetPasswordPages(AccountInvitations invitations, PasswordHasher hasher, Pages pages, WebSettings settings) {
        this.invitations = invitations;
        this.hasher = hasher;
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
        render(ctx, invitee.get(), Form.empty(), 200);
    }

    /** POST /clinic/{slug}/welcome/{token} */
    public void submit(Context ctx) {
        LoginFormToken.require(ctx, settings);
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String token = ctx.pathParam("token");
        Optional<AccountInvitations.Invitee> invitee = invitations.find(clinic.id(), token);
        if (invitee.isEmpty()) {
            unusable(ctx);
            return;
        }
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        String confirm = ctx.formParam("password_confirm") == null ? "" : ctx.formParam("password_confirm");
        Form form = Form.empty();
        StaffAccounts.checkNewPassword(form, password, confirm, invitee.get().username());
        if (form.hasErrors()) {
            render(ctx, invitee.get(), form, Form.INVALID);
            return;
        }
        // Argon2 outside any transaction: it holds no connection while it works
        String hash = hasher.hash(password);
        try {
            invitations.redeem(clinic.id(), token, hash, RequestContext.requestId(ctx), RequestContext.clientIp(ctx));
        } catch (Form.Refused refused) {
            unusable(ctx);
            return;
        }
        LoginFormToken.clear(ctx, settings);
        ctx.redirect("/clinic/" + clinic.slug() + "/login?welcome="
                + URLEncoder.encode(invitee.get().username(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, AccountInvitations.Invitee invitee, Form form, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("invitee", invitee);
        model.put("form", form);
        model.put("loginToken", LoginFormToken.issue(ctx, settings));
        model.put("title", "Choose your password - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "staff/welcome", model);
    }

    /** The same page, and 200 like any page a person opens, whether the link expired, was used or never existed. */
    private void unusable(Context ctx) {
        pages.render(ctx, "staff/welcome-unusable", Map.of("title", "Link no longer valid - Santkrupa"));
    }
}
