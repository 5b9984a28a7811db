package io.santkrupa.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connection pools, one per role. Only this package hands out the app pool, and only to
 * {@link TenantTransactions}: nothing else may take a raw connection of the app role.
 */
public final class Pools {

    private Pools() {
    }

    /** The size the blueprint asks for: cores x 2 plus a few. */
    public static int defaultSize() {
        return Runtime.getRuntime().availableProcessors() * 2 + 2;
    }

    public static HikariDataSource app(DatabaseConfig config, int size) {
        return pool("santkrupa-app", config.jdbcUrl(), config.app(), size);
    }

    public static HikariDataSource platform(DatabaseConfig config, int size) {
        return pool("santkrupa-platform", config.jdbcUrl(), config.platform(), size);
    }

    static HikariDataSource pool(String name, String jdbcUrl, Credentials login, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(login.user());
        hikari.setPassword(login.password());
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(2, size));
        hikari.setAutoCommit(true);
        hikari.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(hikari);
    }
}
