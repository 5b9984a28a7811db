package io.santkrupa.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Connection pools, one per role. Only this package hands out the app pool, and only to
 * {@link TenantTransactions}: nothing else may take a raw connection of the app role.
 *
 * <p>Every connection starts with the session's limits sent in its startup packet
 * ({@link SessionLimits}): a client's options take precedence over a role's defaults, so an
 * {@code ALTER ROLE santkrupa_app SET statement_timeout = 0} (which PostgreSQL lets a role do to
 * itself) cannot take them away; the RLS linter reports such a setting and serve refuses to start.
 */
public final class Pools {

    private Pools() {
    }

    /** The size the blueprint asks for: cores x 2 plus a few. */
    /**
     * How long a request waits for a connection before it is answered 503 (DatabaseUnavailable):
     * a database that is down, restarting or saturated is reported in seconds, not after the
     * pool's default thirty.
     */
    public static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(3);

    public static int defaultSize() {
        return Runtime.getRuntime().availableProcessors() * 2 + 2;
    }

    public static HikariDataSource app(DatabaseConfig config, int size) {
        return app(config, size, SessionLimits.DEFAULT);
    }

    public static HikariDataSource app(DatabaseConfig config, int size, SessionLimits limits) {
        return pool("santkrupa-app", config.jdbcUrl(), config.app(), size, limits, null);
    }

    /** With the pool's connections and waits reported to {@code metrics} (hikaricp_*, pool="santkrupa-app"). */
    public static HikariDataSource app(DatabaseConfig config, int size, MeterRegistry metrics) {
        return pool("santkrupa-app", config.jdbcUrl(), config.app(), size, SessionLimits.DEFAULT, metrics);
    }

    public static HikariDataSource platform(DatabaseConfig config, int size) {
        return platform(config, size, null);
    }

    static HikariDataSource platform(DatabaseConfig config, int size, MeterRegistry metrics) {
        return pool("santkrupa-platform", config.jdbcUrl(), config.platform(), size, SessionLimits.DEFAULT, metrics);
    }

    static HikariDataSource pool(String name, String jdbcUrl, Credentials login, int size, SessionLimits limits) {
        return pool(name, jdbcUrl, login, size, limits, null);
    }

    /** @param metrics where the pool reports its connections and waits (hikaricp_*), or null */
    static HikariDataSource pool(String name, String jdbcUrl, Credentials login, int size, SessionLimits limits,
                                 MeterRegistry metrics) {
        HikariConfig hikari = new HikariConfig();
        if (metrics != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        hikari.setPoolName(name);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(login.user());
        hikari.setPassword(login.password());
        hikari.setMaximumPoolSize(size);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setValidationTimeout(Math.min(1_000, CONNECTION_TIMEOUT.toMillis() / 2));
        hikari.setMinimumIdle(Math.min(2, size));
        hikari.setAutoCommit(true);
        hikari.addDataSourceProperty("ApplicationName", name);
        hikari.addDataSourceProperty("options", limits.startupOptions());
        return new HikariDataSource(hikari);
    }
}
