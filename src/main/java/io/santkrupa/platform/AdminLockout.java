package io.santkrupa.platform;

import io.santkrupa.web.auth.Authenticator;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * A super admin's failed sign-in attempts, passwords and codes together: after the clinics'
 * {@link Authenticator#FAILURES_BEFORE_LOCK} the account is locked for {@link Authenticator#LOCK_DURATION}.
 * Only a complete sign-in resets the count, so a known password does not buy fresh code guesses.
 */
final class AdminLockout {

    private AdminLockout() {
    }

    static boolean isLocked(OffsetDateTime lockedUntil, OffsetDateTime now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** Counts one failed attempt (atomically); true when it locked the account. */
    static boolean countFailure(DSLContext tx, UUID adminId, OffsetDateTime now) {
        Integer failures = tx.update(PLATFORM_ADMIN)
                .set(PLATFORM_ADMIN.FAILED_LOGINS, PLATFORM_ADMIN.FAILED_LOGINS.plus(1))
                .where(PLATFORM_ADMIN.ID.eq(adminId))
                .returning(PLATFORM_ADMIN.FAILED_LOGINS)
                .fetchOne(PLATFORM_ADMIN.FAILED_LOGINS);
        if (failures == null || failures < Authenticator.FAILURES_BEFORE_LOCK) {
            return false;
        }
        tx.update(PLATFORM_ADMIN)
                .set(PLATFORM_ADMIN.FAILED_LOGINS, 0)
                .set(PLATFORM_ADMIN.LOCKED_UNTIL, now.plus(Authenticator.LOCK_DURATION))
                .where(PLATFORM_ADMIN.ID.eq(adminId))
                .execute();
        return true;
    }

    /** A complete sign-in (or a code proven on the account page): the count starts again. */
    static void reset(DSLContext tx, UUID adminId) {
        tx.update(PLATFORM_ADMIN)
                .set(PLATFORM_ADMIN.FAILED_LOGINS, 0)
                .setNull(PLATFORM_ADMIN.LOCKED_UNTIL)
                .where(PLATFORM_ADMIN.ID.eq(adminId))
                .execute();
    }
}
