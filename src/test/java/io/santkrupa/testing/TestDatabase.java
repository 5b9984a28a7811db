package io.santkrupa.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.db.Credentials;
import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.Migrations;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.db.Pools;
import io.santkrupa.db.RoleBootstrap;
import io.santkrupa.db.TenantContext;
import io.santkrupa.db.TenantTransactions;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * One migrated PostgreSQL for the whole test run, whichever server it runs on. Tests isolate
 * their data by creating their own clinics ({@link ClinicFixture}), never by cleaning up.
 *
 * <p>Isolation tests connect as the app role ({@link #connectAsApp()}) or through the app pool
 * ({@link #tenants()}). {@link #connectAsSuperuser()} exists only for tests that must change the
 * schema itself (the policy mutation and linter tests), inside transactions they roll back.
 */
public final class TestDatabase implements AutoCloseable {

    /** A login role that is only a member of santkrupa_reporting: how a DBA reads across clinics. */
    public static final String DBA = "santkrupa_test_dba";

    private final String kind;
    private final String jdbcUrl;
    private final Credentials superuser;
    private final DatabaseConfig config;
    private final Credentials dba;
    private final AutoCloseable server;
    private final HikariDataSource appPool;
    private final HikariDataSource platformPool;
    private final TenantContext contexts;
    private final TenantTransactions tenants;
    private final PlatformTransactions platform;

    TestDatabase(String kind, String jdbcUrl, Credentials superuser, AutoCloseable server) throws SQLException {
        this(kind, jdbcUrl, superuser, server, new DatabaseConfig(jdbcUrl,
                new Credentials(io.santkrupa.db.DatabaseRoles.OWNER, randomPassword()),
                new Credentials(io.santkrupa.db.DatabaseRoles.APP, randomPassword()),
                new Credentials(io.santkrupa.db.DatabaseRoles.PLATFORM, randomPassword())),
                new Credentials(DBA, randomPassword()));
    }

    private TestDatabase(String kind, String jdbcUrl, Credentials superuser, AutoCloseable server, DatabaseConfig config,
                         Credentials dba) throws SQLException {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.superuser = superuser;
        this.server = server;
        this.config = config;
        this.dba = dba;
        bootstrapRoles();
        Migrations.migrate(config);
        this.appPool = Pools.app(config, 4);
        this.platformPool = Pools.platform(config, 2);
        this.contexts = TenantContext.load(config);
        this.tenants = new TenantTransactions(appPool, contexts);
        this.platform = new PlatformTransactions(platformPool);
    }

    /** The same bootstrap as production (db/bootstrap/roles.sql), with fresh passwords, plus a DBA login. */
    private void bootstrapRoles() throws SQLException {
        try (Connection admin = connectAsSuperuser()) {
            admin.setAutoCommit(false);
            Map<String, String> passwords = Map.of(
                    "santkrupa.owner_password", config.owner().password(),
                    "santkrupa.app_password", config.app().password(),
                    "santkrupa.platform_password", config.platform().password(),
                    "santkrupa.test_dba_password", dba.password());
            try (PreparedStatement set = admin.prepareStatement("SELECT set_config(?, ?, true)")) {
                for (var entry : passwords.entrySet()) {
                    set.setString(1, entry.getKey());
                    set.setString(2, entry.getValue());
                    set.execute();
                }
            }
            RoleBootstrap.apply(admin);
            try (Statement statement = admin.createStatement()) {
                statement.execute("""
                        DO $$
                        BEGIN
                          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_test_dba') THEN
                            CREATE ROLE santkrupa_test_dba LOGIN;
                          END IF;
                          EXECUTE format('ALTER ROLE santkrupa_test_dba PASSWORD %L',
                                         current_setting('santkrupa.test_dba_password'));
                          GRANT santkrupa_reporting TO santkrupa_test_dba;
                        END
                        $$""");
            }
            admin.commit();
        }
    }

    /**
     * Another database on the same server, bootstrapped and migrated like this one: the roles are
     * the server's, so it keeps their passwords (new ones would lock this database's pools out). For
     * tests that move a clinic between databases. Closing it drops it.
     */
    public TestDatabase newDatabase() throws SQLException {
        String name = "santkrupa_" + randomPassword().substring(0, 12);
        try (Connection admin = connectAsSuperuser(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        }
        String url = jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]+", "$1" + name);
        TestDatabase parent = this;
        AutoCloseable drop = () -> {
            try (Connection admin = parent.connectAsSuperuser(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        };
        return new TestDatabase(kind + " (second database)", url, superuser, drop,
                new DatabaseConfig(url, config.owner(), config.app(), config.platform()), dba);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** embedded, testcontainers or external: where this run's database lives. */
    public String kind() {
        return kind;
    }

    /** The clinic contexts this database accepts (its key, read as the owner). */
    public TenantContext contexts() {
        return contexts;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** The application's tenant transactions, over an app-role pool. */
    public TenantTransactions tenants() {
        return tenants;
    }

    public PlatformTransactions platform() {
        return platform;
    }

    /** A new pool of the app role, for tests of pooled-connection behaviour. The caller closes it. */
    public HikariDataSource newAppPool(int size) {
        return Pools.app(config, size);
    }

    /** A new, unpooled connection as the app role. */
    public Connection connectAsApp() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, config.app().user(), config.app().password());
    }

    public Connection connectAsPlatform() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, config.platform().user(), config.platform().password());
    }

    public Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, config.owner().user(), config.owner().password());
    }

    /** The DBA's login ({@link #DBA}, a member of the reporting role only), for the report command. */
    public Credentials dba() {
        return dba;
    }

    /** A DBA: a login whose only privilege is membership of the reporting role. */
    public Connection connectAsReporting() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, dba.user(), dba.password());
    }

    /** The server's superuser login (the bench's pgbench and RLS-bypassing role); the URL is {@link #config()}'s. */
    public Credentials superuser() {
        return superuser;
    }

    /** Only for tests that alter the schema (policy mutations, linter self-tests), always rolled back. */
    public Connection connectAsSuperuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, superuser.user(), superuser.password());
    }

    @Override
    public void close() {
        appPool.close();
        platformPool.close();
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test database", e);
        }
    }
}
