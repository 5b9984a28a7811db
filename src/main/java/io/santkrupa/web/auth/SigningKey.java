package io.santkrupa.web.auth;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The HMAC-SHA256 key that signs access tokens. It is never in the code or the repository.
 *
 * <p>Production sets {@code JWT_SIGNING_KEY} (base64, at least 32 bytes), the same on every
 * instance. Without it -- the embedded, no-configuration default -- the key is generated once
 * and kept in a file under {@code ./data} next to the embedded database, so access tokens
 * survive a restart just as the data does. The file is created owner-only (rw-------) where
 * the file system has POSIX permissions.
 */
public final class SigningKey {

    public static final String ENV = "JWT_SIGNING_KEY";
    /** HS256 needs a key of at least 256 bits (RFC 7518, 3.2). */
    static final int MIN_BYTES = 32;
    static final int GENERATED_BYTES = 64;
    private static final String FILE_NAME = "jwt-signing-key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningKey() {
    }

    /** Where the generated key lives for a data directory ({@code ./data} by default). */
    public static Path defaultKeyFile(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The key from {@code env}'s {@value #ENV} if set, else from {@code keyFile} if it exists,
     * else a new random key written to {@code keyFile}.
     *
     * @throws IllegalArgumentException if the configured key is not base64 or shorter than 32 bytes
     * @throws UncheckedIOException if the key file cannot be read or written
     */
    public static SecretKey load(Map<String, String> env, Path keyFile) {
        String configured = env.get(ENV);
        if (configured != null) {
            // set but empty is a misconfiguration, not a request for a generated key
            return hmacKey(decode(configured, ENV));
        }
        try {
            if (Files.exists(keyFile)) {
                return hmacKey(decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "the key file " + keyFile));
            }
            return hmacKey(generate(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the JWT signing key file " + keyFile, e);
        }
    }

    /**
     * Checks a configured key as production takes it: base64 of at least 32 bytes that look random
     * (a key of a few repeated bytes is a placeholder, not a secret).
     *
     * @throws IllegalArgumentException naming {@code source}, never echoing the value
     */
    public static void requireStrong(String base64, String source) {
        byte[] bytes = decode(base64, source);
        long distinct = IntStream.range(0, bytes.length).map(i -> bytes[i]).distinct().count();
        if (distinct < MIN_BYTES / 2) {
            throw new IllegalArgumentException(source + " has only " + distinct
                    + " different byte values: it is a placeholder, not a random key");
        }
    }

    /** Never echoes the value: it is a secret even when it is malformed. */
    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64");
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(source + " must decode to at least " + MIN_BYTES
                    + " bytes for HS256, but has " + bytes.length);
        }
        return bytes;
    }

    /**
     * Writes a temporary owner-only file first and moves it into place, so no other user can
     * ever read the key and a crash never leaves a half-written key behind.
     */
    private static byte[] generate(Path keyFile) throws IOException {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".jwt-signing-key", ".tmp", ownerOnly(dir));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, keyFile);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return bytes;
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static SecretKey hmacKey(byte[] bytes) {
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
