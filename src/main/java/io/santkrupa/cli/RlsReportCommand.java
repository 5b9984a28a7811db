package io.santkrupa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "rls-report", mixinStandardHelpOptions = true,
        description = {"Print the live row-level security posture of every table: RLS enabled, forced, "
                + "and each policy with its command, roles and expressions; then the RLS linter's findings.",
                "Read-only with DATABASE_URL; the embedded development database is migrated first.",
                "Exits 1 when the linter finds anything."})
public final class RlsReportCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        try (var db = database.open()) {
            // the embedded development database is brought up to date; a real server is only read
            if (db.embedded()) {
                DatabaseChecks.migrate(db.config(), System.out);
            } else {
                DatabaseChecks.requireSupportedServer(db.config());
            }
            return DatabaseChecks.report(db.config(), System.out, true) ? 0 : 1;
        }
    }
}
