package io.santkrupa.web.auth;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.RefreshToken;
import io.santkrupa.db.jooq.santkrupa.tables.records.RefreshTokenRecord;
import org.jooq.DSLContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.REFRESH_TOKEN;
import static org.jooq.impl.DSL.select;

/**
 * Rotating API refresh tokens (santkrupa.refresh_token).
 *
 * <p>A token is 32 random bytes, base64url without padding; only its SHA-256 is stored, so a
 * copy of the table logs nobody in. Every use rotates it: the presented token is marked used
 * and a new one of the same family is issued. A used token presented again means two parties
 * hold the family -- a stolen token was replayed, or a client raced itself -- so the whole
 * family is revoked and its holder must log in again.
 *
 * <p>Every method runs in the caller's tenant transaction ({@code TenantTransactions.inClinic})
 * for {@code clinic}: RLS confines it to that clinic, and each query also names
 * {@code clinic_id} explicitly (db/README.md). A token of another clinic is simply not found.
 */
public final class RefreshTokens {

    static final int TOKEN_BYTES = 32;
    /** 32 bytes in base64url without padding. */
    private static final int TOKEN_LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final Duration ttl;

    public RefreshTokens(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("refresh token ttl must be positive, was " + ttl);
        }
    }

    /** A newly issued token: hand {@code token} to the client once, it is stored nowhere. */
    public record Issued(String token, UUID id, OffsetDateTime expiresAt) {
        public Issued {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Keeps the token out of logs and exception messages. */
        @Override
        public String toString() {
            return "Issued[token=<redacted>, id=" + id + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The outcome of presenting a refresh token. */
    public sealed interface Rotation {

        /** Accepted: {@code next} replaces the presented token; issue an access token for {@code userId}. */
        record Rotated(Issued next, UUID userId) implements Rotation {
        }

        /**
         * A used token was replayed: its whole family is now revoked. The revocation is a write
         * in the caller's transaction, so let that transaction commit (return this, do not throw
         * out of {@code inClinic}) and then answer 401. Worth an audit event.
         */
        record Reused(UUID userId) implements Rotation {
        }

        /** Unknown, malformed, expired or revoked (or another clinic's): nothing changed. */
        record Invalid() implements Rotation {
        }
    }

    /** Starts a new family for {@code userId} (a login). */
    public Issued issue(DSLContext tx, ClinicId clinic, UUID userId) {
        Objects.requireNonNull(userId, "userId");
        return insert(tx, clinic, Ids.newId(), userId, now());
    }

    /**
     * Exchanges {@code presentedToken} for the next token of its family.
     *
     * <p>The row is read {@code FOR UPDATE}: a second, concurrent refresh with the same token
     * waits for the first to commit, then sees it used, and is treated as a replay. A used
     * token counts as a replay even once expired -- a genuine client never presents a token it
     * has already exchanged -- while an unused expired token is just Invalid.
     *
     * <p>The caller must still check that {@code userId} is an active user before issuing an
     * access token.
     */
    public Rotation rotate(DSLContext tx, ClinicId clinic, String presentedToken) {
        Optional<byte[]> hash = hashOf(presentedToken);
        if (hash.isEmpty()) {
            return new Rotation.Invalid();
        }
        RefreshTokenRecord row = tx.selectFrom(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.value()))
                .and(REFRESH_TOKEN.TOKEN_HASH.eq(hash.get()))
                .forUpdate()
                .fetchOne();
        if (row == null || row.getRevokedAt() != null) {
            return new Rotation.Invalid();
        }
        OffsetDateTime now = now();
        if (row.getUsedAt() != null) {
            revoke(tx, clinic, row.getFamilyId(), now);
            return new Rotation.Reused(row.getUserId());
        }
        if (!now.isBefore(row.getExpiresAt())) {
            return new Rotation.Invalid();
        }
        // the successor first: replaced_by_id references it
        Issued next = insert(tx, clinic, row.getFamilyId(), row.getUserId(), now);
        tx.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.USED_AT, now)
                .set(REFRESH_TOKEN.REPLACED_BY_ID, next.id())
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.value()))
                .and(REFRESH_TOKEN.ID.eq(row.getId()))
                .execute();
        return new Rotation.Rotated(next, row.getUserId());
    }

    /** Logout: revokes every token of the presented token's family. Unknown tokens are ignored. */
    public void revokeFamily(DSLContext tx, ClinicId clinic, String presentedToken) {
        Optional<byte[]> hash = hashOf(presentedToken);
        if (hash.isEmpty()) {
            return;
        }
        RefreshToken presented = REFRESH_TOKEN.as("presented");
        // one statement: the family of the presented token, found by its hash in this clinic
        tx.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.REVOKED_AT, now())
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.value()))
                .and(REFRESH_TOKEN.FAMILY_ID.eq(select(presented.FAMILY_ID).from(presented)
                        .where(presented.CLINIC_ID.eq(clinic.value()))
                        .and(presented.TOKEN_HASH.eq(hash.get()))))
                .and(REFRESH_TOKEN.REVOKED_AT.isNull())
                .execute();
    }

    /** Revokes every live refresh token of a user (deactivation, a password reset): the API signs them out too. */
    public int revokeAllOf(DSLContext tx, ClinicId clinic, UUID userId) {
        return tx.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.REVOKED_AT, now())
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.value()))
                .and(REFRESH_TOKEN.USER_ID.eq(userId))
                .and(REFRESH_TOKEN.REVOKED_AT.isNull())
                .execute();
    }

    private Issued insert(DSLContext tx, ClinicId clinic, UUID familyId, UUID userId, OffsetDateTime now) {
        byte[] secret = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(secret);
        UUID id = Ids.newId();
        OffsetDateTime expiresAt = now.plus(ttl);
        tx.insertInto(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.CLINIC_ID, clinic.value())
                .set(REFRESH_TOKEN.ID, id)
                .set(REFRESH_TOKEN.FAMILY_ID, familyId)
                .set(REFRESH_TOKEN.USER_ID, userId)
                .set(REFRESH_TOKEN.TOKEN_HASH, sha256(secret))
                .set(REFRESH_TOKEN.ISSUED_AT, now)
                .set(REFRESH_TOKEN.EXPIRES_AT, expiresAt)
                .execute();
        return new Issued(ENCODER.encodeToString(secret), id, expiresAt);
    }

    private static void revoke(DSLContext tx, ClinicId clinic, UUID familyId, OffsetDateTime now) {
        tx.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.REVOKED_AT, now)
                .where(REFRESH_TOKEN.CLINIC_ID.eq(clinic.value()))
                .and(REFRESH_TOKEN.FAMILY_ID.eq(familyId))
                .and(REFRESH_TOKEN.REVOKED_AT.isNull())
                .execute();
    }

    /** Microseconds: what timestamptz keeps, so a returned expiresAt equals the stored one. */
    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The hash of a well-formed token; empty for anything we cannot have issued. */
    static Optional<byte[]> hashOf(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the decoder ignores a final character's unused bits; only the canonical spelling is ours
        if (secret.length != TOKEN_BYTES || !ENCODER.encodeToString(secret).equals(token)) {
            return Optional.empty();
        }
        return Optional.of(sha256(secret));
    }

    static byte[] sha256(byte[] bytes) {
        return SecretToken.sha256(bytes);
    }
}
