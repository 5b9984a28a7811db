package io.santkrupa.staff;

import io.santkrupa.db.ClinicId;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The short code of a patient's invitation, for the desk to read out or print: 12 characters of
 * Crockford's base32 ({@code 7KQM-4XP2-9HDW}: no I, L, O or U to confuse), 60 random bits. Typed
 * back, it is read leniently -- any case, with or without spaces and dashes, O for 0, I and L for 1.
 *
 * <p>Only an HMAC is stored, keyed by the application and bound to the clinic: a copy of the
 * database cannot be searched for codes, and a code is nothing in another clinic. Guessing is
 * hopeless: 2<sup>60</sup> codes against a handful alive at once, each for 72 hours, and failed
 * attempts are throttled per address.
 */
public record InvitationCode(String value, byte[] hash) {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new code for {@code clinic}, shown as three groups of four. */
    static InvitationCode generate(SecretKey key, ClinicId clinic) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String canonical = code.toString();
        return new InvitationCode(grouped(canonical), hmac(key, clinic, canonical));
    }

    /** The hash to look a typed code up by; empty when what was typed cannot be a code. */
    static Optional<byte[]> hashOf(SecretKey key, ClinicId clinic, String typed) {
        return canonical(typed).map(canonical -> hmac(key, clinic, canonical));
    }

    /** Whether {@code typed} has a code's shape (the page says so before any lookup). */
    public static boolean wellFormed(String typed) {
        return canonical(typed).isPresent();
    }

    /** The 12 characters of a typed code in the alphabet, or empty. */
    static Optional<String> canonical(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '-') {
                continue;
            }
            char read = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return Optional.empty();
            }
            out.append(read);
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }

    private static String grouped(String canonical) {
        return canonical.substring(0, 4) + "-" + canonical.substring(4, 8) + "-" + canonical.substring(8);
    }

    private static byte[] hmac(SecretKey key, ClinicId clinic, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            UUID id = clinic.value();
            mac.update(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                    .array());
            return mac.doFinal(canonical.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "InvitationCode[***]";
    }
}
