package io.santkrupa.web.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The signing key comes from the environment, else from a kept file, else is generated once. */
class SigningKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void the_environment_key_wins_and_no_file_is_written() {
        byte[] bytes = randomBytes(32);
        Path keyFile = dir.resolve("data/jwt-signing-key");

        SecretKey key = SigningKey.load(Map.of(SigningKey.ENV, Base64.getEncoder().encodeToString(bytes)), keyFile);

        assertThat(key.getEncoded()).isEqualTo(bytes);
        assertThat(key.getAlgorithm()).isEqualTo("HmacSHA256");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void an_environment_key_shorter_than_32_bytes_empty_or_not_base64_is_refused() {
        Path keyFile = dir.resolve("jwt-signing-key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.load(Map.of(SigningKey.ENV, Base64.getEncoder().encodeToString(randomBytes(31))), keyFile))
                .withMessageContaining(SigningKey.ENV).withMessageContaining("32 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.load(Map.of(SigningKey.ENV, ""), keyFile));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.load(Map.of(SigningKey.ENV, "not base64 at all, but long enough!!!!!!!!!!!"), keyFile))
                .withMessageContaining("base64")
                .withMessageNotContaining("long enough");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void without_configuration_a_key_is_generated_kept_and_reused() throws IOException {
        Path keyFile = SigningKey.defaultKeyFile(dir.resolve("data"));

        SecretKey first = SigningKey.load(Map.of(), keyFile);
        SecretKey second = SigningKey.load(Map.of(), keyFile);

        assertThat(keyFile).exists();
        assertThat(first.getEncoded()).hasSize(64);
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).isEqualTo(first.getEncoded());
        assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }
    }

    @Test
    void the_generated_key_file_is_readable_by_its_owner_only() throws IOException {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path keyFile = SigningKey.defaultKeyFile(dir.resolve("data"));

        SigningKey.load(Map.of(), keyFile);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void an_existing_key_file_is_used_and_a_short_one_refused() throws IOException {
        byte[] bytes = randomBytes(48);
        Path keyFile = dir.resolve("jwt-signing-key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(bytes) + "\n");
        assertThat(SigningKey.load(Map.of(), keyFile).getEncoded()).isEqualTo(bytes);

        Files.writeString(keyFile, Base64.getEncoder().encodeToString(randomBytes(16)));
        assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.load(Map.of(), keyFile))
                .withMessageContaining("32 bytes");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
