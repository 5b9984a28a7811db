package io.santkrupa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Starts the application. The database foundation is in place; the HTTP server (pages, API,
 * demo clinics) is the web tier's work and is not part of this build yet, so for now serve
 * brings the database up, migrates it, prints its RLS posture and stops.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start Santkrupa on the embedded PostgreSQL (or DATABASE_URL).")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        try (var db = database.open()) {
            System.out.println("Database: " + db.config().jdbcUrl()
                    + (db.embedded().isPresent() ? " (embedded, data in " + database.dataDir.toAbsolutePath() + ")" : ""));
            DatabaseChecks.migrate(db.config(), System.out);
            boolean clean = DatabaseChecks.report(db.config(), System.out, true);
            System.out.println("The HTTP server is not part of this build yet; the database is ready.");
            return clean ? 0 : 1;
        }
    }
}
