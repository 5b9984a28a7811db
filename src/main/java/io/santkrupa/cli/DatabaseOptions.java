package io.santkrupa.cli;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.EmbeddedDatabase;
import io.santkrupa.db.RunningEmbeddedServer;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which database a command uses: {@code DATABASE_URL} (and the role logins) when set, else the
 * embedded PostgreSQL with its data kept under {@code --data-dir} (./data by default) -- the one
 * already running there (a {@code serve} in another terminal) when there is one, else a new one.
 */
public final class DatabaseOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data", order = 101,
            description = "Where the embedded PostgreSQL keeps its data (default: ${DEFAULT-VALUE}); ignored with DATABASE_URL.")
    Path dataDir;

    /** Where an open database runs. */
    public enum Where {
        /** DATABASE_URL: a real server, which commands other than migrate and serve only read or use. */
        SERVER,
        /** The embedded development database, started by this command (and stopped when it ends). */
        EMBEDDED_STARTED_HERE,
        /** The embedded development database another process (serve) is running on the same data. */
        EMBEDDED_ALREADY_RUNNING
    }

    /** An open database: the configuration to reach it, where it runs, and the embedded server to stop, if any. */
    public record OpenDatabase(DatabaseConfig config, Where where, Optional<EmbeddedDatabase> startedHere)
            implements AutoCloseable {

        public static OpenDatabase server(DatabaseConfig config) {
            return new OpenDatabase(config, Where.SERVER, Optional.empty());
        }

        /** The embedded development database (started here or found running): commands may migrate it. */
        public boolean embedded() {
            return where != Where.SERVER;
        }

        @Override
        public void close() {
            startedHere.ifPresent(EmbeddedDatabase::close);
        }
    }

    /** From the process's environment, each password also from its {@code _FILE} ({@link SecretFiles}). */
    public OpenDatabase open() {
        return open(SecretFiles.resolve(System.getenv()));
    }

    OpenDatabase open(Map<String, String> environment) {
        Optional<DatabaseConfig> external = DatabaseConfig.fromEnvironment(environment);
        if (external.isPresent()) {
            return OpenDatabase.server(external.get());
        }
        Path postgresData = dataDir.resolve("postgres");
        Optional<RunningEmbeddedServer> running = RunningEmbeddedServer.in(postgresData);
        if (running.isPresent()) {
            return new OpenDatabase(running.get().config(), Where.EMBEDDED_ALREADY_RUNNING, Optional.empty());
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(postgresData, false);
        return new OpenDatabase(embedded.config(), Where.EMBEDDED_STARTED_HERE, Optional.of(embedded));
    }
}
