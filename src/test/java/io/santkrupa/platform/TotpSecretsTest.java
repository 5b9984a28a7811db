package io.santkrupa.platform;

import io.nayuki.qrcodegen.QrCode;
import io.santkrupa.web.auth.AccessTokens;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Sealing TOTP secrets, writing them out for apps, recovery codes as typed, and the QR code's SVG. */
class TotpSecretsTest {

    private final TotpSecrets secrets = new TotpSecrets(keys());

    @Test
    void a_secret_is_160_random_bits_sealed_with_a_fresh_nonce_each_time() {
        UUID admin = UUID.randomUUID();
        byte[] secret = secrets.newSecret();
        byte[] once = secrets.encrypt(admin, secret);
        byte[] twice = secrets.encrypt(admin, secret);

        assertThat(secret).hasSize(20);
        assertThat(once).hasSize(12 + 20 + 16).isNotEqualTo(twice);
        assertThat(secrets.decrypt(admin, once)).hasValue(secret);
        assertThat(secrets.decrypt(admin, twice)).hasValue(secret);
    }

    @Test
    void a_sealed_secret_opens_only_for_its_admin_and_under_the_same_signing_key() {
        UUID admin = UUID.randomUUID();
        byte[] sealed = secrets.encrypt(admin, secrets.newSecret());

        assertThat(secrets.decrypt(UUID.randomUUID(), sealed)).as("another admin's row").isEmpty();
        assertThat(new TotpSecrets(keys()).decrypt(admin, sealed)).as("after the signing key rotated").isEmpty();
        sealed[sealed.length - 1] ^= 1;
        assertThat(secrets.decrypt(admin, sealed)).as("tampered").isEmpty();
        assertThat(secrets.decrypt(admin, new byte[5])).isEmpty();
        assertThat(secrets.decrypt(admin, null)).isEmpty();
    }

    @Test
    void base32_without_padding_grouped_by_four_and_the_otpauth_uri() {
        byte[] secret = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(TotpSecrets.base32(secret)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(TotpSecrets.grouped(secret)).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(TotpSecrets.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(secret);
        assertThat(TotpSecrets.otpauthUri("ops.admin", secret)).isEqualTo(
                "otpauth://totp/Santkrupa%20platform:ops.admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Santkrupa%20platform&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void recovery_codes_are_read_whatever_the_case_spaces_and_hyphens() {
        assertThat(RecoveryCodes.normalise("7KQ2-M9XA-4HD8-P3WZ")).hasValue("7kq2m9xa4hd8p3wz");
        assertThat(RecoveryCodes.normalise(" 7kq2 m9xa 4hd8 p3wz ")).hasValue("7kq2m9xa4hd8p3wz");
        assertThat(RecoveryCodes.normalise("7kq2-m9xa-4hd8-p3wO")).as("O read as zero").hasValue("7kq2m9xa4hd8p3w0");
        assertThat(RecoveryCodes.normalise("7kq2-m9xa-4hd8-p3w")).isEmpty();
        assertThat(RecoveryCodes.normalise("7kq2-m9xa-4hd8-p3wu")).as("u is not in the alphabet").isEmpty();
        assertThat(RecoveryCodes.normalise("123456")).isEmpty();
        assertThat(RecoveryCodes.normalise(null)).isEmpty();
    }

    @Test
    void the_qr_code_is_inline_svg_of_the_modules_with_a_quiet_zone() {
        String uri = TotpSecrets.otpauthUri("ops.admin", secrets.newSecret());
        QrCode qr = QrCode.encodeText(uri, QrCode.Ecc.MEDIUM);
        String svg = TotpQrCode.svg(uri);
        int size = qr.size + 2 * TotpQrCode.QUIET_ZONE;

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("viewBox=\"0 0 " + size + " " + size + "\"")
                .doesNotContain("<script", "<image", "href", "style");
        Matcher module = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
        int dark = 0;
        while (module.find()) {
            int x = Integer.parseInt(module.group(1)) - TotpQrCode.QUIET_ZONE;
            int y = Integer.parseInt(module.group(2)) - TotpQrCode.QUIET_ZONE;
            assertThat(x).isBetween(0, qr.size - 1);
            assertThat(y).isBetween(0, qr.size - 1);
            assertThat(qr.getModule(x, y)).isTrue();
            dark++;
        }
        int expected = 0;
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                expected += qr.getModule(x, y) ? 1 : 0;
            }
        }
        assertThat(dark).isEqualTo(expected);
    }

    private static AccessTokens keys() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new AccessTokens(new SecretKeySpec(key, "HmacSHA256"), Clock.systemUTC(), Duration.ofMinutes(10));
    }
}
