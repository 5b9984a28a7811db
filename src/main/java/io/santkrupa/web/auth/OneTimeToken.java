package io.santkrupa.web.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret of a one-time link (set your password): 256 random bits, base64url in the link;
 * only their SHA-256 is stored, so a copy of the database opens no account.
 */
public record OneTimeToken(String value, byte[] hash) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    public static OneTimeToken generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new OneTimeToken(Base64.getUrlEncoder().withoutPadding().encodeToString(secret), sha256(secret));
    }

    /** The hash to look a presented token up by; empty for anything that cannot be one of ours. */
    public static Optional<byte[]> hashOf(String presented) {
        if (presented == null || !SHAPE.matcher(presented).matches()) {
            return Optional.empty();
        }
        return Optional.of(sha256(Base64.getUrlDecoder().decode(presented)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OneTimeToken[***]";
    }
}
