package io.santkrupa.platform;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * TOTP codes (RFC 6238) as authenticator apps make them: HMAC-SHA1, 30-second steps, 6 digits.
 * A code is accepted for the current step and one step either side (clock drift), and never for
 * a step at or before the last one accepted, so each code works once.
 */
public final class TotpCodes {

    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    /** Steps accepted either side of the current one. */
    static final int DRIFT = 1;

    private final TimeBasedOneTimePasswordGenerator generator =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    /** The time step of an instant: whole 30-second periods since the Unix epoch. */
    public static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** Looks like a code: six digits (spaces already removed by the caller or not). */
    public static boolean looksLikeCode(String typed) {
        return typed != null && typed.replace(" ", "").matches("^[0-9]{6}$");
    }

    /** The code of {@code secret} at a time step. */
    public String codeAt(byte[] secret, long step) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a TOTP secret is always a usable HMAC key", e);
        }
    }

    /**
     * The step {@code typed} is the code of, within the drift window around {@code now} and after
     * {@code lastAcceptedStep} (null: none yet); empty when it is no such code.
     */
    public OptionalLong acceptedStep(byte[] secret, String typed, Long lastAcceptedStep, Instant now) {
        if (!looksLikeCode(typed)) {
            return OptionalLong.empty();
        }
        byte[] presented = typed.replace(" ", "").getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        OptionalLong accepted = OptionalLong.empty();
        for (long step = current - DRIFT; step <= current + DRIFT; step++) {
            boolean fresh = lastAcceptedStep == null || step > lastAcceptedStep;
            // every step in the window is computed and compared, matched or not: no early exit to time
            boolean matches = MessageDigest.isEqual(codeAt(secret, step).getBytes(StandardCharsets.US_ASCII), presented);
            if (matches && fresh && accepted.isEmpty()) {
                accepted = OptionalLong.of(step);
            }
        }
        return accepted;
    }
}
