package io.santkrupa.web.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Short-lived API access tokens: HS256 JWS bound to one clinic and one user.
 *
 * <p>A token is accepted only if it is signed with our key using HS256 -- the algorithm is
 * pinned twice, in jjwt's algorithm registry and by reading the verified header, so a token
 * naming {@code none} or another HMAC cannot slip through -- and names our issuer and
 * audience, is unexpired by the injected clock (30 s skew), and carries a valid user, clinic,
 * role and username. Tokens are not revocable, hence the 15-minute ceiling on their lifetime; the
 * refresh token ({@link RefreshTokens}) is what a logout revokes.
 */
public final class AccessTokens {

    public static final String ISSUER = "santkrupa";
    public static final String AUDIENCE = "santkrupa-api";
    public static final Duration MAX_TTL = Duration.ofMinutes(15);

    static final String CLINIC = "clinic";
    static final String ROLE = "role";
    static final String USERNAME = "username";
    static final String PATIENT = "patient";
    static final long CLOCK_SKEW_SECONDS = 30;
    /** Far above any token we issue; refuses oversized input before any decoding. */
    static final int MAX_LENGTH = 4096;
    private static final String PINNED_ALGORITHM = Jwts.SIG.HS256.getId();

    private final SecretKey key;
    private final Clock clock;
    private final Duration ttl;
    private final JwtParser parser;

