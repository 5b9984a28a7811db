package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The benchmark's database connections, for its SQL-level comparison of RLS against no RLS:
 * the app role through {@link TenantTransactions} exactly as the application opens a tenant
 * transaction (its context key read as the owner, as {@link Database#open} does), and
 * {@value #BYPASS_ROLE}, a role with {@code BYPASSRLS} that reads the same tables with the same
 * SQL -- whose explicit {@code clinic_id = ?} is then the only clinic filter.
 *
 * <p>The bypass role exists only while the bench runs: a superuser creates it with a random
 * password, {@code SELECT} on the tables the compared queries read (of {@code app_user} only
 * the columns they name, never a password hash), and drops it at {@link #close}. The superuser
 * login also reads the database's transaction counters.
 */
public final class BenchConnections implements AutoCloseable {

    public static final String BYPASS_ROLE = "santkrupa_bench_bypass";

    /** The compared queries' tables; app_user by column. */
    private static final String GRANTS = """
            GRANT USAGE ON SCHEMA santkrupa TO santkrupa_bench_bypass;
            GRANT SELECT ON santkrupa.patient, santkrupa.patient_visit, santkrupa.doctor, santkrupa.doctor_note,
                            santkrupa.clinic TO santkrupa_bench_bypass;
            GRANT SELECT (clinic_id, id, full_name) ON santkrupa.app_user TO santkrupa_bench_bypass""";

    private final DatabaseConfig config;
    private final Credentials superuser;
    private final HikariDataSource appPool;
    private final HikariDataSource bypassPool;
    private final TenantTransactions tenants;
    private final DSLContext bypass;
    private final Connection counters;

    private BenchConnections(DatabaseConfig config, Credentials superuser, HikariDataSource appPool,
                             HikariDataSource bypassPool, Connection counters, ExecuteListener... listeners) {
        this.config = config;
        this.superuser = superuser;
        this.appPool = appPool;
        this.bypassPool = bypassPool;
        this.counters = counters;
        this.tenants = new TenantTransactions(appPool, TenantContext.load(config), listeners);
        this.bypass = DSL.using(bypassPool, SQLDialect.POSTGRES, TenantTransactions.settings());
    }

    /**
     * Creates the bypass role (as {@code superuser}, on the application's database) and opens both
     * pools; {@code listeners} see the tenant transactions' statements (the bench captures them to EXPLAIN).
     */
    public static BenchConnections open(DatabaseConfig config, Credentials superuser, ExecuteListener... listeners) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Credentials bypassLogin = new Credentials(BYPASS_ROLE, HexFormat.of().formatHex(random));
        Connection admin = null;
        HikariDataSource app = null;
        HikariDataSource bypass = null;
        try {
            admin = DriverManager.getConnection(config.jdbcUrl(), superuser.user(), superuser.password());
            admin.setAutoCommit(true);
            try (Statement s = admin.createStatement()) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '"
                        + BYPASS_ROLE + "') THEN CREATE ROLE " + BYPASS_ROLE + " LOGIN BYPASSRLS; END IF; END $$");
                s.execute("ALTER ROLE " + BYPASS_ROLE + " PASSWORD '" + bypassLogin.password() + "'");
                s.execute("GRANT CONNECT ON DATABASE " + quoted(admin.getCatalog()) + " TO " + BYPASS_ROLE);
                for (String grant : GRANTS.split(";")) {
                    s.execute(grant);
                }
            }
            app = Pools.app(config, 2);
            bypass = Pools.pool("santkrupa-bench-bypass", config.jdbcUrl(), bypassLogin, 2, SessionLimits.DEFAULT);
            return new BenchConnections(config, superuser, app, bypass, admin, listeners);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(app, bypass, admin);
            if (admin != null) {
                dropBypassRole(config, superuser);
            }
            throw new IllegalStateException("cannot open the bench's connections: " + e.getMessage(), e);
        }
    }

    /** Tenant transactions of the app role, under RLS, as the application opens them. */
    public TenantTransactions tenants() {
        return tenants;
    }

    /** A read-only transaction as the bypass role: no RLS, only the SQL's own predicates. */
    public <T> T bypassing(TransactionWork<T> work) {
        return bypass.connectionResult(connection -> DSL.using(connection, SQLDialect.POSTGRES, TenantTransactions.settings())
                .transactionResult(configuration -> work.run(configuration.dsl())));
    }

    /** The application database's committed and rolled-back transactions, from pg_stat_database. */
    public long transactions() {
        return single("SELECT xact_commit + xact_rollback FROM pg_catalog.pg_stat_database WHERE datname = current_database()");
    }

    /**
     * Statements executed in the application database, from pg_stat_statements, when the server
     * loads it (shared_preload_libraries); the extension is created the first time.
     */
    public Optional<Long> statements() {
        if (statementsCounted == null) {
            statementsCounted = countStatements();
        }
        if (!statementsCounted) {
            return Optional.empty();
        }
        return Optional.of(single("""
                SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"""));
    }

    private Boolean statementsCounted;

    private boolean countStatements() {
        try {
            if (!single("SHOW shared_preload_libraries", rs -> rs.getString(1)).contains("pg_stat_statements")) {
                return false;
            }
            try (Statement s = counters.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The server's version, as it reports it. */
    public String serverVersion() {
        try {
            return single("SHOW server_version", rs -> rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(appPool, bypassPool, counters);
        dropBypassRole(config, superuser);
    }

    private long single(String sql) {
        try {
            return single(sql, rs -> rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private <T> T single(String sql, Catalog.RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement statement = counters.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return mapper.map(rs);
        }
    }

    private static void dropBypassRole(DatabaseConfig config, Credentials superuser) {
        try (Connection admin = DriverManager.getConnection(config.jdbcUrl(), superuser.user(), superuser.password());
             Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + BYPASS_ROLE
                    + "') THEN REVOKE ALL ON SCHEMA santkrupa FROM " + BYPASS_ROLE + "; REVOKE ALL ON ALL TABLES IN SCHEMA"
                    + " santkrupa FROM " + BYPASS_ROLE + "; EXECUTE format('REVOKE ALL ON DATABASE %I FROM "
                    + BYPASS_ROLE + "', current_database()); DROP ROLE " + BYPASS_ROLE + "; END IF; END $$");
        } catch (SQLException e) {
            System.err.println("Could not drop the role " + BYPASS_ROLE + ": " + e.getMessage());
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // closing after a failure or at the end: nothing more to do
                }
            }
        }
    }
}
