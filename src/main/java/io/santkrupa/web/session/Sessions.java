package io.santkrupa.web.session;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.web.auth.Principal;
import io.santkrupa.web.auth.SecretToken;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;

/**
 * Server-side sessions of the pages, stored in PostgreSQL under RLS. The cookie carries the
 * clinic id and 256 random bits; only the SHA-256 of the random part is stored, so a copy of
 * the table yields no usable session. The clinic id in the cookie lets a request for another
 * clinic be answered like an unknown clinic, without any lookup.
 */
public final class Sessions {

    private static final Duration TOUCH_AFTER = Duration.ofMinutes(1);

    public record Created(String cookieValue, String csrfToken) {
    }

    /** A live session; {@code idleSecondsLeft}: how long it stays signed in without another request. */
    public record Active(UUID id, Principal principal, String csrfToken, long idleSecondsLeft) {
    }

    /** A cookie value taken apart: which clinic it claims, and the hash of its secret. */
    public record Presented(ClinicId clinic, byte[] tokenHash) {
    }

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public Sessions(Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    public Created create(DSLContext tx, ClinicId clinic, UUID userId, String ip, String userAgent) {
        byte[] secret = SecretToken.randomBytes(32);
        String csrf = SecretToken.generate().value();
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.insertInto(WEB_SESSION)
                .set(WEB_SESSION.CLINIC_ID, clinic.value())
                .set(WEB_SESSION.ID, Ids.newId())
                .set(WEB_SESSION.TOKEN_HASH, SecretToken.sha256(secret))
                .set(WEB_SESSION.USER_ID, userId)
                .set(WEB_SESSION.CSRF_TOKEN, csrf)
                .set(WEB_SESSION.CREATED_AT, now)
                .set(WEB_SESSION.LAST_SEEN_AT, now)
                .set(WEB_SESSION.IDLE_EXPIRES_AT, min(now.plus(idleTimeout), now.plus(absoluteTimeout)))
                .set(WEB_SESSION.ABSOLUTE_EXPIRES_AT, now.plus(absoluteTimeout))
                .set(WEB_SESSION.IP, ip)
                .set(WEB_SESSION.USER_AGENT, userAgent == null ? "" : truncate(userAgent, 300))
                .execute();
        String cookie = clinic + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Created(cookie, csrf);
    }

    /** The live session behind a presented cookie, with its (active) user; extends the idle timeout. */
    public Optional<Active> find(DSLContext tx, Presented presented) {
        return find(tx, presented, true);
    }

    /**
     * As {@link #find(DSLContext, Presented)}; {@code extend} false for the requests a page makes
     * by itself (an auto-refreshing queue), which must not keep an unattended screen signed in.
     */
    public Optional<Active> find(DSLContext tx, Presented presented, boolean extend) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var row = tx.select(WEB_SESSION.ID, WEB_SESSION.CSRF_TOKEN, WEB_SESSION.LAST_SEEN_AT,
                        WEB_SESSION.IDLE_EXPIRES_AT, WEB_SESSION.ABSOLUTE_EXPIRES_AT, APP_USER.ID, APP_USER.USERNAME, APP_USER.ROLE,
                        APP_USER.PATIENT_ID)
                .from(WEB_SESSION)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(WEB_SESSION.CLINIC_ID), APP_USER.ID.eq(WEB_SESSION.USER_ID))
                .where(WEB_SESSION.CLINIC_ID.eq(presented.clinic().value()),
                        WEB_SESSION.TOKEN_HASH.eq(presented.tokenHash()),
                        WEB_SESSION.IDLE_EXPIRES_AT.gt(now),
                        WEB_SESSION.ABSOLUTE_EXPIRES_AT.gt(now),
                        APP_USER.IS_ACTIVE.isTrue())
                .fetchOptional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        var r = row.get();
        OffsetDateTime idleExpires = r.get(WEB_SESSION.IDLE_EXPIRES_AT);
        if (extend && r.get(WEB_SESSION.LAST_SEEN_AT).isBefore(now.minus(TOUCH_AFTER))) {
            // at most one write a minute per session, not one per request
            idleExpires = min(now.plus(idleTimeout), r.get(WEB_SESSION.ABSOLUTE_EXPIRES_AT));
            tx.update(WEB_SESSION)
                    .set(WEB_SESSION.LAST_SEEN_AT, now)
                    .set(WEB_SESSION.IDLE_EXPIRES_AT, idleExpires)
                    .where(WEB_SESSION.CLINIC_ID.eq(presented.clinic().value()), WEB_SESSION.ID.eq(r.get(WEB_SESSION.ID)))
                    .execute();
        }
        Role role = Role.fromDbValue(r.get(APP_USER.ROLE)).orElseThrow();
        return Optional.of(new Active(r.get(WEB_SESSION.ID),
                new Principal(presented.clinic(), r.get(APP_USER.ID), r.get(APP_USER.USERNAME), role,
                        r.get(APP_USER.PATIENT_ID)),
                r.get(WEB_SESSION.CSRF_TOKEN), Math.max(0, Duration.between(now, idleExpires).toSeconds())));
    }

    /**
     * Whose session a presented cookie was, live or ended (while its row is kept): a form carried
     * through the sign-in after the session ended is kept only for the same person.
     */
    public Optional<UUID> ownerOf(DSLContext tx, Presented presented) {
        return tx.select(WEB_SESSION.USER_ID).from(WEB_SESSION)
                .where(WEB_SESSION.CLINIC_ID.eq(presented.clinic().value()), WEB_SESSION.TOKEN_HASH.eq(presented.tokenHash()))
                .fetchOptional(WEB_SESSION.USER_ID);
    }

    public void delete(DSLContext tx, Presented presented) {
        tx.deleteFrom(WEB_SESSION)
                .where(WEB_SESSION.CLINIC_ID.eq(presented.clinic().value()), WEB_SESSION.TOKEN_HASH.eq(presented.tokenHash()))
                .execute();
    }

    /**
     * Ends every session of a user (deactivation, a password reset), except {@code keep} when
     * not null: the admin who resets their own password stays signed in on this browser.
     */
    public int endAllOf(DSLContext tx, ClinicId clinic, UUID userId, UUID keep) {
        return tx.deleteFrom(WEB_SESSION)
                .where(WEB_SESSION.CLINIC_ID.eq(clinic.value()), WEB_SESSION.USER_ID.eq(userId),
                        keep == null ? DSL.noCondition() : WEB_SESSION.ID.ne(keep))
                .execute();
    }

    /** Parses a cookie value; empty for anything malformed. */
    public static Optional<Presented> parse(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        if (dot != 36) {
            return Optional.empty();
        }
        try {
            UUID clinic = UUID.fromString(cookieValue.substring(0, dot));
            byte[] secret = Base64.getUrlDecoder().decode(cookieValue.substring(dot + 1));
            if (secret.length != 32) {
                return Optional.empty();
            }
            return Optional.of(new Presented(ClinicId.of(clinic), SecretToken.sha256(secret)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