    public AccessTokens(SecretKey key, Clock clock, Duration ttl) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("access token ttl must be > 0 and at most " + MAX_TTL + ", was " + ttl);
        }
        byte[] encoded = key.getEncoded();
        if (encoded != null && encoded.length < SigningKey.MIN_BYTES) {
            throw new IllegalArgumentException("an HS256 key needs at least " + SigningKey.MIN_BYTES + " bytes");
        }
        // built once: the parser is immutable and thread-safe; unsecured JWTs stay disallowed (the default)
        this.parser = Jwts.parser()
                .sig().clear().add(Jwts.SIG.HS256).and()
                .verifyWith(key)
                .requireIssuer(ISSUER)
                .requireAudience(AUDIENCE)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .build();
    }

    /** A compact HS256 JWS for {@code principal}, valid for the configured ttl from now. */
    /** How long an access token lives (the API reports it as expiresIn). */
    /**
     * A key for another purpose, derived from the signing key (HMAC-SHA256 of the purpose): the
     * same on every instance sharing the signing key, and useless for signing tokens.
     */
    public SecretKey derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        if (!patientLinkConsistent(principal.role(), principal.patientId())) {
            throw new IllegalArgumentException("a patient principal needs a patient id, and only a patient has one");
        }
        Instant now = clock.instant();
        var builder = Jwts.builder()
                .issuer(ISSUER)
                .audience().add(AUDIENCE).and()
                .subject(principal.userId().toString())
                .claim(CLINIC, principal.clinic().toString())
                .claim(ROLE, principal.role().dbValue())
                .claim(USERNAME, principal.username())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .id(UUID.randomUUID().toString());
        if (principal.patientId() != null) {
            builder.claim(PATIENT, principal.patientId().toString());
        }
        return builder.signWith(key, Jwts.SIG.HS256).compact();
    }

    /**
     * The principal a token was issued for.
     *
     * @throws InvalidTokenException for any token that is not one of ours, unaltered and unexpired
     */
    public Principal verify(String compact) {
        if (compact == null || compact.isEmpty() || compact.length() > MAX_LENGTH) {
            throw new InvalidTokenException();
        }
        String digest = digest(compact);
        Verified known = verified.get(digest);
        if (known != null && clock.instant().isBefore(known.acceptedUntil())) {
            return known.principal();
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(compact);
            requirePinnedAlgorithm(jws.getHeader());
            Claims claims = jws.getPayload();
            requireOurLifetime(claims);
            Principal principal = principal(claims);
            remember(digest, new Verified(principal, claims.getExpiration().toInstant().plusSeconds(CLOCK_SKEW_SECONDS)));
            return principal;
        } catch (JwtException | IllegalArgumentException e) {
            // the cause is dropped on purpose: its message may quote claims or header values
            throw new InvalidTokenException();
        }
    }

    /**
     * Tokens verified here, by the SHA-256 of their whole compact form, until they expire (with
     * the skew jjwt grants): a client sends the same token with every request for its ten
     * minutes, and parsing and checking it again -- JSON of the header and the claims, the MAC --
     * was a tenth of an API read's server time. A hit is the very string verified before, so
     * nothing is taken on trust that was not checked; an altered token is another string, and
     * forged ones are never remembered. Keyed by digest so that a lookup compares no
     * attacker-chosen text with a valid token. Bounded: past {@link #REMEMBERED} entries the
     * expired ones go, then everything if that was not enough (each token is then verified
     * afresh, once). The account behind a token is still checked on every request
     * (TenantFilter), so deactivating it works at once as before.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
    static final int REMEMBERED = 10_000;

    private record Verified(Principal principal, Instant acceptedUntil) {
    }

    private void remember(String digest, Verified token) {
        if (verified.size() >= REMEMBERED) {
            Instant now = clock.instant();
            verified.values().removeIf(v -> !now.isBefore(v.acceptedUntil()));
            if (verified.size() >= REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(digest, token);
    }

    /** Tokens remembered as verified now: for tests of the bound. */
    int remembered() {
        return verified.size();
    }

    private static String digest(String compact) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(compact.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /**
     * A token lives no longer than we issue them and was not issued in the future: jjwt checks
     * only that it has not expired, so a token signed to expire in a year (a leaked key's, a
     * misconfigured issuer's) would otherwise be taken for that year.
     */
    private void requireOurLifetime(Claims claims) {
        Date issued = claims.getIssuedAt();
        Date expires = claims.getExpiration();
        if (issued == null || expires == null) {
            throw new InvalidTokenException();
        }
        Instant now = clock.instant();
        if (issued.toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))
                || Duration.between(issued.toInstant(), expires.toInstant()).compareTo(ttl) > 0) {
            throw new InvalidTokenException();
        }
    }

    /** Our own check of the verified header, independent of how jjwt's registry is configured. */
    static void requirePinnedAlgorithm(Header header) {
        if (!PINNED_ALGORITHM.equals(header.getAlgorithm())) {
            throw new InvalidTokenException();
        }
    }

    private static Principal principal(Claims claims) {
        if (claims.getExpiration() == null) {
            throw new InvalidTokenException();
        }
        UUID userId = uuid(claims.getSubject());
        ClinicId clinic = ClinicId.of(uuid(claims.get(CLINIC, String.class)));
        Role role = Role.fromDbValue(claims.get(ROLE, String.class)).orElseThrow(InvalidTokenException::new);
        String patient = claims.get(PATIENT, String.class);
        UUID patientId = patient == null ? null : uuid(patient);
        if (!patientLinkConsistent(role, patientId)) {
            throw new InvalidTokenException();
        }
        // every claim the principal is made of is required: we never issue a token without a username
        String username = claims.get(USERNAME, String.class);
        if (username == null || username.isBlank()) {
            throw new InvalidTokenException();
        }
        return new Principal(clinic, userId, username, role, patientId);
    }

    /** Mirrors app_user_patient_link: role = patient exactly when a patient record is linked. */
    private static boolean patientLinkConsistent(Role role, UUID patientId) {
        return (role == Role.PATIENT) == (patientId != null);
    }

    /** Only the canonical form we issue; {@link UUID#fromString} alone accepts e.g. "1-1-1-1-1". */
    private static UUID uuid(String value) {
        if (value == null) {
            throw new InvalidTokenException();
        }
        UUID uuid = UUID.fromString(value);
        if (!uuid.toString().equals(value)) {
            throw new InvalidTokenException();
        }
        return uuid;
    }
}
