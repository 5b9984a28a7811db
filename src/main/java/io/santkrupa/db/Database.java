package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The running application's database access: the app pool behind {@link TenantTransactions}
 * and the platform pool behind {@link PlatformTransactions}. Owns and closes both pools, so
 * nothing outside this package ever holds one.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource appPool;
    private final HikariDataSource platformPool;
    private final TenantTransactions tenants;
    private final PlatformTransactions platform;

    private Database(HikariDataSource appPool, HikariDataSource platformPool, TenantContext contexts,
                     StatementCount statements) {
        this.appPool = appPool;
        this.platformPool = platformPool;
        this.tenants = statements == null ? new TenantTransactions(appPool, contexts)
                : new TenantTransactions(appPool, contexts, statements);
        this.platform = new PlatformTransactions(platformPool);
    }

    /** Opens both pools, with the clinic context key read as the owner and checked as the app role. */
    public static Database open(DatabaseConfig config) {
        return open(config, null);
    }

    /**
     * ... with both pools reporting to {@code metrics} (hikaricp_connections_* by pool name), and
     * the tenant transactions' statements counted ({@link StatementCount}), when not null.
     */
    public static Database open(DatabaseConfig config, MeterRegistry metrics) {
        TenantContext contexts = TenantContext.load(config);
        StatementCount statements = metrics == null ? null : StatementCount.registeredIn(metrics);
        Database database = new Database(Pools.app(config, Pools.defaultSize(), metrics), Pools.platform(config, 2, metrics),
                contexts, statements);
        try {
            database.tenants.requireContextAccepted();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    public TenantTransactions tenants() {
        return tenants;
    }

    public PlatformTransactions platform() {
        return platform;
    }

    @Override
    public void close() {
        appPool.close();
        platformPool.close();
    }
}
