package io.santkrupa.platform;

import io.santkrupa.db.Ids;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_SESSION;

/**
 * Super admins' sessions, in PostgreSQL (platform_session): the cookie carries a {@link SecretToken},
 * only its SHA-256 is stored. A session is half open after the password (stage second_factor,
 * or enrolment for an admin without a second factor yet) and lives {@link #HALF_OPEN} at most;
 * passing the second factor replaces it with a new, complete session -- a new cookie -- with the
 * same idle and absolute timeouts as the clinics' pages.
 */
public final class PlatformSessions {

    /** How long the second factor may take after the password. */
    public static final Duration HALF_OPEN = Duration.ofMinutes(10);
    private static final Duration TOUCH_AFTER = Duration.ofMinutes(1);

    public enum Stage {
        SECOND_FACTOR, ENROLMENT, COMPLETE;

        public String dbValue() {
            return name().toLowerCase();
        }

        static Stage fromDbValue(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    public record Created(String cookieValue, String csrfToken) {
    }

    /** A live session and its (active) administrator; {@code pendingTotpSecret} is the encrypted secret being enrolled. */
    public record Active(UUID id, PlatformPrincipal admin, Stage stage, String csrfToken, byte[] pendingTotpSecret) {
    }

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public PlatformSessions(Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    public Created create(DSLContext tx, UUID adminId, Stage stage, String ip, String userAgent) {
        SecretToken token = SecretToken.generate();
        String csrf = SecretToken.generate().value();
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime absolute = now.plus(stage == Stage.COMPLETE ? absoluteTimeout : HALF_OPEN);
        OffsetDateTime idle = now.plus(idleTimeout);
        tx.insertInto(PLATFORM_SESSION)
                .set(PLATFORM_SESSION.ID, Ids.newId())
                .set(PLATFORM_SESSION.TOKEN_HASH, token.hash())
                .set(PLATFORM_SESSION.ADMIN_ID, adminId)
                .set(PLATFORM_SESSION.CSRF_TOKEN, csrf)
                .set(PLATFORM_SESSION.STAGE, stage.dbValue())
                .set(PLATFORM_SESSION.CREATED_AT, now)
                .set(PLATFORM_SESSION.LAST_SEEN_AT, now)
                .set(PLATFORM_SESSION.IDLE_EXPIRES_AT, idle.isBefore(absolute) ? idle : absolute)
                .set(PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT, absolute)
                .set(PLATFORM_SESSION.IP, ip)
                .set(PLATFORM_SESSION.USER_AGENT, userAgent == null ? "" : truncate(userAgent, 300))
                .execute();
        return new Created(token.value(), csrf);
    }

    /** The live session behind a cookie value, with its active administrator; extends the idle timeout. */
    public Optional<Active> find(DSLContext tx, String cookieValue) {
        Optional<byte[]> hash = SecretToken.hashOf(cookieValue);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        var row = tx.select(PLATFORM_SESSION.ID, PLATFORM_SESSION.STAGE, PLATFORM_SESSION.CSRF_TOKEN,
                        PLATFORM_SESSION.PENDING_TOTP_SECRET, PLATFORM_SESSION.LAST_SEEN_AT,
                        PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT, PLATFORM_ADMIN.ID, PLATFORM_ADMIN.USERNAME,
                        PLATFORM_ADMIN.FULL_NAME)
                .from(PLATFORM_SESSION)
                .join(PLATFORM_ADMIN).on(PLATFORM_ADMIN.ID.eq(PLATFORM_SESSION.ADMIN_ID))
                .where(PLATFORM_SESSION.TOKEN_HASH.eq(hash.get()),
                        PLATFORM_SESSION.IDLE_EXPIRES_AT.gt(now),
                        PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT.gt(now),
                        PLATFORM_ADMIN.IS_ACTIVE.isTrue())
                .fetchOptional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        var r = row.get();
        if (r.get(PLATFORM_SESSION.LAST_SEEN_AT).isBefore(now.minus(TOUCH_AFTER))) {
            OffsetDateTime idle = now.plus(idleTimeout);
            OffsetDateTime absolute = r.get(PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT);
            tx.update(PLATFORM_SESSION)
                    .set(PLATFORM_SESSION.LAST_SEEN_AT, now)
                    .set(PLATFORM_SESSION.IDLE_EXPIRES_AT, idle.isBefore(absolute) ? idle : absolute)
                    .where(PLATFORM_SESSION.ID.eq(r.get(PLATFORM_SESSION.ID)))
                    .execute();
        }
        return Optional.of(new Active(r.get(PLATFORM_SESSION.ID),
                new PlatformPrincipal(r.get(PLATFORM_ADMIN.ID), r.get(PLATFORM_ADMIN.USERNAME), r.get(PLATFORM_ADMIN.FULL_NAME)),
                Stage.fromDbValue(r.get(PLATFORM_SESSION.STAGE)), r.get(PLATFORM_SESSION.CSRF_TOKEN),
                r.get(PLATFORM_SESSION.PENDING_TOTP_SECRET)));
    }

    /** Keeps the (encrypted) secret an admin is enrolling in their half-open session. */
    public void setPendingTotpSecret(DSLContext tx, UUID sessionId, byte[] encryptedSecret) {
        tx.update(PLATFORM_SESSION).set(PLATFORM_SESSION.PENDING_TOTP_SECRET, encryptedSecret)
                .where(PLATFORM_SESSION.ID.eq(sessionId)).execute();
    }

    public void delete(DSLContext tx, UUID sessionId) {
        tx.deleteFrom(PLATFORM_SESSION).where(PLATFORM_SESSION.ID.eq(sessionId)).execute();
    }

    /** Ends every session of an administrator (deactivation, a new second factor). */
    public int endAllOf(DSLContext tx, UUID adminId) {
        return tx.deleteFrom(PLATFORM_SESSION).where(PLATFORM_SESSION.ADMIN_ID.eq(adminId)).execute();
    }

    /** Removes sessions past their absolute expiry (they are refused anyway; this keeps the table small). */
    public int purgeExpired(DSLContext tx) {
        return tx.deleteFrom(PLATFORM_SESSION).where(PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT.le(OffsetDateTime.now(clock)))
                .execute();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
