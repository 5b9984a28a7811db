package io.santkrupa.clinicarchive;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.platform.ClinicArchives;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.SeedProgress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform console's clinic archives: the export of {@link ClinicExport} streamed to the
 * browser, and {@link ClinicOffboarding} on the maintenance login -- the same classes and the same
 * checks as export-clinic and offboard-clinic. Without a maintenance login (a server on
 * DATABASE_URL with no MAINTENANCE_DATABASE_USER) offboarding is left to the command line.
 */
public final class ConsoleArchives implements ClinicArchives {

    /** A connection RLS does not apply to (a superuser or a BYPASSRLS role), opened for one offboarding. */
    @FunctionalInterface
    public interface MaintenanceLogin {
        Connection open() throws SQLException;
    }

    static final String NO_LOGIN = "This server has no maintenance login (MAINTENANCE_DATABASE_USER): deleting a"
            + " clinic's every row, its audit trail and its registry entry in one transaction needs a role row-level"
            + " security does not apply to, which the application's own roles are not. Offboard it with the command"
            + " line (offboard-clinic), with the export downloaded here.";

    private final TenantTransactions tenants;
    private final String schemaVersion;
    private final Optional<MaintenanceLogin> maintenance;
    private final Clock clock;

    public ConsoleArchives(TenantTransactions tenants, String schemaVersion, Optional<MaintenanceLogin> maintenance,
                           Clock clock) {
        this.tenants = tenants;
        this.schemaVersion = schemaVersion;
        this.maintenance = maintenance;
        this.clock = clock;
    }

    @Override
    public Exported export(UUID clinic, String slug, OutputStream out) throws IOException {
        try (SeedProgress quiet = quiet()) {
            ArchiveManifest manifest = new ClinicExport(tenants, schemaVersion, clock).write(ClinicId.of(clinic), slug, out, quiet);
            return new Exported(manifest.tables().size(), manifest.totalRows(), manifest.files().size(), schemaVersion);
        }
    }

    @Override
    public Optional<String> offboardingUnavailable() {
        return maintenance.isPresent() ? Optional.empty() : Optional.of(NO_LOGIN);
    }

    @Override
    public Offboarded offboard(String slug, Path export, PlatformActor actor) {
        MaintenanceLogin login = maintenance.orElseThrow(() -> new Refused(NO_LOGIN, false));
        Connection opened;
        try {
            opened = login.open();
        } catch (SQLException e) {
            throw new Refused("The maintenance login (MAINTENANCE_DATABASE_USER) could not be used: " + e.getMessage()
                    + ". Nothing was deleted; fix it or offboard with the command line.", false);
        }
        try (Connection connection = opened; SeedProgress quiet = quiet()) {
            ClinicOffboarding.Result result = new ClinicOffboarding(new PlatformAudit())
                    .offboard(connection, schemaVersion, slug, export, actor, quiet);
            return new Offboarded(result.clinic(), result.tables(), result.rows(), result.files());
        } catch (ArchiveRefused refused) {
            throw new Refused(refused.getMessage(), refused.reason() == ArchiveRefused.Reason.INVALID);
        } catch (SQLException e) {
            throw new IllegalStateException("offboarding " + slug + " failed: " + e.getMessage(), e);
        }
    }

    /** The commands' progress bar, drawn nowhere: a request has no terminal. */
    private static SeedProgress quiet() {
        return new SeedProgress(new PrintWriter(Writer.nullWriter()), false);
    }

}
