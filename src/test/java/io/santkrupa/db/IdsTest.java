package io.santkrupa.db;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids made in the same millisecond do not give each other away (issue 12, finding 5). */
class IdsTest {

    @Test
    void ids_of_the_same_millisecond_are_not_consecutive_and_keep_the_time_order_across_milliseconds() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(Ids.newId());
        }
        int sameMillisecond = 0;
        for (int i = 1; i < ids.size(); i++) {
            UUID before = ids.get(i - 1);
            UUID after = ids.get(i);
            assertThat(after.version()).isEqualTo(7);
            long msBefore = before.getMostSignificantBits() >>> 16;
            long msAfter = after.getMostSignificantBits() >>> 16;
            assertThat(msAfter).as("time order").isGreaterThanOrEqualTo(msBefore);
            if (msAfter == msBefore) {
                sameMillisecond++;
                // a monotonic generator adds 1 to the previous id's random bits
                long step = after.getLeastSignificantBits() - before.getLeastSignificantBits();
                assertThat(Math.abs(step)).as("%s after %s", after, before).isGreaterThan(1L << 20);
            }
        }
        assertThat(sameMillisecond).as("the loop made ids within one millisecond").isGreaterThan(100);
    }
}
