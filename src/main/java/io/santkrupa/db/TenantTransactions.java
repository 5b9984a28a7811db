package io.santkrupa.db;

import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

import io.santkrupa.db.jooq.santkrupa.Routines;
import io.santkrupa.db.jooq.santkrupa.Tables;

import javax.sql.DataSource;
import java.util.Optional;

import static org.jooq.impl.DSL.inline;

/**
 * The only way application code reaches tenant data.
 *
 * <p>Each call takes a connection from the app pool, begins a transaction, and as its first
 * statement sets the clinic context with {@code SET LOCAL app.clinic_context = '...'}: a context
 * {@link TenantContext} issued and MAC'd for this clinic, which only that MAC makes
 * {@code current_clinic_id()} accept. Transaction-local, so it vanishes at COMMIT or ROLLBACK and
 * a pooled connection never carries one clinic's context into the next request. {@code SET LOCAL}
 * rather than {@code set_config(..., true)}: it is what Citus propagates to its worker nodes
 * (db/citus/). The body gets the transaction's {@link DSLContext}; a thrown exception rolls
 * everything back.
 */
public final class TenantTransactions {

    private final DSLContext pool;
    private final TenantContext contexts;

    public TenantTransactions(DataSource appPool, TenantContext contexts) {
        this.pool = DSL.using(appPool, SQLDialect.POSTGRES, settings());
        this.contexts = contexts;
    }

    /** With listeners on every statement, e.g. the tests' query counter (a page issues a fixed number of queries). */
    public TenantTransactions(DataSource appPool, TenantContext contexts, ExecuteListener... listeners) {
        this.pool = DSL.using(new DefaultConfiguration().set(appPool).set(SQLDialect.POSTGRES).set(settings())
                .set(listeners));
        this.contexts = contexts;
    }

