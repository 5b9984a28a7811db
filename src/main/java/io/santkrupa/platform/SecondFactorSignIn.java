package io.santkrupa.platform;

import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.db.PlatformTransactions;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;

/**
 * The second step of a super admin's sign-in, on a half-open session: a code (or a recovery
 * code), or -- at the first sign-in -- enrolling an authenticator app. Passing ends the half-open
 * session and opens a complete one under a new cookie value; every attempt is audited.
 */
public final class SecondFactorSignIn {

    static final String ENROL_ACTION = "platform.second_factor_enrol";

    public sealed interface Result permits SignedIn, WrongCode, Ended, Unreadable {
    }

    /** Signed in: the complete session, and how many recovery codes are left. */
    public record SignedIn(PlatformSessions.Created session, int recoveryCodesLeft) implements Result {
    }

    public record WrongCode() implements Result, Enrolment {
    }

    /** The account is (now) locked, or enrolled from another session: the half-open session has ended. */
    public record Ended() implements Result, Enrolment {
    }

    /** The stored secret cannot be read any more (the signing key changed): an operator must reset it. */
    public record Unreadable() implements Result {
    }

    public sealed interface Enrolment permits Enrolled, WrongCode, Ended {
    }

    /** Enrolled and signed in: the complete session and the recovery codes, shown this once. */
    public record Enrolled(PlatformSessions.Created session, List<String> recoveryCodes) implements Enrolment {
    }

    private final PlatformTransactions platform;
    private final PlatformSessions sessions;
    private final SecondFactor secondFactor;
    private final TotpSecrets secrets;
    private final TotpCodes codes;
    private final RecoveryCodes recoveryCodes;
    private final PlatformAudit audit;
    private final Clock clock;

    public SecondFactorSignIn(PlatformTransactions platform, PlatformSessions sessions, SecondFactor secondFactor,
                              TotpSecrets secrets, TotpCodes codes, RecoveryCodes recoveryCodes, PlatformAudit audit,
                              Clock clock) {
        this.platform = platform;
        this.sessions = sessions;
        this.secondFactor = secondFactor;
        this.secrets = secrets;
        this.codes = codes;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
        this.clock = clock;
    }

    /** A code from the authenticator app, or a recovery code ({@code method}), on a half-open session. */
    public Result check(PlatformSessions.Active halfOpen, SecondFactor.Method method, String code, PlatformActor who,
                          String userAgent) {
        return platform.run(tx -> {
            SecondFactor.Check check = method == SecondFactor.Method.TOTP
                    ? secondFactor.totp(tx, halfOpen.admin().adminId(), code)
                    : secondFactor.recoveryCode(tx, halfOpen.admin().adminId(), code);
            String what = method.label();
            return switch (check) {
                case SecondFactor.Passed passed -> {
                    int left = recoveryCodes.unused(tx, halfOpen.admin().adminId());
                    audit.record(tx, who, PlatformSignIn.ACTION, Outcome.SUCCESS, null,
                            method == SecondFactor.Method.TOTP ? what : what + "; " + left + " left");
                    yield new SignedIn(complete(tx, halfOpen, who, userAgent), left);
                }
                case SecondFactor.Wrong wrong -> {
                    audit.record(tx, who, PlatformSignIn.ACTION, Outcome.FAILURE, null,
                            "wrong " + what + (wrong.lockedNow() ? "; account locked, half-open session ended" : ""));
                    if (wrong.lockedNow()) {
                        sessions.delete(tx, halfOpen.id());
                        yield new Ended();
                    }
                    yield new WrongCode();
                }
                case SecondFactor.Locked locked -> {
                    audit.record(tx, who, PlatformSignIn.ACTION, Outcome.DENIED, null, "locked");
                    sessions.delete(tx, halfOpen.id());
                    yield new Ended();
                }
                case SecondFactor.Unreadable unreadable -> {
                    audit.record(tx, who, PlatformSignIn.ACTION, Outcome.FAILURE, null,
                            "totp secret unreadable: the signing key changed since enrolment");
                    yield new Unreadable();
                }
            };
        });
    }

    /** The secret being enrolled on this half-open session: made at the first visit, the same on every reload. */
    public byte[] pendingSecret(PlatformSessions.Active halfOpen) {
        Optional<byte[]> kept = halfOpen.pendingTotpSecret() == null ? Optional.empty()
                : secrets.decrypt(halfOpen.admin().adminId(), halfOpen.pendingTotpSecret());
        if (kept.isPresent()) {
            return kept.get();
        }
        byte[] secret = secrets.newSecret();
        platform.run(tx -> {
            sessions.setPendingTotpSecret(tx, halfOpen.id(), secrets.encrypt(halfOpen.admin().adminId(), secret));
            return null;
        });
        return secret;
    }

    /**
     * Confirms the pending secret with a code from the app: stores it, makes ten recovery codes and
     * signs in. A wrong code is audited but does not count towards the lockout: the secret is on
     * the screen, so it is a typing slip, not a guess.
     */
    public Enrolment enrol(PlatformSessions.Active halfOpen, String code, PlatformActor who, String userAgent) {
        byte[] secret = pendingSecret(halfOpen);
        OptionalLong step = codes.acceptedStep(secret, code, null, clock.instant());
        return platform.run(tx -> {
            if (step.isEmpty()) {
                audit.record(tx, who, ENROL_ACTION, Outcome.FAILURE, null, "wrong code");
                return new WrongCode();
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            // only an admin without a second factor: two half-open sessions cannot both enrol
            int enrolled = tx.update(PLATFORM_ADMIN)
                    .set(PLATFORM_ADMIN.TOTP_SECRET, secrets.encrypt(halfOpen.admin().adminId(), secret))
                    .set(PLATFORM_ADMIN.TOTP_ENROLLED_AT, now)
                    .set(PLATFORM_ADMIN.TOTP_LAST_STEP, step.getAsLong())
                    .where(PLATFORM_ADMIN.ID.eq(halfOpen.admin().adminId()), PLATFORM_ADMIN.TOTP_SECRET.isNull())
                    .execute();
            if (enrolled == 0) {
                audit.record(tx, who, ENROL_ACTION, Outcome.DENIED, null, "already enrolled from another session");
                sessions.delete(tx, halfOpen.id());
                return new Ended();
            }
            List<String> codesShownOnce = recoveryCodes.replaceAll(tx, halfOpen.admin().adminId());
            AdminLockout.reset(tx, halfOpen.admin().adminId());
            audit.record(tx, who, ENROL_ACTION, Outcome.SUCCESS, null,
                    "authenticator app enrolled; " + codesShownOnce.size() + " recovery codes made");
            audit.record(tx, who, PlatformSignIn.ACTION, Outcome.SUCCESS, null, "totp (enrolment)");
            return new Enrolled(complete(tx, halfOpen, who, userAgent), codesShownOnce);
        });
    }

    private PlatformSessions.Created complete(DSLContext tx, PlatformSessions.Active halfOpen, PlatformActor who,
                                              String userAgent) {
        tx.update(PLATFORM_ADMIN).set(PLATFORM_ADMIN.LAST_LOGIN_AT, OffsetDateTime.now(clock))
                .where(PLATFORM_ADMIN.ID.eq(halfOpen.admin().adminId())).execute();
        sessions.delete(tx, halfOpen.id());
        return sessions.create(tx, halfOpen.admin().adminId(), PlatformSessions.Stage.COMPLETE, who.ip(), userAgent);
    }
}
