package io.santkrupa.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;

import java.util.UUID;

/**
 * New row ids: UUIDv7, time-ordered to the millisecond so inserts append to the (clinic_id, id)
 * indexes, with 74 fresh random bits in each -- also within one millisecond, where a monotonic
 * generator would count up from the first and so hand out the next id to anyone who saw one.
 */
public final class Ids {

    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }
}
