package io.santkrupa.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The zero-configuration PostgreSQL: the io.zonky binaries, started in-process, listening on
 * 127.0.0.1 only, with local trust authentication. It gets the same bootstrap as any other
 * server (the four roles, a database owned by nobody but the superuser, with CREATE for the
 * owner role) so the application runs exactly as it does in production.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "santkrupa";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (or restarts, keeping its data) a server in {@code dataDirectory}.
     *
     * @param cleanOnClose delete the data when closed (tests); keep it (serve)
     */
    public static EmbeddedDatabase start(Path dataDirectory, boolean cleanOnClose) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(cleanOnClose)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres);
            database.bootstrap();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not bootstrap the embedded PostgreSQL", e);
        }
    }

    private void bootstrap() throws SQLException {
        try (Connection postgresDb = postgres.getPostgresDatabase().getConnection()) {
            if (!databaseExists(postgresDb)) {
                try (Statement statement = postgresDb.createStatement()) {
                    statement.execute("CREATE DATABASE santkrupa ENCODING 'UTF8'");
                }
            }
        }
        try (Connection santkrupa = superuserConnection()) {
            RoleBootstrap.apply(santkrupa);
            createDbaLogin(santkrupa);
        }
    }

    /**
     * The development database's DBA for the report command: a login that is only a member of the
     * reporting role (db/README.md shows a DBA how to make one on a real server). Trust
     * authentication, like every role here.
     */
    private static void createDbaLogin(Connection superuser) throws SQLException {
        try (Statement statement = superuser.createStatement()) {
            // a fixed statement of the application; the name is ReportingLogin.EMBEDDED_DBA
            statement.execute("""
                    DO $dba$
                    BEGIN
                      IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'santkrupa_dba') THEN
                        CREATE ROLE santkrupa_dba LOGIN;
                      END IF;
                      GRANT santkrupa_reporting TO santkrupa_dba;
                    END
                    $dba$""");
        }
    }

    private static boolean databaseExists(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The roles' logins; trust authentication, so no passwords. */
    public DatabaseConfig config() {
        return DatabaseConfig.withRoleNames(jdbcUrl());
    }

    /** The cluster's superuser, for bootstrapping and for tests that must alter the schema. */
    public Connection superuserConnection() throws SQLException {
        return postgres.getDatabase("postgres", DATABASE).getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
