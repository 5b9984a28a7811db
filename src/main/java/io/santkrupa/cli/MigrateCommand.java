package io.santkrupa.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the database migrations (db/migration) as the owner role, then check the RLS posture.")
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        try (var db = database.open()) {
            DatabaseChecks.migrate(db.config(), System.out);
            return DatabaseChecks.report(db.config(), System.out, false) ? 0 : 1;
        }
    }
}
