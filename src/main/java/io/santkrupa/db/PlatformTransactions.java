package io.santkrupa.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;

/**
 * Transactions of the platform role (the super admins' console and the platform commands): the
 * platform's own tables, the clinic registry (read-only), and the provisioning functions of
 * V034. It never sets a clinic context and has no privilege on any clinic's records.
 */
public final class PlatformTransactions {

    private final DSLContext pool;

    public PlatformTransactions(DataSource platformPool) {
        this.pool = DSL.using(platformPool, SQLDialect.POSTGRES, TenantTransactions.settings());
    }

    public <T> T run(TransactionWork<T> work) {
        return pool.transactionResult(configuration -> work.run(configuration.dsl()));
    }
}
