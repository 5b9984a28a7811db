package io.santkrupa.seed;

import java.util.UUID;

/**
 * The seeded rows' ids: shaped like the application's UUIDv7 ({@link io.santkrupa.db.Ids}) -- the
 * row's own time in the top 48 bits, so they sort and append to the {@code (clinic_id, id)} indexes
 * as the app's do -- but derived from the random seed, the clinic, the kind of row and its place
 * instead of a random source, so the same arguments give the same data, ids included. The 62 low
 * bits are a bijective scramble of (kind, clinic, key): two rows never share an id. The slug prefix
 * is mixed in, so two platforms seeded side by side with the same seed share no id either (ids are
 * unique across clinics everywhere else too).
 */
final class SeedIds {

    private final long seed;

    SeedIds(long seed) {
        this.seed = seed;
    }

    /** The ids of the platform seeded with {@code randomSeed} under {@code slugPrefix}. */
    static SeedIds forPlatform(long randomSeed, String slugPrefix) {
        long prefix = 0;
        for (char c : slugPrefix.toCharArray()) {
            prefix = prefix * 131 + c;
        }
        return new SeedIds(mix(randomSeed) ^ mix(prefix));
    }

    /** Kinds of rows: each its own id space. */
    enum Kind {
        USER, DOCTOR, MEDICINE, LAB_TEST, PARAMETER, RANGE, PATIENT, VISIT, NOTE, PRESCRIPTION, ITEM, ORDER, RESULT,
        COUNTER, FILE, REPORT
    }

    /**
     * @param epochMillis the row's time (when it was written)
     * @param clinic      the clinic's number, 1 to 1023
     * @param key         the row's place within its clinic and kind, below 2^48
     */
    UUID id(Kind kind, long epochMillis, int clinic, long key) {
        if (clinic < 0 || clinic > 1023 || key < 0 || key >= (1L << 48)) {
            throw new IllegalArgumentException("id out of range: " + kind + " " + clinic + " " + key);
        }
        long place = ((long) kind.ordinal() << 58) | ((long) clinic << 48) | key;
        long low62 = scramble(place ^ (seed & MASK_62));
        long randA = mix(seed ^ place) & 0xFFFL;
        long msb = (epochMillis << 16) | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | low62;
        return new UUID(msb, lsb);
    }

    private static final long MASK_62 = (1L << 62) - 1;

    /** A permutation of the 62-bit values: xor-shifts and odd multipliers are invertible modulo 2^62. */
    private static long scramble(long value) {
        long x = value & MASK_62;
        x ^= x >>> 31;
        x = (x * 0x7FB5_D329_728E_A185L) & MASK_62;
        x ^= x >>> 27;
        x = (x * 0x81DA_DEF4_BC2D_D44DL) & MASK_62;
        x ^= x >>> 33;
        return x;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
