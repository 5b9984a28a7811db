package io.santkrupa.bench;

import io.santkrupa.db.BenchConnections;

import java.util.Optional;

/**
 * The database's own count of what a measured phase cost it: transactions from
 * {@code pg_stat_database} ({@code xact_commit + xact_rollback}) and, where the server loads
 * {@code pg_stat_statements}, statements -- read before and after the phase, divided by its requests.
 * Each reading is itself one transaction and one statement, taken off again.
 */
final class DatabaseActivity {

    /** The statements of one reading, when statements are counted: the two SELECTs. */
    private static final int OWN_STATEMENTS = 2;

    record Counters(long transactions, Optional<Long> statements) {

        long transactionsSince(Counters before) {
            // each SELECT of a reading is an autocommit transaction of its own
            return transactions - before.transactions - (statements.isPresent() ? 2 : 1);
        }

        Optional<Long> statementsSince(Counters before) {
            return statements.flatMap(now -> before.statements.map(then -> now - then - OWN_STATEMENTS));
        }
    }

    private final BenchConnections database;

    DatabaseActivity(BenchConnections database) {
        this.database = database;
    }

    Counters counters() {
        return new Counters(database.transactions(), database.statements());
    }
}
