package io.santkrupa.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.UUID;

/**
 * New row ids: UUIDv7, time-ordered so inserts append to the (clinic_id, id) indexes, and
 * strictly increasing within a millisecond too (the generator counts up from the millisecond's
 * first random value), so rows of one transaction -- whose timestamps are equal -- keep the order
 * they were written in (the audit trail, a visit's test orders). That makes an id made just after
 * another easy to guess: ids are not secrets. What protects a record is RLS and the permission
 * check, and an id of another clinic, a guessed one and a random one get the same 404
 * (NoExistenceOracleTest); secrets (sessions, links, tokens) are random and stored hashed.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }
}
