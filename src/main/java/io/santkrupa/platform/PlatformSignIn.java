package io.santkrupa.platform;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.web.auth.LoginThrottle;
import io.santkrupa.web.auth.PasswordHasher;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * The first step of a super admin's sign-in: username and password. Unknown usernames, wrong
 * passwords, locked and deactivated accounts fail alike and in the same time; every attempt is
 * audited. Wrong passwords are counted by the platform's {@link LoginThrottle}, like the clinics':
 * they block the address they come from for that username and slow the account down, never lock
 * it, so nobody can keep a super admin out without the password. Only wrong second-factor codes,
 * which need the right password first, lock the account ({@link AdminLockout}). A right password
 * opens only a half-open session: the second factor comes next.
 */
public final class PlatformSignIn {

    static final String ACTION = "platform.sign_in";
    /** The platform's accounts in its own throttle (a clinic's realm is its slug). */
    private static final String REALM = "platform";

    public sealed interface Result permits PasswordAccepted, Rejected, Throttled {
    }

    /** The password was right: a half-open session at {@code stage} (enrolment when no second factor yet). */
    public record PasswordAccepted(PlatformSessions.Created session, PlatformSessions.Stage stage) implements Result {
    }

    public record Rejected() implements Result {
    }

    public record Throttled(Duration retryAfter) implements Result {
    }

    private record Admin(UUID id, String username, String passwordHash, boolean active, OffsetDateTime lockedUntil,
                         boolean enrolled) {
    }

    private final PlatformTransactions platform;
    private final PlatformSessions sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final PlatformAudit audit;
    private final Clock clock;

    public PlatformSignIn(PlatformTransactions platform, PlatformSessions sessions, PasswordHasher hasher,
                          LoginThrottle throttle, PlatformAudit audit, Clock clock) {
        this.platform = platform;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Runs {@code attempt} (which calls {@link #password}) now, or after the account's delay when
     * it has been failing from many addresses ({@link LoginThrottle#paced}).
     */
    public void paced(Context ctx, String username, Runnable attempt) {
        throttle.paced(ctx, REALM, username, attempt);
    }

    /**
     * Checks a username and password; on success ends {@code replacedSession} (an older platform
     * cookie of this browser, if any) and opens a half-open session.
     */
    public Result password(String rawUsername, String password, Optional<UUID> replacedSession, PlatformActor anonymous,
                           String userAgent) {
        String username = rawUsername == null ? "" : rawUsername.strip().toLowerCase();
        Optional<LoginThrottle.Refusal> wait = throttle.check(anonymous.ip(), REALM, username);
        if (wait.isPresent()) {
            record(anonymous, Outcome.DENIED, "throttled");
            return new Throttled(wait.get().retryAfter());
        }
        Optional<Admin> account = username.isEmpty() || username.length() > 64 ? Optional.empty() : platform.run(tx -> tx
                .select(PLATFORM_ADMIN.ID, PLATFORM_ADMIN.USERNAME, PLATFORM_ADMIN.PASSWORD_HASH, PLATFORM_ADMIN.IS_ACTIVE,
                        PLATFORM_ADMIN.LOCKED_UNTIL, PLATFORM_ADMIN.TOTP_SECRET.isNotNull())
                .from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.USERNAME.eq(username))
                .fetchOptional(r -> new Admin(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
        // the Argon2 check runs outside any transaction: it holds no connection while it works
        boolean passwordMatches = account.isPresent()
                ? hasher.matches(password, account.get().passwordHash())
                : hasher.matchesNothing(password);
        if (account.isEmpty()) {
            throttle.recordFailure(anonymous.ip(), REALM, username);
            record(anonymous, Outcome.FAILURE, "unknown username");
            return new Rejected();
        }
        Admin admin = account.get();
        PlatformActor who = new PlatformActor(admin.id(), admin.username(), anonymous.requestId(), anonymous.ip());
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean locked = AdminLockout.isLocked(admin.lockedUntil(), now);
        if (!admin.active() || locked) {
            throttle.recordFailure(anonymous.ip(), REALM, username);
            record(who, Outcome.DENIED, locked ? "locked" : "account deactivated");
            return new Rejected();
        }
        if (!passwordMatches) {
            throttle.recordFailure(anonymous.ip(), REALM, username);
            record(who, Outcome.FAILURE, "wrong password");
            return new Rejected();
        }
        throttle.recordSuccess(anonymous.ip(), REALM, username);
        PlatformSessions.Stage stage = admin.enrolled() ? PlatformSessions.Stage.SECOND_FACTOR : PlatformSessions.Stage.ENROLMENT;
        PlatformSessions.Created session = platform.run(tx -> {
            // a new session id at every step: a planted or older cookie is never promoted
            replacedSession.ifPresent(old -> sessions.delete(tx, old));
            audit.record(tx, who, ACTION, Outcome.SUCCESS, null, admin.enrolled()
                    ? "password accepted, second factor pending" : "password accepted, second factor to enrol");
            return sessions.create(tx, admin.id(), stage, who.ip(), userAgent);
        });
        return new PasswordAccepted(session, stage);
    }

    private void record(PlatformActor who, Outcome outcome, String detail) {
        platform.run(tx -> {
            audit.record(tx, who, ACTION, outcome, null, detail);
            return null;
        });
    }
}
