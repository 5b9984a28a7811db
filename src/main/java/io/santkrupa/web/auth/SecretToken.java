package io.santkrupa.web.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A 256-bit secret handed to a client -- in a one-time link, in the platform's session cookie:
 * random, base64url (43 characters) in the client's hands, only its SHA-256 at rest, so a copy
 * of the database opens nothing.
 */
public record SecretToken(String value, byte[] hash) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public static SecretToken generate() {
        byte[] secret = randomBytes(BYTES);
        return new SecretToken(ENCODER.encodeToString(secret), sha256(secret));
    }

    /** The hash to look a presented token up by; empty for anything that cannot be one we issued. */
    public static Optional<byte[]> hashOf(String presented) {
        if (presented == null || presented.length() != 43) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(presented);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the decoder ignores a final character's unused bits; only the canonical spelling is ours
        if (secret.length != BYTES || !ENCODER.encodeToString(secret).equals(presented)) {
            return Optional.empty();
        }
        return Optional.of(sha256(secret));
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SecretToken[***]";
    }
}
