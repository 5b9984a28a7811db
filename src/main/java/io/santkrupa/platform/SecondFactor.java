package io.santkrupa.platform;

import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * Checks a super admin's second factor -- a TOTP code, or one of their recovery codes -- in the
 * caller's transaction, with the administrator's row locked so two requests cannot both use one
 * code. A right code is used up (its step, or the recovery code); a wrong one counts towards the
 * lockout ({@link AdminLockout}).
 */
public final class SecondFactor {

    public enum Method {
        TOTP("totp"), RECOVERY_CODE("recovery code");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public sealed interface Check permits Passed, Wrong, Locked, Unreadable {
    }

    public record Passed(Method method) implements Check {
    }

    /** A wrong code; {@code lockedNow} when it was the attempt that locked the account. */
    public record Wrong(boolean lockedNow) implements Check {
    }

    /** The account is locked: no code is checked. */
    public record Locked() implements Check {
    }

    /** The stored secret cannot be decrypted: the signing key changed since enrolment. */
    public record Unreadable() implements Check {
    }

    private final TotpSecrets secrets;
    private final TotpCodes codes;
    private final RecoveryCodes recoveryCodes;
    private final Clock clock;

    public SecondFactor(TotpSecrets secrets, TotpCodes codes, RecoveryCodes recoveryCodes, Clock clock) {
        this.secrets = secrets;
        this.codes = codes;
        this.recoveryCodes = recoveryCodes;
        this.clock = clock;
    }

    /** Checks a code from the authenticator app; the caller has checked it looks like one. */
    public Check totp(DSLContext tx, UUID adminId, String code) {
        var admin = lockAdmin(tx, adminId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (AdminLockout.isLocked(admin.get(PLATFORM_ADMIN.LOCKED_UNTIL), now)) {
            return new Locked();
        }
        Optional<byte[]> secret = secrets.decrypt(adminId, admin.get(PLATFORM_ADMIN.TOTP_SECRET));
        if (secret.isEmpty()) {
            return new Unreadable();
        }
        OptionalLong step = codes.acceptedStep(secret.get(), code, admin.get(PLATFORM_ADMIN.TOTP_LAST_STEP), clock.instant());
        if (step.isEmpty()) {
            return new Wrong(AdminLockout.countFailure(tx, adminId, now));
        }
        tx.update(PLATFORM_ADMIN).set(PLATFORM_ADMIN.TOTP_LAST_STEP, step.getAsLong())
                .where(PLATFORM_ADMIN.ID.eq(adminId)).execute();
        AdminLockout.reset(tx, adminId);
        return new Passed(Method.TOTP);
    }

    /** Checks (and uses up) a recovery code; the caller has checked it looks like one. */
    public Check recoveryCode(DSLContext tx, UUID adminId, String code) {
        var admin = lockAdmin(tx, adminId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (AdminLockout.isLocked(admin.get(PLATFORM_ADMIN.LOCKED_UNTIL), now)) {
            return new Locked();
        }
        if (!recoveryCodes.use(tx, adminId, code)) {
            return new Wrong(AdminLockout.countFailure(tx, adminId, now));
        }
        AdminLockout.reset(tx, adminId);
        return new Passed(Method.RECOVERY_CODE);
    }

    private static org.jooq.Record3<byte[], Long, OffsetDateTime> lockAdmin(DSLContext tx, UUID adminId) {
        return tx.select(PLATFORM_ADMIN.TOTP_SECRET, PLATFORM_ADMIN.TOTP_LAST_STEP, PLATFORM_ADMIN.LOCKED_UNTIL)
                .from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.ID.eq(adminId))
                .forUpdate()
                .fetchSingle();
    }
}
