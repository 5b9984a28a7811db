package io.santkrupa.platform;

import io.santkrupa.web.auth.AccessTokens;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * The super admins' TOTP secrets: made (160 random bits, RFC 4226's recommendation), written out
 * for authenticator apps (Base32, otpauth URI), and kept encrypted with AES-256-GCM (a random
 * 12-byte nonce in front of the ciphertext), bound to their administrator's id.
 *
 * <p>Encrypted, not hashed: checking a code needs the secret itself. The key is derived from the
 * application's signing key (JWT_SIGNING_KEY or the key file), which never enters the database,
 * so a copy of the database yields no secret. Rotating JWT_SIGNING_KEY makes every stored secret
 * unreadable (and every recovery code unmatchable): each super admin then has to enrol again.
 */
public final class TotpSecrets {

    public static final int SECRET_BYTES = 20;
    static final String ISSUER = "Santkrupa platform";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public TotpSecrets(AccessTokens keys) {
        this.key = new SecretKeySpec(keys.derivedKey("santkrupa platform totp secrets").getEncoded(), "AES");
    }

    public byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** nonce || AES-GCM(secret), with the administrator's id as associated data. */
    public byte[] encrypt(UUID adminId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(adminId));
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The secret; empty when it was sealed under another key (the signing key changed) or for another admin. */
    public Optional<byte[]> decrypt(UUID adminId, byte[] stored) {
        if (stored == null || stored.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(adminId));
            return Optional.of(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES));
        } catch (AEADBadTagException wrongKey) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** RFC 4648 Base32, upper case, without padding: what authenticator apps take. */
    public static String base32(byte[] secret) {
        return new Base32().encodeAsString(secret).replace("=", "");
    }

    public static byte[] fromBase32(String text) {
        return new Base32().decode(text.replace(" ", "").toUpperCase());
    }

    /** The secret in groups of four characters, for typing by hand. */
    public static String grouped(byte[] secret) {
        String b32 = base32(secret);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b32.length(); i += 4) {
            out.append(i == 0 ? "" : " ").append(b32, i, Math.min(b32.length(), i + 4));
        }
        return out.toString();
    }

    /** The Key URI Format authenticator apps read from a QR code. */
    public static String otpauthUri(String username, byte[] secret) {
        String issuer = encode(ISSUER);
        return "otpauth://totp/" + issuer + ":" + encode(username) + "?secret=" + base32(secret) + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=" + TotpCodes.DIGITS + "&period=" + TotpCodes.STEP.toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] associatedData(UUID adminId) {
        return ("santkrupa platform_admin totp " + adminId).getBytes(StandardCharsets.US_ASCII);
    }
}
