package io.santkrupa.platform;

import io.santkrupa.db.Ids;
import io.santkrupa.web.auth.AccessTokens;
import org.jooq.DSLContext;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;

/**
 * A super admin's ten single-use recovery codes, for when the authenticator app is lost: 80
 * random bits each, written {@code xxxx-xxxx-xxxx-xxxx} in Crockford's Base32 alphabet (no i, l,
 * o, u), shown once and stored only as HMAC-SHA256 under a key derived from the signing key.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    /** At or below this many unused codes the console says it is time for new ones. */
    public static final int FEW_LEFT = 3;
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int LENGTH = 16; // 16 characters x 5 bits = 80 bits
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final Clock clock;

    public RecoveryCodes(AccessTokens keys, Clock clock) {
        this.key = keys.derivedKey("santkrupa platform recovery codes");
        this.clock = clock;
    }

    /** Replaces every code of an administrator with {@link #COUNT} new ones; the only time they exist in plain text. */
    public List<String> replaceAll(DSLContext tx, UUID adminId) {
        tx.deleteFrom(PLATFORM_RECOVERY_CODE).where(PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(adminId)).execute();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            tx.insertInto(PLATFORM_RECOVERY_CODE)
                    .set(PLATFORM_RECOVERY_CODE.ID, Ids.newId())
                    .set(PLATFORM_RECOVERY_CODE.ADMIN_ID, adminId)
                    .set(PLATFORM_RECOVERY_CODE.CODE_HMAC, hmac(code))
                    .set(PLATFORM_RECOVERY_CODE.CREATED_AT, now)
                    .execute();
            codes.add(formatted(code));
        }
        return codes;
    }

    /** Marks the typed code used if it is an unused code of this administrator; false otherwise. */
    public boolean use(DSLContext tx, UUID adminId, String typed) {
        Optional<String> code = normalise(typed);
        // a conditional update: two requests with the same code cannot both succeed
        return code.isPresent() && tx.update(PLATFORM_RECOVERY_CODE)
                .set(PLATFORM_RECOVERY_CODE.USED_AT, OffsetDateTime.now(clock))
                .where(PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(adminId),
                        PLATFORM_RECOVERY_CODE.CODE_HMAC.eq(hmac(code.get())),
                        PLATFORM_RECOVERY_CODE.USED_AT.isNull())
                .execute() == 1;
    }

    public int unused(DSLContext tx, UUID adminId) {
        return tx.fetchCount(PLATFORM_RECOVERY_CODE, PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(adminId),
                PLATFORM_RECOVERY_CODE.USED_AT.isNull());
    }

    /**
     * The code as stored: lower case, without spaces or hyphens, with the letters people confuse
     * with digits read as those digits (Crockford: o as 0, i and l as 1); empty when it cannot be a code.
     */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String code = typed.toLowerCase().replaceAll("[\\s-]", "").replace('o', '0').replace('i', '1').replace('l', '1');
        if (code.length() != LENGTH || code.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private static String formatted(String code) {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-" + code.substring(12);
    }

    private byte[] hmac(String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
