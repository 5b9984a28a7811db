package io.santkrupa.cli;

import io.santkrupa.clinicarchive.ClinicOffboarding;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.PlatformSeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Deletes a clinic and all its rows, after proving an export of it is complete and current. */
@Command(name = "offboard-clinic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete a clinic and every row of it, in one transaction. Refused, with nothing deleted, unless"
                + " --confirm repeats the slug, the clinic is suspended, and --export-file is an intact export-clinic"
                + " archive of exactly the clinic's rows as they are now (each table's count and checksum compared"
                + " inside the deleting transaction). The platform's audit trail keeps one event: ids, counts and the"
                + " export's checksum, no patient data.",
                ArchiveCommands.LOGIN_HELP,
                "Example: set-clinic-status sunrise-pune suspended --reason \"Contract ended\"",
                "         export-clinic sunrise-pune --to sunrise-pune.zip",
                "         offboard-clinic sunrise-pune --confirm sunrise-pune --export-file sunrise-pune.zip"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:offboarded", "1:failed", "2:--confirm is not the slug, or the export is damaged",
                "3:no clinic has the slug", "4:the clinic is not suspended, or the export is of another clinic or not current"})
public final class OffboardClinicCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "SLUG", description = "The clinic's slug.")
    String slug;

    @Option(names = "--confirm", required = true, paramLabel = "SLUG", description = "The slug again: nothing is deleted otherwise.")
    String confirm;

    @Option(names = "--export-file", required = true, paramLabel = "FILE",
            description = "The clinic's export (export-clinic), checked against the clinic before anything is deleted.")
    Path exportFile;

    @Spec
    CommandSpec spec;

    private final CommandContext context;
    private final Optional<PlatformSeed.BulkConnections> loginOverride;

    public OffboardClinicCommand(CommandContext context) {
        this(context, Optional.empty());
    }

    /** For tests: the maintenance login over {@code login}. */
    OffboardClinicCommand(CommandContext context, Optional<PlatformSeed.BulkConnections> login) {
        this.context = context;
        this.loginOverride = login;
    }

    @Override
    public Integer call() {
        if (!slug.equals(confirm)) {
            return ArchiveCommands.fail(spec.commandLine().getErr(), CommandFailure.invalid(null,
                    "--confirm must repeat the slug (" + slug + "); nothing was deleted."));
        }
        return ArchiveCommands.withMaintenanceLogin(context, database, loginOverride, spec.commandLine().getOut(),
                spec.commandLine().getErr(), (connection, version, progress) -> {
                    ClinicOffboarding.Result result = new ClinicOffboarding(new PlatformAudit()).offboard(connection,
                            version, slug, exportFile, PlatformActor.commandLine(), progress);
                    return String.format("Offboarded %s (clinic %s): %,d rows in %d tables and %d files deleted; the"
                            + " export %s holds them", result.slug(), result.clinic(), result.rows(), result.tables(),
                            result.files(), exportFile);
                });
    }
}
