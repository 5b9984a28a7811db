package io.santkrupa.db;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Issues the clinic context that {@code santkrupa.current_clinic_id()} verifies (V056, V057):
 * {@code <clinic uuid>.<issued at, Unix seconds>.<HMAC-SHA256 over the first two, hex>}, under a
 * key that only the owner role can read. SQL running as the app role -- an injection included --
 * can read the context of its own transaction but cannot make one for another clinic.
 *
 * <p>The key is read once, at start, connected as the owner; the first start generates it. The
 * clock is the real one (the database compares the issue time with its own clock), never a
 * test's.
 */
public final class TenantContext {

    /** The transaction-local setting that carries the context. */
    static final String SETTING = "app.clinic_context";
    /** What current_clinic_id() accepts, and so the only text SET LOCAL ever carries. */
    static final Pattern FORMAT = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[0-9]{10}\\.[0-9a-f]{64}$");

    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final SecretKeySpec key;
    private final Clock clock;

    TenantContext(byte[] block, Clock clock) {
        if (block.length != BLOCK) {
            throw new IllegalArgumentException("the context key is one 64-byte block");
        }
        this.key = new SecretKeySpec(block.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /**
     * The database's key, generated there the first time (as the owner; concurrent first starts
     * agree on one key), checked for consistency.
     */
    public static TenantContext load(DatabaseConfig config) {
        try (Connection owner = config.connectAsOwner()) {
            byte[] fresh = new byte[BLOCK];
            new SecureRandom().nextBytes(fresh);
            try (PreparedStatement insert = owner.prepareStatement("""
                    INSERT INTO santkrupa_private.tenant_context_key (inner_pad, outer_pad) VALUES (?, ?)
                    ON CONFLICT (singleton) DO NOTHING""")) {
                insert.setBytes(1, xor(fresh, IPAD));
                insert.setBytes(2, xor(fresh, OPAD));
                insert.executeUpdate();
            }
            Arrays.fill(fresh, (byte) 0);
            try (PreparedStatement select = owner.prepareStatement(
                    "SELECT inner_pad, outer_pad FROM santkrupa_private.tenant_context_key");
                 ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("santkrupa_private.tenant_context_key has no key");
                }
                byte[] block = xor(rs.getBytes(1), IPAD);
                if (!Arrays.equals(xor(block, OPAD), rs.getBytes(2))) {
                    throw new IllegalStateException("santkrupa_private.tenant_context_key: the two pads are not of one key");
                }
                return new TenantContext(block, Clock.systemUTC());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clinic context key as the owner role: " + e.getMessage(), e);
        }
    }

    /** The same key on another clock: for tests of the database's time window. */
    TenantContext on(Clock other) {
        return new TenantContext(key.getEncoded(), other);
    }

    /** The context for one transaction of {@code clinic}, issued now. */
    String issue(ClinicId clinic) {
        String message = clinic.value().toString() + "." + clock.instant().getEpochSecond();
        String context = message + "." + HexFormat.of().formatHex(mac(message));
        return requireWellFormed(context);
    }

    /**
     * SET takes no bind values, so the context is written into the statement as a literal: only
     * ever text that matches {@link #FORMAT} (hex, digits, dots and dashes), anything else refused.
     */
    static String requireWellFormed(String context) {
        if (context == null || !FORMAT.matcher(context).matches()) {
            throw new IllegalArgumentException("not a clinic context");
        }
        return context;
    }

    private byte[] mac(String message) {
        return macs.get().doFinal(message.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** One initialised Mac per thread: looking one up and keying it costs more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] xor(byte[] bytes, byte pad) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) (bytes[i] ^ pad);
        }
        return out;
    }
}