    public <T> T inClinic(ClinicId clinic, TransactionWork<T> work) {
        java.util.List<DeferredCheck<?>> checks = takeDeferredChecks(clinic);
        return transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            enter(tx, clinic).execute();
            run(checks, tx);
            return work.run(tx);
        });
    }

    /**
     * Defers a check to this thread's next transaction in {@code clinic}: right after the clinic
     * context is set, before the transaction's own work, which starts only if it passes. The check
     * is a value to read ({@code probe}, e.g. a scalar sub-select of the clinic's status) and a
     * judgement of it ({@code judge}, which throws to refuse, rolling the transaction back). A
     * request's checks -- its clinic's status, an API token's account -- so share the work's
     * transaction instead of costing transactions of their own, and all of them are read by one
     * statement: {@code SELECT <probe>, <probe>, ...}, one round trip however many there are.
     * They are judged in the order deferred. The request ends with {@link #settleDeferredCheck},
     * which runs what no transaction ran.
     */
    public <T> void deferCheck(ClinicId clinic, Field<T> probe, java.util.function.Consumer<? super T> judge) {
        DeferredCheck<T> check = new DeferredCheck<>(probe, judge);
        Deferred pending = DEFERRED.get();
        if (pending == null) {
            DEFERRED.set(new Deferred(clinic, new java.util.ArrayList<>(java.util.List.of(check))));
        } else if (!pending.clinic().equals(clinic)) {
            throw new IllegalStateException("checks of two clinics deferred in one request");
        } else {
            pending.checks().add(check);
        }
    }

    /** At a request's start: nothing deferred by an earlier request of this thread is left over. */
    public void forgetDeferredCheck() {
        DEFERRED.remove();
    }

    /** Runs the deferred checks if this thread's request opened no transaction to run them in; forgets them either way. */
    public void settleDeferredCheck() {
        Deferred pending = DEFERRED.get();
        if (pending != null) {
            readInClinic(pending.clinic(), tx -> null); // runs them (and removes them) first
        }
    }

    /** What a deferred check reads, and how it judges what it read. */
    private record DeferredCheck<T>(Field<T> probe, java.util.function.Consumer<? super T> judge) {
        void judge(org.jooq.Record values, int index) {
            judge.accept(values.get(index, probe.getType()));
        }
    }

    private record Deferred(ClinicId clinic, java.util.List<DeferredCheck<?>> checks) {
    }

    // the request thread's pending checks; a request is handled on one thread (sign-ins, which may
    // wait on another, defer nothing)
    private static final ThreadLocal<Deferred> DEFERRED = new ThreadLocal<>();

    /**
     * This thread's deferred checks, for a transaction in {@code clinic}, taken before a
     * connection is: a transaction that never gets one (the pool exhausted, the database down)
     * leaves nothing for {@link #settleDeferredCheck} to wait for again; its request fails anyway.
     */
    private static java.util.List<DeferredCheck<?>> takeDeferredChecks(ClinicId clinic) {
        Deferred pending = DEFERRED.get();
        if (pending == null) {
            return java.util.List.of();
        }
        DEFERRED.remove();
        if (!pending.clinic().equals(clinic)) {
            // a request of one clinic working in another: never done, and never unchecked
            throw new IllegalStateException("a transaction in another clinic than its request's");
        }
        return pending.checks();
    }

    /** Every check's value read by one statement, then each judged in turn. */
    private static void run(java.util.List<DeferredCheck<?>> checks, DSLContext tx) {
        if (checks.isEmpty()) {
            return;
        }
        org.jooq.Record values = tx.select(checks.stream().map(DeferredCheck::probe).toList()).fetchSingle();
        for (int i = 0; i < checks.size(); i++) {
            checks.get(i).judge(values, i);
        }
    }

    /**
     * A transaction that reads (and writes only its audit row): it does not wait for the WAL
     * flush at commit ({@code synchronous_commit = off}, transaction-local). Reads are the bulk
     * of the traffic; a synchronous flush per audited read would be the slowest thing on the
     * request path. The audit row still commits atomically with the read; a crash of the server
     * within a fraction of a second may lose the newest audit rows of reads, never of writes.
     */
    public <T> T readInClinic(ClinicId clinic, TransactionWork<T> work) {
        java.util.List<DeferredCheck<?>> checks = takeDeferredChecks(clinic);
        return transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.batch(enter(tx, clinic), tx.setLocal(DSL.name("synchronous_commit"), inline("off"))).execute();
            run(checks, tx);
            return work.run(tx);
        });
    }

    /**
     * A read-only transaction on one snapshot ({@code REPEATABLE READ, READ ONLY}): whatever it
     * reads, however long it runs, is the clinic as it stood at its first query, and it can write
     * nothing. For reading a whole clinic at once (the clinic export), as the app role, through
     * the clinic's own policies like every other read.
     */
    public <T> T snapshotInClinic(ClinicId clinic, TransactionWork<T> work) {
        var checks = takeDeferredChecks(clinic);
        return transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            // before the first query, which takes the snapshot; SET LOCAL takes none
            tx.batch(tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"), enter(tx, clinic)).execute();
            run(checks, tx);
            return work.run(tx);
        });
    }

    /**
     * A write whose commit does not wait for the WAL flush ({@code synchronous_commit = off},
     * transaction-local), for writes that may be lost in a crash of the database without harm
     * because a flushed commit of the same request follows them: WAL is written in order, so the
     * next synchronous commit flushes this one too. The Idempotency-Key's claim, before the create
     * it guards: lost, the request had not been acknowledged and no create had committed. A flush
     * costs a check-in more than anything else on this machine's disk (2.6 ms, pg_test_fsync).
     */
    public <T> T inClinicFlushedByTheNext(ClinicId clinic, TransactionWork<T> work) {
        return readInClinic(clinic, work);
    }

    /**
     * At start: does the database accept the contexts this application issues? It does not if
     * the two clocks differ by more than current_clinic_id()'s window, or if the key was changed
     * underneath a running application; then every tenant query would see nothing, so better
     * not to start.
     */
    public void requireContextAccepted() {
        ClinicId probe = ClinicId.of(java.util.UUID.randomUUID());
        var seen = transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            enter(tx, probe).execute();
            return tx.select(DSL.function(DSL.name("santkrupa", "current_clinic_id"), java.util.UUID.class))
                    .fetchOne(0, java.util.UUID.class);
        });
        if (!probe.value().equals(seen)) {
            throw new IllegalStateException("the database does not accept this application's clinic context: "
                    + "are the clocks of the application and the database more than 30 seconds apart?");
        }
    }

    /**
     * One transaction on one connection, taken from the pool once: jOOQ's transaction over the
     * pool would ask the pool again to roll back a transaction that never got a connection, so a
     * request in an outage waited the pool's timeout three times before its 503. Begun and ended
     * here rather than by jOOQ's transaction provider, which reads the connection's isolation
     * level first -- with pgjdbc a {@code SHOW TRANSACTION ISOLATION LEVEL} round trip, and a
     * transaction of its own, before every one of ours (seen in the database's statement log: two
     * transactions per API read where the code has one). Inside, jOOQ may not begin another
     * (NoTransactionProvider): a nested one would commit ours half-way.
     */
    private <T> T transaction(org.jooq.TransactionalCallable<T> body) {
        return pool.connectionResult(connection -> {
            connection.setAutoCommit(false); // pgjdbc sends BEGIN with the first statement
            try {
                T result = body.run(pool.configuration()
                        .derive(new org.jooq.impl.DefaultConnectionProvider(connection))
                        .derive(new org.jooq.impl.NoTransactionProvider()));
                connection.commit();
                return result;
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                } catch (java.sql.SQLException rollbackFailed) {
                    failure.addSuppressed(rollbackFailed);
                }
                if (failure instanceof RuntimeException || failure instanceof Error) {
                    throw failure;
                }
                throw new org.jooq.exception.DataAccessException("Rollback caused", failure);
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (java.sql.SQLException broken) {
                    // a connection that broke is the pool's to evict; the failure that matters is above
                }
            }
        });
    }

    /** For the readiness check: can the app role reach the database? */
    public boolean databaseReachable() {
        try {
            return transaction(configuration -> configuration.dsl().selectOne().fetchOne(0, Integer.class)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Resolves a URL's slug before any clinic is set, through the one narrow SECURITY DEFINER
     * function: the clinic's id and subscription status, or empty for an unknown slug.
     */
    public Optional<ResolvedSlug> resolveSlug(String slug) {
        return transaction(configuration -> configuration.dsl()
                .selectFrom(Tables.RESOLVE_CLINIC(slug))
                .fetchOptional(row -> new ResolvedSlug(ClinicId.of(row.getClinicId()), row.getSubscriptionStatus())));
    }

    /**
     * The slug of a clinic id that came from a client (a session cookie), before any clinic is
     * set, through the narrow SECURITY DEFINER clinic_slug: empty for an id that is no clinic's.
     * Resolve the slug next ({@link #resolveSlug}), as for any URL.
     */
    public Optional<String> slugOf(ClinicId clinic) {
        return pool.transactionResult(configuration -> Optional.ofNullable(configuration.dsl()
                .select(Routines.clinicSlug(clinic.value())).fetchOne(0, String.class)));
    }

    /** What resolve_clinic(slug) answers. */
    public record ResolvedSlug(ClinicId clinic, String subscriptionStatus) {
    }

    /**
     * jOOQ's execute logging would write SQL with inlined bind values -- patient data -- to the
     * log at DEBUG; it stays off whatever the logging configuration says.
     */
    static Settings settings() {
        return new Settings().withExecuteLogging(false);
    }

    /** {@code SET LOCAL app.clinic_context = '<context>'}: a literal, of text {@link TenantContext} checked. */
    private Query enter(DSLContext tx, ClinicId clinic) {
        return setContext(tx, contexts.issue(clinic));
    }

    /** The one statement that names a clinic context; refuses any text that is not one. */
    static Query setContext(DSLContext tx, String context) {
        return tx.setLocal(DSL.name(TenantContext.SETTING.split("\\.")), inline(TenantContext.requireWellFormed(context)));
    }
}
