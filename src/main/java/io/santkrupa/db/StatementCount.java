package io.santkrupa.db;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

import java.util.concurrent.atomic.LongAdder;

/**
 * The statements the application's tenant transactions have sent, each one round trip (a batch,
 * such as a transaction's opening SET LOCALs, is sent as one): published as
 * {@code santkrupa_db_statements_total} on /metrics, so the bench can put the database round
 * trips per request beside the transactions PostgreSQL counts (round trips = statements + one
 * commit or rollback per transaction). A {@link LongAdder}: one increment per statement on the
 * request path, no contention between the request threads.
 */
public final class StatementCount implements ExecuteListener {

    private final LongAdder statements = new LongAdder();

    /** A count published in {@code metrics} as {@code santkrupa_db_statements_total}. */
    public static StatementCount registeredIn(io.micrometer.core.instrument.MeterRegistry metrics) {
        StatementCount count = new StatementCount();
        io.micrometer.core.instrument.FunctionCounter.builder("santkrupa.db.statements", count, StatementCount::total)
                .description("Statements the tenant transactions sent to the database (each one round trip)")
                .register(metrics);
        return count;
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
        statements.increment();
    }

    /** Statements sent since the application started. */
    public double total() {
        return statements.sum();
    }
}
