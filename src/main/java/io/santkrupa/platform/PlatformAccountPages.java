package io.santkrupa.platform;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * A super admin's own account: who they are, their second factor, how many recovery codes are
 * left -- and new recovery codes, for a current code from the authenticator app.
 */
public final class PlatformAccountPages {

    static final String REGENERATE_ACTION = "platform.recovery_codes_regenerate";

    /** What the account page shows. */
    public record Account(String username, String fullName, String email, OffsetDateTime secondFactorSince,
                          OffsetDateTime lastLoginAt, int recoveryCodesLeft) {
    }

    private final PlatformTransactions platform;
    private final SecondFactor secondFactor;
    private final RecoveryCodes recoveryCodes;
    private final PlatformAudit audit;
    private final Pages pages;

    public PlatformAccountPages(PlatformTransactions platform, SecondFactor secondFactor, RecoveryCodes recoveryCodes,
                                PlatformAudit audit, Pages pages) {
        this.platform = platform;
        this.secondFactor = secondFactor;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
        this.pages = pages;
    }

    /** GET /platform/account */
    public void show(Context ctx) {
        showAccount(ctx, Form.empty(), 200);
    }

    /** POST /platform/account/recovery-codes: ten new codes for a current code from the app. */
    public void newRecoveryCodes(Context ctx) {
        PlatformPrincipal admin = PlatformRequest.admin(ctx);
        PlatformActor who = PlatformRequest.actor(ctx);
        Form form = Form.from(ctx, "code");
        if (!TotpCodes.looksLikeCode(form.value("code"))) {
            form.error("code", PlatformLoginPages.CODE_FORMAT);
            showAccount(ctx, form, Form.INVALID);
            return;
        }
        List<String> codes = platform.run(tx -> {
            SecondFactor.Check check = secondFactor.totp(tx, admin.adminId(), form.value("code"));
            switch (check) {
                case SecondFactor.Passed passed -> {
                    List<String> fresh = recoveryCodes.replaceAll(tx, admin.adminId());
                    audit.record(tx, who, REGENERATE_ACTION, Outcome.SUCCESS, null,
                            fresh.size() + " new recovery codes; the old ones no longer work");
                    return fresh;
                }
                case SecondFactor.Wrong wrong -> {
                    audit.record(tx, who, REGENERATE_ACTION, Outcome.FAILURE, null,
                            wrong.lockedNow() ? "wrong totp; account locked" : "wrong totp");
                    form.put("code", "").error("code", wrong.lockedNow() ? PlatformLoginPages.LOCKED
                            : "That code is not right, or it has been used already. Wait for the next code and try again.");
                }
                case SecondFactor.Locked locked -> {
                    audit.record(tx, who, REGENERATE_ACTION, Outcome.DENIED, null, "locked");
                    form.put("code", "").error("code", PlatformLoginPages.LOCKED);
                }
                case SecondFactor.Unreadable unreadable -> {
                    audit.record(tx, who, REGENERATE_ACTION, Outcome.FAILURE, null,
                            "totp secret unreadable: the signing key changed since enrolment");
                    form.put("code", "").error("code", "Your authenticator app's secret can no longer be checked "
                            + "(the application's key has changed): ask another platform administrator to reset it.");
                }
            }
            return List.of();
        });
        if (form.hasErrors()) {
            showAccount(ctx, form, 401);
            return;
        }
        // the codes exist in plain text only in this answer: a page, never a redirect
        Map<String, Object> model = PlatformRequest.model(ctx, "Your new recovery codes");
        model.put("codes", codes);
        model.put("enrolled", false);
        model.put("continueTo", "/platform/account");
        pages.render(ctx, "platform/recovery-codes", model);
    }

    private void showAccount(Context ctx, Form form, int status) {
        PlatformPrincipal admin = PlatformRequest.admin(ctx);
        Account account = platform.run(tx -> tx
                .select(PLATFORM_ADMIN.USERNAME, PLATFORM_ADMIN.FULL_NAME, PLATFORM_ADMIN.EMAIL,
                        PLATFORM_ADMIN.TOTP_ENROLLED_AT, PLATFORM_ADMIN.LAST_LOGIN_AT)
                .from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.ID.eq(admin.adminId()))
                .fetchSingle(r -> new Account(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        recoveryCodes.unused(tx, admin.adminId()))));
        Map<String, Object> model = PlatformRequest.model(ctx, "Your account");
        model.put("account", account);
        model.put("fewCodes", account.recoveryCodesLeft() <= RecoveryCodes.FEW_LEFT);
        model.put("form", form);
        ctx.status(status);
        pages.render(ctx, "platform/account", model);
    }
}
