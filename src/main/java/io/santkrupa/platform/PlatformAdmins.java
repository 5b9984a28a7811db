package io.santkrupa.platform;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.db.Ids;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.staff.StaffAccounts;
import io.santkrupa.web.Form;
import org.jooq.exception.DataAccessException;

import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_SESSION;

/**
 * The platform's administrators (super admins). The first one is created from the command line
 * ({@code create-platform-admin}), with a password its operator types -- there is no default --
 * and enrols a second factor at the first sign-in.
 */
public final class PlatformAdmins {

    /** A new administrator as typed and checked; the password is checked apart and never kept. */
    public record NewAdmin(String username, String fullName, String email) {
    }

    private final PlatformTransactions platform;
    private final PlatformAudit audit;

    public PlatformAdmins(PlatformTransactions platform, PlatformAudit audit) {
        this.platform = platform;
        this.audit = audit;
    }

    /** Checks username, full_name and email; the administrator when all are valid. */
    public static Optional<NewAdmin> read(Form form) {
        String username = StaffAccounts.checkUsername(form, "username");
        String fullName = form.required("full_name", "Full name", 200);
        String email = form.email("email", "Email");
        return form.hasErrors() ? Optional.empty() : Optional.of(new NewAdmin(username, fullName, email));
    }

    /** The password policy of the clinics' accounts, for a super admin's password as typed. */
    public static void checkPassword(Form form, String password, String confirm, String username) {
        StaffAccounts.checkNewPassword(form, password, confirm, username);
    }

    /**
     * Creates an administrator with an Argon2id hash of the password its operator chose.
     *
     * @throws Form.Refused at {@code username} when another administrator has it
     */
    public UUID create(NewAdmin admin, String passwordHash, PlatformActor who) {
        UUID id = Ids.newId();
        try {
            platform.run(tx -> {
                tx.insertInto(PLATFORM_ADMIN)
                        .set(PLATFORM_ADMIN.ID, id)
                        .set(PLATFORM_ADMIN.USERNAME, admin.username())
                        .set(PLATFORM_ADMIN.PASSWORD_HASH, passwordHash)
                        .set(PLATFORM_ADMIN.FULL_NAME, admin.fullName())
                        .set(PLATFORM_ADMIN.EMAIL, admin.email())
                        .execute();
                audit.record(tx, who, "platform_admin.create", AuditLog.Outcome.SUCCESS, null,
                        "administrator " + admin.username() + " (" + id + ") created; second factor to enrol at first sign-in");
                return null;
            });
        } catch (DataAccessException e) {
            if (ConstraintViolations.uniqueConstraintOf(e).filter("platform_admin_username_uk"::equals).isPresent()) {
                throw new Form.Refused("username", "Another platform administrator has the username " + admin.username() + ".");
            }
            throw e;
        }
        return id;
    }

    /**
     * Forgets an administrator's second factor -- a lost phone and lost recovery codes, or a
     * rotated application key that can no longer open the stored secret: the TOTP secret and the
     * recovery codes go, every session of theirs ends, and the next sign-in (with their password)
     * enrols a new authenticator app. Audited with the reason.
     *
     * @return false when no administrator has that username
     */
    public boolean resetSecondFactor(String username, String reason, PlatformActor who) {
        return platform.run(tx -> {
            var admin = tx.select(PLATFORM_ADMIN.ID).from(PLATFORM_ADMIN).where(PLATFORM_ADMIN.USERNAME.eq(username))
                    .forUpdate().fetchOptional(PLATFORM_ADMIN.ID);
            if (admin.isEmpty()) {
                return false;
            }
            UUID id = admin.get();
            tx.update(PLATFORM_ADMIN)
                    .setNull(PLATFORM_ADMIN.TOTP_SECRET).setNull(PLATFORM_ADMIN.TOTP_ENROLLED_AT)
                    .setNull(PLATFORM_ADMIN.TOTP_LAST_STEP)
                    .set(PLATFORM_ADMIN.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
                    .where(PLATFORM_ADMIN.ID.eq(id))
                    .execute();
            tx.deleteFrom(PLATFORM_RECOVERY_CODE).where(PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(id)).execute();
            int sessions = tx.deleteFrom(PLATFORM_SESSION).where(PLATFORM_SESSION.ADMIN_ID.eq(id)).execute();
            audit.record(tx, who, "platform_admin.second_factor_reset", AuditLog.Outcome.SUCCESS, null,
                    "administrator " + username + " (" + id + "): second factor and recovery codes removed, " + sessions
                            + " session(s) ended; enrols again at the next sign-in. Reason: " + reason);
            return true;
        });
    }

    /** How many administrators exist: the command line says when there are none yet. */
    public int count() {
        return platform.run(tx -> tx.fetchCount(PLATFORM_ADMIN));
    }
}
