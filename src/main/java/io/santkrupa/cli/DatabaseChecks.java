package io.santkrupa.cli;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.Migrations;
import io.santkrupa.db.RlsLinter;
import io.santkrupa.db.RlsReport;
import io.santkrupa.db.ServerVersion;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What every command does first: refuse an unsafe server, apply migrations, check the RLS posture. */
final class DatabaseChecks {

    private DatabaseChecks() {
    }

    static void requireSupportedServer(DatabaseConfig config) throws SQLException {
        try (Connection owner = config.connectAsOwner()) {
            ServerVersion.requireSupported(owner);
        }
    }

    static void migrate(DatabaseConfig config, PrintStream out) throws SQLException {
        requireSupportedServer(config);
        var result = Migrations.migrate(config);
        out.printf("Schema at version %s (%d migration(s) applied now)%n",
                Migrations.currentVersion(config), result.migrationsExecuted);
    }

    /**
     * Before a platform command: the embedded development database is brought up to date (how
     * many migrations that applied); a real server is never migrated here, only refused when behind.
     */
    static int requireCurrentSchema(DatabaseOptions.OpenDatabase db) throws SQLException {
        requireSupportedServer(db.config());
        if (db.embedded()) {
            return Migrations.migrate(db.config()).migrationsExecuted;
        }
        List<String> pending = Migrations.pending(db.config());
        if (!pending.isEmpty()) {
            throw CommandFailure.failed("The database is missing " + pending.size() + " migration(s) (V" + pending.getFirst()
                    + (pending.size() > 1 ? " to V" + pending.getLast() : "") + "): run migrate first.");
        }
        return 0;
    }

    /** Prints the posture and the linter's findings; true when there are none. */
    static boolean report(DatabaseConfig config, PrintStream out, boolean full) throws SQLException {
        try (Connection owner = config.connectAsOwner()) {
            List<RlsReport.TablePosture> tables = RlsReport.read(owner);
            if (full) {
                RlsReport.print(tables, out);
                RlsReport.printViews(RlsReport.readViews(owner), out);
            } else {
                long policies = tables.stream().mapToLong(t -> t.policies().size()).sum();
                out.printf("Row-level security: %d tables, %d policies%n", tables.size(), policies);
            }
            List<String> findings = RlsLinter.findings(owner);
            if (findings.isEmpty()) {
                out.println("RLS linter: no findings");
                return true;
            }
            out.println("RLS linter: " + findings.size() + " finding(s):");
            findings.forEach(finding -> out.println("  - " + finding));
            return false;
        }
    }
}
