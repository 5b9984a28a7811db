package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The platform role's pool and nothing else: what the platform commands need. The app pool is
 * never opened, so a platform command cannot reach a clinic's records even by mistake.
 */
public final class PlatformDatabase implements AutoCloseable {

    private final HikariDataSource pool;
    private final PlatformTransactions transactions;

    private PlatformDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.transactions = new PlatformTransactions(pool);
    }

    /** Connects at once, so an unreachable server or a refused login shows here. */
    public static PlatformDatabase open(DatabaseConfig config) {
        return new PlatformDatabase(Pools.platform(config, 1));
    }

    public PlatformTransactions transactions() {
        return transactions;
    }

    @Override
    public void close() {
        pool.close();
    }
}
