package io.santkrupa.testing;

import io.santkrupa.db.Credentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * An embedded PostgreSQL of a test's own, which the test may stop and start again on the same
 * port and data (the fault tests): the shared test database must never go down under other tests.
 */
public final class RestartableDatabase implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    private TestDatabase database;

    private RestartableDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new server with the roles bootstrapped and the schema migrated, as the shared one. */
    public static RestartableDatabase start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RestartableDatabase restartable = new RestartableDatabase(Files.createTempDirectory("santkrupa-fault-db"), port);
        restartable.startServer();
        try (Connection postgresDb = restartable.postgres.getPostgresDatabase().getConnection();
             Statement statement = postgresDb.createStatement()) {
            statement.execute("CREATE DATABASE santkrupa ENCODING 'UTF8'");
        }
        restartable.database = new TestDatabase("embedded (restartable)",
                "jdbc:postgresql://127.0.0.1:" + port + "/santkrupa", new Credentials("postgres", ""), restartable::stopQuietly);
        return restartable;
    }

    public TestDatabase database() {
        return database;
    }

    /** Stops the server (a fast shutdown: connections are dropped, as in a crash of the network or a restart). */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again on the same port, with its data. */
    public void startServer() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Terminates every backend of the app role, as an administrator's pg_terminate_backend would. */
    public int terminateAppConnections() throws Exception {
        try (Connection superuser = postgres.getDatabase("postgres", "santkrupa").getConnection();
             Statement statement = superuser.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FILTER (WHERE pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity"
                             + " WHERE usename = 'santkrupa_app'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void stopQuietly() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
    }

    @Override
    public void close() throws Exception {
        database.close();
        stopQuietly();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
