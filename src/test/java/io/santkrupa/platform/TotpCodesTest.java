package io.santkrupa.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier around java-otp: RFC 6238's SHA-1 test vectors, the drift window, no replays. */
class TotpCodesTest {

    /** RFC 6238, Appendix B: the SHA-1 seed. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private final TotpCodes codes = new TotpCodes();

    /** The RFC lists 8-digit codes; a 6-digit code is the same number's last six digits (HOTP's truncation, mod 10^6). */
    @ParameterizedTest(name = "T = {0} s: {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void rfc_6238_test_vectors(long unixSeconds, String eightDigits) {
        long step = TotpCodes.stepOf(Instant.ofEpochSecond(unixSeconds));

        assertThat(codes.codeAt(RFC_SECRET, step)).isEqualTo(eightDigits.substring(2));
        assertThat(codes.acceptedStep(RFC_SECRET, eightDigits.substring(2), null, Instant.ofEpochSecond(unixSeconds)))
                .hasValue(step);
    }

    @Test
    void the_step_before_and_after_are_accepted_and_no_further() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = TotpCodes.stepOf(now);

        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step - 1), null, now)).hasValue(step - 1);
        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step + 1), null, now)).hasValue(step + 1);
        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step - 2), null, now)).isEmpty();
        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step + 2), null, now)).isEmpty();
    }

    @Test
    void a_step_at_or_before_the_last_accepted_one_is_never_accepted_again() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = TotpCodes.stepOf(now);
        String code = codes.codeAt(RFC_SECRET, step);

        assertThat(codes.acceptedStep(RFC_SECRET, code, step - 1, now)).hasValue(step);
        assertThat(codes.acceptedStep(RFC_SECRET, code, step, now)).as("the same code again").isEmpty();
        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step - 1), step, now))
                .as("an older code after a newer one").isEmpty();
        assertThat(codes.acceptedStep(RFC_SECRET, codes.codeAt(RFC_SECRET, step + 1), step, now))
                .as("the next step's code").hasValue(step + 1);
    }

    @Test
    void only_six_digits_look_like_a_code() {
        assertThat(TotpCodes.looksLikeCode("123456")).isTrue();
        assertThat(TotpCodes.looksLikeCode("123 456")).isTrue();
        assertThat(TotpCodes.looksLikeCode("12345")).isFalse();
        assertThat(TotpCodes.looksLikeCode("1234567")).isFalse();
        assertThat(TotpCodes.looksLikeCode("12345a")).isFalse();
        assertThat(TotpCodes.looksLikeCode("")).isFalse();
        assertThat(TotpCodes.looksLikeCode(null)).isFalse();
        assertThat(codes.acceptedStep(RFC_SECRET, "abcdef", null, Instant.EPOCH)).isEmpty();
    }
}
