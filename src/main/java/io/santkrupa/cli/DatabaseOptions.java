package io.santkrupa.cli;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.EmbeddedDatabase;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which database a command uses: {@code DATABASE_URL} (and the role logins) when set, else the
 * embedded PostgreSQL with its data kept under {@code --data-dir} (./data by default).
 */
public final class DatabaseOptions {

    @Option(names = "--data-dir", defaultValue = "data",
            description = "Where the embedded PostgreSQL keeps its data (default: ${DEFAULT-VALUE}); ignored with DATABASE_URL.")
    Path dataDir;

    /** An open database: the configuration to reach it, and the embedded server to stop, if any. */
    public record OpenDatabase(DatabaseConfig config, Optional<EmbeddedDatabase> embedded) implements AutoCloseable {
        @Override
        public void close() {
            embedded.ifPresent(EmbeddedDatabase::close);
        }
    }

    public OpenDatabase open() {
        Optional<DatabaseConfig> external = DatabaseConfig.fromEnvironment(System.getenv());
        if (external.isPresent()) {
            return new OpenDatabase(external.get(), Optional.empty());
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"), false);
        return new OpenDatabase(embedded.config(), Optional.of(embedded));
    }
}
