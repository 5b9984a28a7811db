package io.santkrupa.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;

/**
 * Transactions of the platform role (the super admins' console): the clinic registry, the
 * platform administrators, and provisioning a new clinic's first administrator -- which
 * happens in that clinic's context, where the platform role's only policy is "insert a
 * clinic_admin". The platform role has no privilege on patient data.
 */
public final class PlatformTransactions {

    private final DSLContext pool;

    public PlatformTransactions(DataSource platformPool) {
        this.pool = DSL.using(platformPool, SQLDialect.POSTGRES, TenantTransactions.settings());
    }

    public <T> T run(TransactionWork<T> work) {
        return pool.transactionResult(configuration -> work.run(configuration.dsl()));
    }

    public <T> T inClinic(ClinicId clinic, TransactionWork<T> work) {
        return pool.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(TenantTransactions.setLocal(TenantTransactions.CLINIC_SETTING, clinic.toString())).fetch();
            return work.run(tx);
        });
    }
}
