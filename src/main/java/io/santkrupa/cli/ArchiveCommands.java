package io.santkrupa.cli;

import io.santkrupa.clinicarchive.ArchiveRefused;
import io.santkrupa.db.BulkLoadLogin;
import io.santkrupa.seed.PlatformSeed;

import java.util.Map;

/** What export-clinic, import-clinic and offboard-clinic share: the privileged login, and refusals as exit codes. */
final class ArchiveCommands {

    static final String LOGIN_HELP = "DATABASE_URL selects the database; the command then needs a role row-level security"
            + " does not apply to, named in MAINTENANCE_DATABASE_USER / MAINTENANCE_DATABASE_PASSWORD (the embedded"
            + " database uses its superuser).";

    private ArchiveCommands() {
    }

    /** The superuser or BYPASSRLS login of import and offboarding: the embedded superuser, or one a DBA names. */
    static PlatformSeed.BulkConnections maintenanceLogin(DatabaseOptions.OpenDatabase db, Map<String, String> env) {
        if (db.embedded()) {
            return BulkLoadLogin.embeddedSuperuser(db.config().jdbcUrl())::connect;
        }
        return BulkLoadLogin.fromEnvironment(db.config().jdbcUrl(), env, "MAINTENANCE").orElseThrow(() -> CommandFailure.invalid(
                null, "With DATABASE_URL, set MAINTENANCE_DATABASE_USER (and MAINTENANCE_DATABASE_PASSWORD) to a superuser"
                        + " or BYPASSRLS role: no application role may write a clinic's registry row and every table in"
                        + " one transaction."))::connect;
    }

    static CommandFailure failure(ArchiveRefused refused) {
        return switch (refused.reason()) {
            case INVALID -> CommandFailure.invalid(null, refused.getMessage());
            case NOT_FOUND -> CommandFailure.notFound(refused.getMessage());
            case CONFLICT -> CommandFailure.conflict(null, refused.getMessage());
        };
    }
}
