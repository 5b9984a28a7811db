package io.santkrupa.web.auth;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.staff.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;

/**
 * Checks a username and password of one clinic, for the login page and the token endpoint
 * alike. Unknown users, wrong passwords, locked and deactivated accounts all fail the same way
 * and in the same time; every attempt is audited; five failures lock an account for 15 minutes.
 */
public final class Authenticator {

    public static final int FAILURES_BEFORE_LOCK = 5;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);

    public sealed interface Result permits Authenticated, Rejected, Throttled {
    }

    public record Authenticated(Principal principal) implements Result {
    }

    public record Rejected() implements Result {
    }

    public record Throttled(LoginThrottle.Refusal refusal) implements Result {
        public Duration retryAfter() {
            return refusal.retryAfter();
        }
    }

    private record Account(UUID id, String username, String passwordHash, Role role, UUID patientId,
                           boolean active, OffsetDateTime lockedUntil) {
    }

    private final TenantTransactions tenants;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public Authenticator(TenantTransactions tenants, PasswordHasher hasher, LoginThrottle throttle, AuditLog audit,
                         Clock clock) {
        this.tenants = tenants;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    public Result authenticate(CurrentClinic clinic, String rawUsername, String password, String ip, String requestId) {
        String username = rawUsername == null ? "" : rawUsername.strip().toLowerCase();
        Optional<LoginThrottle.Refusal> wait = throttle.check(ip, clinic.slug(), username);
        if (wait.isPresent()) {
            tenants.inClinic(clinic.id(), tx -> {
                audit.record(tx, clinic.id(), new AuditContext(null, null, requestId, ip), "auth.login",
                        Outcome.DENIED, "", null, "throttled");
                return null;
            });
            return new Throttled(wait.get());
        }
        Optional<Account> account = username.isEmpty() ? Optional.empty() : tenants.inClinic(clinic.id(), tx -> tx
                .select(APP_USER.ID, APP_USER.USERNAME, APP_USER.PASSWORD_HASH, APP_USER.ROLE, APP_USER.PATIENT_ID,
                        APP_USER.IS_ACTIVE, APP_USER.LOCKED_UNTIL)
                .from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq(username))
                .fetchOptional(r -> new Account(r.value1(), r.value2(), r.value3(),
                        Role.fromDbValue(r.value4()).orElseThrow(), r.value5(), r.value6(), r.value7())));

        OffsetDateTime now = OffsetDateTime.now(clock);
        // the Argon2 check runs outside any transaction: it holds no connection while it works
        boolean passwordMatches = account.isPresent()
                ? hasher.matches(password, account.get().passwordHash())
                : hasher.matchesNothing(password);
        if (account.isEmpty()) {
            throttle.recordFailure(ip, clinic.slug(), username);
            tenants.inClinic(clinic.id(), tx -> {
                audit.record(tx, clinic.id(), new AuditContext(null, null, requestId, ip), "auth.login",
                        Outcome.FAILURE, "", null, "unknown username");
                return null;
            });
            return new Rejected();
        }
        Account user = account.get();
        AuditContext who = new AuditContext(user.id(), user.role().dbValue(), requestId, ip);
        boolean locked = user.lockedUntil() != null && user.lockedUntil().isAfter(now);
        if (!user.active() || locked) {
            throttle.recordFailure(ip, clinic.slug(), username);
            tenants.inClinic(clinic.id(), tx -> {
                audit.record(tx, clinic.id(), who, "auth.login", Outcome.DENIED, "app_user", user.id(),
                        locked ? "account locked" : "account deactivated");
                return null;
            });
            return new Rejected();
        }
        if (!passwordMatches) {
            throttle.recordFailure(ip, clinic.slug(), username);
            tenants.inClinic(clinic.id(), tx -> {
                int failures = tx.update(APP_USER)
                        .set(APP_USER.FAILED_LOGINS, APP_USER.FAILED_LOGINS.plus(1))
                        .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(user.id()))
                        .returning(APP_USER.FAILED_LOGINS)
                        .fetchOne(APP_USER.FAILED_LOGINS);
                if (failures >= FAILURES_BEFORE_LOCK) {
                    tx.update(APP_USER)
                            .set(APP_USER.FAILED_LOGINS, 0)
                            .set(APP_USER.LOCKED_UNTIL, now.plus(LOCK_DURATION))
                            .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(user.id()))
                            .execute();
                }
                audit.record(tx, clinic.id(), who, "auth.login", Outcome.FAILURE, "app_user", user.id(),
                        failures >= FAILURES_BEFORE_LOCK ? "wrong password; account locked" : "wrong password");
                return null;
            });
            return new Rejected();
        }
        tenants.inClinic(clinic.id(), tx -> {
            tx.update(APP_USER)
                    .set(APP_USER.FAILED_LOGINS, 0)
                    .setNull(APP_USER.LOCKED_UNTIL)
                    .set(APP_USER.LAST_LOGIN_AT, now)
                    .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(user.id()))
                    .execute();
            audit.record(tx, clinic.id(), who, "auth.login", Outcome.SUCCESS, "app_user", user.id(), "");
            return null;
        });
        return new Authenticated(new Principal(clinic.id(), user.id(), user.username(), user.role(), user.patientId()));
    }
}
