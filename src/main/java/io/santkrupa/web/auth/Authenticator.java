package io.santkrupa.web.auth;

import io.javalin.http.Context;
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
 * alike. Unknown users, wrong passwords and deactivated accounts all fail the same way and in the
 * same time; every attempt is audited. Failures are counted by {@link LoginThrottle}: they block
 * the address they come from for that account, and slow the account down, but never lock it.
 */
public final class Authenticator {

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
                           boolean active) {
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

    /**
     * Runs {@code attempt} (which calls {@link #authenticate}) now, or after the account's delay
     * when it has been failing from many addresses ({@link LoginThrottle#paced}).
     */
    public void paced(Context ctx, CurrentClinic clinic, String username, Runnable attempt) {
        throttle.paced(ctx, clinic.slug(), username, attempt);
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
                        APP_USER.IS_ACTIVE)
                .from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq(username))
                .fetchOptional(r -> new Account(r.value1(), r.value2(), r.value3(),
                        Role.fromDbValue(r.value4()).orElseThrow(), r.value5(), r.value6())));

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
        if (!user.active() || !passwordMatches) {
            throttle.recordFailure(ip, clinic.slug(), username);
            tenants.inClinic(clinic.id(), tx -> {
                if (user.active()) {
                    audit.record(tx, clinic.id(), who, "auth.login", Outcome.FAILURE, "app_user", user.id(), "wrong password");
                } else {
                    audit.record(tx, clinic.id(), who, "auth.login", Outcome.DENIED, "app_user", user.id(),
                            "account deactivated");
                }
                return null;
            });
            return new Rejected();
        }
        throttle.recordSuccess(ip, clinic.slug(), username);
        OffsetDateTime now = OffsetDateTime.now(clock);
        tenants.inClinic(clinic.id(), tx -> {
            tx.update(APP_USER)
                    .set(APP_USER.LAST_LOGIN_AT, now)
                    .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(user.id()))
                    .execute();
            audit.record(tx, clinic.id(), who, "auth.login", Outcome.SUCCESS, "app_user", user.id(), "");
            return null;
        });
        return new Authenticated(new Principal(clinic.id(), user.id(), user.username(), user.role(), user.patientId()));
    }
}
