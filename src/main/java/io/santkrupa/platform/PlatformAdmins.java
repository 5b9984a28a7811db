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

    /** How many administrators exist: the command line says when there are none yet. */
    public int count() {
        return platform.run(tx -> tx.fetchCount(PLATFORM_ADMIN));
    }
}
