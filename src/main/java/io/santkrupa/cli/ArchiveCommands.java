package io.santkrupa.cli;

import io.santkrupa.clinicarchive.ArchiveRefused;
import io.santkrupa.db.BulkLoadLogin;
import io.santkrupa.db.Migrations;
import io.santkrupa.seed.PlatformSeed;
import io.santkrupa.seed.SeedProgress;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;

/** What export-clinic, import-clinic and offboard-clinic share: the privileged login, and refusals as exit codes. */
final class ArchiveCommands {

    static final String LOGIN_HELP = "DATABASE_URL selects the database; the command then needs a role row-level security"
            + " does not apply to, named in MAINTENANCE_DATABASE_USER / MAINTENANCE_DATABASE_PASSWORD (the embedded"
            + " database uses its superuser).";

    private ArchiveCommands() {
    }

    /** The superuser or BYPASSRLS login of import and offboarding: the embedded superuser, or one a DBA names. */
    static PlatformSeed.BulkConnections maintenanceLogin(DatabaseOptions.OpenDatabase db, Map<String, String> env) {
        return configuredMaintenanceLogin(db, env).orElseThrow(() -> CommandFailure.invalid(
                null, "With DATABASE_URL, set MAINTENANCE_DATABASE_USER (and MAINTENANCE_DATABASE_PASSWORD) to a superuser"
                        + " or BYPASSRLS role: no application role may write a clinic's registry row and every table in"
                        + " one transaction."))::connect;
    }

    /** ... or none, when DATABASE_URL is given without MAINTENANCE_DATABASE_USER (serve then leaves offboarding to the CLI). */
    static Optional<BulkLoadLogin> configuredMaintenanceLogin(DatabaseOptions.OpenDatabase db, Map<String, String> env) {
        if (db.embedded()) {
            return Optional.of(BulkLoadLogin.embeddedSuperuser(db.config().jdbcUrl()));
        }
        return BulkLoadLogin.fromEnvironment(db.config().jdbcUrl(), env, "MAINTENANCE");
    }

    /** The work of import or offboarding: what to print when done. */
    @FunctionalInterface
    interface MaintenanceWork {
        String run(Connection connection, String schemaVersion, SeedProgress progress) throws Exception;
    }

    /**
     * Runs {@code work} on the maintenance login against the database the options name (its schema
     * current, the embedded one migrated), with the progress bar on standard error; the exit code.
     */
    static int withMaintenanceLogin(CommandContext context, DatabaseOptions options,
                                    Optional<PlatformSeed.BulkConnections> loginOverride, PrintWriter out, PrintWriter err,
                                    MaintenanceWork work) {
        try (var db = context.database().open(options)) {
            DatabaseChecks.requireCurrentSchema(db);
            String version = Migrations.currentVersion(db.config());
            PlatformSeed.BulkConnections login = loginOverride.orElseGet(() -> maintenanceLogin(db, secrets(System.getenv())));
            try (Connection connection = login.open();
                 SeedProgress progress = new SeedProgress(err, SeedCommand.onTerminal())) {
                String done = work.run(connection, version, progress);
                progress.close();
                out.println(done);
                out.flush();
                return ExitCode.DONE;
            }
        } catch (Exception e) {
            return fail(err, e);
        }
    }

    /** The environment with its {@code <NAME>_FILE} secrets read (MAINTENANCE_DATABASE_PASSWORD_FILE). */
    static Map<String, String> secrets(Map<String, String> environment) {
        try {
            return SecretFiles.resolve(environment);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.invalid(null, e.getMessage());
        }
    }

    /** A refusal or failure on standard error, after the progress bar's line; its exit code. */
    static int fail(PrintWriter err, Exception error) {
        CommandFailure failure = switch (error) {
            case ArchiveRefused refused -> failure(refused);
            case CommandFailure command -> command;
            default -> CommandFailure.unexpected(error);
        };
        err.println();
        err.println(failure.getMessage());
        err.flush();
        return failure.exitCode();
    }

    static CommandFailure failure(ArchiveRefused refused) {
        return switch (refused.reason()) {
            case INVALID -> CommandFailure.invalid(null, refused.getMessage());
            case NOT_FOUND -> CommandFailure.notFound(refused.getMessage());
            case CONFLICT -> CommandFailure.conflict(null, refused.getMessage());
        };
    }
}
