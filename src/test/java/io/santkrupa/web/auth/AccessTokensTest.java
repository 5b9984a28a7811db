package io.santkrupa.web.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Access tokens verify back to their principal, and every way of forging, altering or
 * outliving one is refused. Each forged token is built so that it differs from an accepted one
 * in exactly the property under test ({@link #a_hand_built_token_with_the_right_claims_is_accepted}).
 */
class AccessTokensTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:30:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final MutableClock clock = new MutableClock(T0);
    private final SecretKey key = hmacKey(randomBytes(32), "HmacSHA256");
    private final AccessTokens tokens = new AccessTokens(key, clock, TTL);

    private final Principal doctor = new Principal(ClinicId.of(UUID.randomUUID()), UUID.randomUUID(),
            "dr.rao", Role.DOCTOR, null);
    private final Principal patient = new Principal(ClinicId.of(UUID.randomUUID()), UUID.randomUUID(),
            "asha", Role.PATIENT, UUID.randomUUID());

    @Test
    void a_token_verifies_back_to_the_principal_it_was_issued_for() {
        assertThat(tokens.verify(tokens.issue(doctor))).isEqualTo(doctor);
        assertThat(tokens.verify(tokens.issue(patient))).isEqualTo(patient);
    }

    @Test
    void a_token_is_hs256_with_issuer_audience_expiry_and_a_unique_id() {
        String token = tokens.issue(patient);
        Jws<Claims> jws = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                .parseSignedClaims(token);
        Claims claims = jws.getPayload();

        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("HS256");
        assertThat(claims.getIssuer()).isEqualTo("santkrupa");
        assertThat(claims.getAudience()).containsExactly("santkrupa-api");
        assertThat(claims.getSubject()).isEqualTo(patient.userId().toString());
        assertThat(claims.get("clinic", String.class)).isEqualTo(patient.clinic().toString());
        assertThat(claims.get("role", String.class)).isEqualTo("patient");
        assertThat(claims.get("username", String.class)).isEqualTo("asha");
        assertThat(claims.get("patient", String.class)).isEqualTo(patient.patientId().toString());
        assertThat(claims.getIssuedAt().toInstant()).isEqualTo(T0);
        assertThat(claims.getExpiration().toInstant()).isEqualTo(T0.plus(TTL));
        assertThat(claims.getId()).isNotBlank().isNotEqualTo(
                Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                        .parseSignedClaims(tokens.issue(patient)).getPayload().getId());
        assertThat(Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                .parseSignedClaims(tokens.issue(doctor)).getPayload()).doesNotContainKey("patient");
    }

    @Test
    void a_token_is_accepted_within_the_clock_skew_and_refused_once_expired() {
        String token = tokens.issue(doctor);

        clock.set(T0.plus(TTL).plusSeconds(29));
        assertThat(tokens.verify(token)).isEqualTo(doctor);

        clock.set(T0.plus(TTL).plusSeconds(31));
        assertInvalid(token);
    }

    @Test
    void a_token_remembered_as_verified_is_still_refused_once_expired() {
        String token = tokens.issue(doctor);
        assertThat(tokens.verify(token)).isEqualTo(doctor);
        assertThat(tokens.remembered()).isEqualTo(1);

        clock.set(T0.plus(TTL).plusSeconds(29));
        assertThat(tokens.verify(token)).isEqualTo(doctor);
        clock.set(T0.plus(TTL).plusSeconds(31)); // where a token never verified before is refused too
        assertInvalid(token);
    }

    @Test
    void an_altered_token_is_refused_while_the_genuine_one_is_remembered() {
        String token = tokens.issue(doctor);
        assertThat(tokens.verify(token)).isEqualTo(doctor);
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(0);
        assertInvalid(parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1));
        assertInvalid(parts[0] + "." + parts[1] + "." + parts[2] + "A");
        assertInvalid(token + " ");
        assertThat(tokens.remembered()).as("a refused token is never remembered").isEqualTo(1);
        assertThat(tokens.verify(token)).isEqualTo(doctor);
    }

    @Test
    void the_tokens_remembered_are_bounded_and_the_expired_go_first() {
        for (int i = 0; i < AccessTokens.REMEMBERED; i++) {
            tokens.verify(tokens.issue(doctor));
        }
        assertThat(tokens.remembered()).isEqualTo(AccessTokens.REMEMBERED);
        clock.set(T0.plus(TTL).plusSeconds(31)); // all of them expired
        String fresh = tokens.issue(patient);
        assertThat(tokens.verify(fresh)).isEqualTo(patient);
        assertThat(tokens.remembered()).as("the expired made room").isEqualTo(1);

        for (int i = 0; i < AccessTokens.REMEMBERED + 5; i++) {
            tokens.verify(tokens.issue(doctor));
        }
        assertThat(tokens.remembered()).isLessThanOrEqualTo(AccessTokens.REMEMBERED);
        assertThat(tokens.verify(fresh)).as("a token forgotten is verified afresh").isEqualTo(patient);
    }

    @Test
    void a_payload_re_encoded_for_another_clinic_under_the_old_signature_is_refused() {
        String token = tokens.issue(doctor);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherClinic = UUID.randomUUID().toString();
        String forgedPayload = payload.replace(doctor.clinic().toString(), otherClinic);
        String tampered = parts[0] + "." + B64URL.encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThat(forgedPayload).contains(otherClinic).doesNotContain(doctor.clinic().toString());
        assertThat(tampered).isNotEqualTo(token);
        assertInvalid(tampered);
    }

    @Test
    void a_token_with_one_character_of_its_payload_changed_is_refused() {
        String token = tokens.issue(doctor);
        String[] parts = token.split("\\.");
        // the first character carries six significant bits, so changing it always changes the bytes
        char first = parts[1].charAt(0);
        String tampered = parts[0] + "." + (first == 'A' ? 'B' : 'A') + parts[1].substring(1) + "." + parts[2];

        assertThat(tampered).isNotEqualTo(token);
        assertInvalid(tampered);
    }

    @Test
    void a_token_signed_with_another_key_is_refused() {
        AccessTokens otherIssuer = new AccessTokens(hmacKey(randomBytes(32), "HmacSHA256"), clock, TTL);
        String foreign = otherIssuer.issue(doctor);

        assertThat(otherIssuer.verify(foreign)).isEqualTo(doctor);
        assertInvalid(foreign);
    }

    @Test
    void an_unsecured_alg_none_token_is_refused() {
        String[] parts = tokens.issue(doctor).split("\\.");
        String noneHeader = B64URL.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertInvalid(noneHeader + "." + parts[1] + ".");
        assertInvalid(noneHeader + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void an_hs512_token_signed_with_a_key_the_verifier_shares_is_refused() {
        byte[] shared = randomBytes(64);
        AccessTokens verifier = new AccessTokens(hmacKey(shared, "HmacSHA256"), clock, TTL);
        String hs256 = forge(b -> b, hmacKey(shared, "HmacSHA256"), Jwts.SIG.HS256);
        String hs512 = forge(b -> b, hmacKey(shared, "HmacSHA512"), Jwts.SIG.HS512);

        assertThat(verifier.verify(hs256)).isEqualTo(doctor);
        assertThat(header(hs512)).contains("\"HS512\"");
        assertInvalid(verifier, hs512);
    }

    @Test
    void the_explicit_algorithm_check_accepts_only_hs256() {
        assertThatCode(() -> AccessTokens.requirePinnedAlgorithm(Jwts.header().add("alg", "HS256").build()))
                .doesNotThrowAnyException();
        for (String alg : new String[] {"HS512", "HS384", "none", "RS256", "hs256"}) {
            assertThatThrownBy(() -> AccessTokens.requirePinnedAlgorithm(Jwts.header().add("alg", alg).build()))
                    .as(alg).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> AccessTokens.requirePinnedAlgorithm(Jwts.header().add("typ", "JWT").build()))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void a_hand_built_token_with_the_right_claims_is_accepted() {
        assertThat(tokens.verify(forge(b -> b))).isEqualTo(doctor);
    }

    @Test
    void a_token_of_another_issuer_is_refused() {
        assertInvalid(forge(b -> b.issuer("someone-else")));
        assertInvalid(forge(b -> b.issuer(null)));
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        assertInvalid(forge(b -> b.audience().clear().add("another-api").and()));
        assertInvalid(forge(b -> b.audience().clear().and()));
    }

    @Test
    void a_token_without_expiry_subject_clinic_or_role_is_refused() {
        assertInvalid(forge(b -> b.expiration(null)));
        assertInvalid(forge(b -> b.subject(null)));
        assertInvalid(forge(b -> b.claim("clinic", null)));
        assertInvalid(forge(b -> b.claim("role", null)));
    }

    /** Every claim the principal is built from is required: a token without a username named no one to show. */
    @Test
    void a_token_without_a_username_or_with_a_blank_one_is_refused() {
        assertInvalid(forge(b -> b.claim("username", null)));
        assertInvalid(forge(b -> b.claim("username", "")));
        assertInvalid(forge(b -> b.claim("username", "   ")));
        assertInvalid(forge(b -> b.claim("username", 42)));
    }

    @Test
    void a_token_with_an_unknown_role_or_malformed_ids_is_refused() {
        assertInvalid(forge(b -> b.claim("role", "super_admin")));
        assertInvalid(forge(b -> b.claim("role", "DOCTOR")));
        assertInvalid(forge(b -> b.claim("clinic", "not-a-uuid")));
        assertInvalid(forge(b -> b.claim("clinic", "1-1-1-1-1")));
        assertInvalid(forge(b -> b.claim("clinic", 42)));
        assertInvalid(forge(b -> b.subject("1-1-1-1-1")));
    }

    @Test
    void a_patient_link_that_contradicts_the_role_is_refused() {
        assertInvalid(forge(b -> b.claim("patient", UUID.randomUUID().toString())));
        assertInvalid(forge(b -> b.claim("role", "patient")));
    }

    @Test
    void a_token_not_yet_valid_is_refused() {
        assertInvalid(forge(b -> b.notBefore(Date.from(T0.plusSeconds(120)))));
    }

    @Test
    void a_token_living_longer_than_we_issue_or_issued_in_the_future_is_refused() {
        assertInvalid(forge(b -> b.expiration(Date.from(T0.plus(Duration.ofDays(365))))));
        assertInvalid(forge(b -> b.expiration(Date.from(T0.plus(TTL).plusSeconds(1)))));
        assertInvalid(forge(b -> b.issuedAt(Date.from(T0.plus(Duration.ofMinutes(10))))
                .expiration(Date.from(T0.plus(Duration.ofMinutes(12))))));
        assertInvalid(forge(b -> b.issuedAt(null)));
        // an honest token issued a moment before the verifier's clock, within the skew, is taken
        assertThat(tokens.verify(forge(b -> b.issuedAt(Date.from(T0.plusSeconds(20)))
                .expiration(Date.from(T0.plusSeconds(20).plus(TTL)))))).isEqualTo(doctor);
    }

    @Test
    void garbage_empty_and_oversized_input_is_refused() {
        assertInvalid(null);
        assertInvalid("");
        assertInvalid("not a token");
        assertInvalid("a.b.c");
        String valid = forge(b -> b);
        String oversized = forge(b -> b.claim("padding", "x".repeat(AccessTokens.MAX_LENGTH)));
        assertThat(tokens.verify(valid)).isEqualTo(doctor);
        assertInvalid(oversized);
    }

    @Test
    void the_length_limit_takes_a_token_of_exactly_its_length_and_refuses_one_character_more() {
        String longest = forgeOfLength(AccessTokens.MAX_LENGTH);
        String tooLong = forgeOfLength(AccessTokens.MAX_LENGTH + 1);

        assertThat(longest).hasSize(AccessTokens.MAX_LENGTH);
        assertThat(tokens.verify(longest)).isEqualTo(doctor);
        assertThat(tooLong).hasSize(AccessTokens.MAX_LENGTH + 1);
        assertInvalid(tooLong);
    }

    @Test
    void a_refusal_says_nothing_about_the_reason_or_the_token() {
        String expired = tokens.issue(doctor);
        clock.set(T0.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> tokens.verify(expired))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("invalid access token")
                .hasNoCause();
    }

    @Test
    void the_constructor_refuses_a_lifetime_over_15_minutes_or_not_positive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(key, clock, Duration.ofMinutes(15).plusSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(key, clock, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(key, clock, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(key, clock, Duration.ofMinutes(-5)));
        assertThatCode(() -> new AccessTokens(key, clock, Duration.ofMinutes(15))).doesNotThrowAnyException();
    }

    @Test
    void the_constructor_refuses_a_key_too_short_for_hs256() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(hmacKey(randomBytes(31), "HmacSHA256"), clock, TTL));
    }

    private void assertInvalid(String token) {
        assertInvalid(tokens, token);
    }

    private static void assertInvalid(AccessTokens verifier, String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    /** A token for {@link #doctor} as {@link AccessTokens#issue} would make it, then changed. */
    private String forge(UnaryOperator<JwtBuilder> change) {
        return forge(change, key, Jwts.SIG.HS256);
    }

    private String forge(UnaryOperator<JwtBuilder> change, SecretKey signingKey, MacAlgorithm algorithm) {
        Instant now = clock.instant();
        JwtBuilder builder = Jwts.builder()
                .issuer("santkrupa")
                .audience().add("santkrupa-api").and()
                .subject(doctor.userId().toString())
                .claim("clinic", doctor.clinic().toString())
                .claim("role", doctor.role().dbValue())
                .claim("username", doctor.username())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(TTL)))
                .id(UUID.randomUUID().toString());
        return change.apply(builder).signWith(signingKey, algorithm).compact();
    }

    /**
     * A valid token padded to exactly {@code length} characters: a claim pads the payload, a key id
     * the header (unpadded base64 has no length of the form 4k + 1, so one part alone may skip it).
     */
    private String forgeOfLength(int length) {
        for (int kid = 1; kid <= 4; kid++) {
            String keyId = "k".repeat(kid);
            int shortest = forge(b -> b.header().keyId(keyId).and()).length();
            for (int pad = Math.max(0, (length - shortest) * 3 / 4 - 40); pad < length; pad++) {
                String padding = "x".repeat(pad);
                String token = forge(b -> b.header().keyId(keyId).and().claim("padding", padding));
                if (token.length() == length) {
                    return token;
                }
                if (token.length() > length) {
                    break;
                }
            }
        }
        throw new AssertionError("no token of " + length + " characters");
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    }

    private static SecretKey hmacKey(byte[] bytes, String algorithm) {
        return new SecretKeySpec(bytes, algorithm);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
