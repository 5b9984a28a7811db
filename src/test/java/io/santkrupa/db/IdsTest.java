package io.santkrupa.db;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids keep the order rows were written in, within a millisecond too: rows of one transaction
 * share its timestamp, and the audit trail and a visit's orders are listed by (time, id). Ids are
 * therefore not secrets, as Ids.java says (issue 12, finding 5: it claimed otherwise).
 */
class IdsTest {

    @Test
    void ids_are_uuid_v7_strictly_increasing_within_a_millisecond_too() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(Ids.newId());
        }
        int sameMillisecond = 0;
        for (int i = 1; i < ids.size(); i++) {
            UUID before = ids.get(i - 1);
            UUID after = ids.get(i);
            assertThat(after.version()).isEqualTo(7);
            assertThat(asPostgresOrders(after, before)).as("%s after %s", after, before).isPositive();
            if (after.getMostSignificantBits() >>> 16 == before.getMostSignificantBits() >>> 16) {
                sameMillisecond++;
            }
        }
        assertThat(sameMillisecond).as("the loop made ids within one millisecond").isGreaterThan(100);
    }

    /** uuid's order in PostgreSQL: its 16 bytes, unsigned (Java's UUID.compareTo is signed). */
    private static int asPostgresOrders(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
