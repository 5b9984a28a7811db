package io.santkrupa.db;

import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

import io.santkrupa.db.jooq.santkrupa.Routines;
import io.santkrupa.db.jooq.santkrupa.Tables;

import javax.sql.DataSource;
import java.util.Optional;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

/**
 * The only way application code reaches tenant data.
 *
 * <p>Each call takes a connection from the app pool, begins a transaction, and as its first
 * statement binds the clinic with {@code set_config('app.clinic_id', ?, true)}: a bind value,
 * transaction-local, so it vanishes at COMMIT or ROLLBACK and a pooled connection never
 * carries one clinic's context into the next request. The body gets the transaction's
 * {@link DSLContext}; a thrown exception rolls everything back.
 */
public final class TenantTransactions {

    static final String CLINIC_SETTING = "app.clinic_id";

    private final DSLContext pool;

    public TenantTransactions(DataSource appPool) {
        this.pool = DSL.using(appPool, SQLDialect.POSTGRES, settings());
    }

    /** With listeners on every statement, e.g. the tests' query counter (a page issues a fixed number of queries). */
    public TenantTransactions(DataSource appPool, ExecuteListener... listeners) {
        this.pool = DSL.using(new DefaultConfiguration().set(appPool).set(SQLDialect.POSTGRES).set(settings())
                .set(listeners));
    }

    public <T> T inClinic(ClinicId clinic, TransactionWork<T> work) {
        return pool.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(setLocal(CLINIC_SETTING, clinic.toString())).fetch();
            return work.run(tx);
        });
    }

    /**
     * A transaction that reads (and writes only its audit row): it does not wait for the WAL
     * flush at commit ({@code synchronous_commit = off}, transaction-local). Reads are the bulk
     * of the traffic; a synchronous flush per audited read would be the slowest thing on the
     * request path. The audit row still commits atomically with the read; a crash of the server
     * within a fraction of a second may lose the newest audit rows of reads, never of writes.
     */
    public <T> T readInClinic(ClinicId clinic, TransactionWork<T> work) {
        return pool.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(setLocal(CLINIC_SETTING, clinic.toString()), setLocal("synchronous_commit", "off")).fetch();
            return work.run(tx);
        });
    }

    /** For the readiness check: can the app role reach the database? */
    public boolean databaseReachable() {
        try {
            return pool.transactionResult(configuration -> configuration.dsl().selectOne().fetchOne(0, Integer.class)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Resolves a URL's slug before any clinic is set, through the one narrow SECURITY DEFINER
     * function: the clinic's id and subscription status, or empty for an unknown slug.
     */
    public Optional<ResolvedSlug> resolveSlug(String slug) {
        return pool.transactionResult(configuration -> configuration.dsl()
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

    /** {@code set_config(name, value, true)}: the transaction-local form of SET LOCAL, with bind values. */
    static Field<String> setLocal(String name, String value) {
        return DSL.function(DSL.name("pg_catalog", "set_config"), String.class, val(name), val(value), inline(true));
    }
}
