package io.santkrupa.platform;

import org.jooq.DSLContext;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * A super admin's wrong second-factor codes (TOTP or recovery): after {@link #FAILURES_BEFORE_LOCK}
 * the account is locked for {@link #LOCK_DURATION}. Only someone who typed the right password gets
 * to try a code, so this lock cannot be set off by a stranger; wrong passwords are the platform
 * throttle's ({@link io.santkrupa.web.auth.LoginThrottle}) and lock nothing. Only a complete
 * sign-in resets the count, so signing in with the password again does not buy fresh code guesses.
 */
final class AdminLockout {

    static final int FAILURES_BEFORE_LOCK = 5;
    static final Duration LOCK_DURATION = Duration.ofMinutes(15);

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
        if (failures == null || failures < FAILURES_BEFORE_LOCK) {
            return false;
        }
        tx.update(PLATFORM_ADMIN)
                .set(PLATFORM_ADMIN.FAILED_LOGINS, 0)
                .set(PLATFORM_ADMIN.LOCKED_UNTIL, now.plus(LOCK_DURATION))
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
