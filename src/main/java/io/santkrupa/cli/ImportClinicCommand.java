package io.santkrupa.cli;

import io.santkrupa.clinicarchive.ClinicImport;
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

/** Writes a clinic archive into this database, all or nothing. */
@Command(name = "import-clinic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a clinic archive written by export-clinic, in one transaction: nothing is written unless"
                + " all of it is. Refused, with nothing written: an archive of another schema version, a damaged or"
                + " edited archive (every checksum is checked first), a clinic id or slug this database has already.",
                ArchiveCommands.LOGIN_HELP,
                "Example: import-clinic sunrise-pune.zip --slug sunrise-pune-2"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "1:failed", "2:invalid archive or options (damaged, edited, another schema version)",
                "4:the clinic, its slug, code or registration number is in this database already"})
public final class ImportClinicCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive export-clinic wrote.")
    Path file;

    @Option(names = "--slug", paramLabel = "NEW", description = "The clinic's slug here (default: the archive's).")
    String slug;

    @Spec
    CommandSpec spec;

    private final CommandContext context;
    private final Optional<PlatformSeed.BulkConnections> loginOverride;

    public ImportClinicCommand(CommandContext context) {
        this(context, Optional.empty());
    }

    /** For tests: the maintenance login over {@code login}. */
    ImportClinicCommand(CommandContext context, Optional<PlatformSeed.BulkConnections> login) {
        this.context = context;
        this.loginOverride = login;
    }

    @Override
    public Integer call() {
        return ArchiveCommands.withMaintenanceLogin(context, database, loginOverride, spec.commandLine().getOut(),
                spec.commandLine().getErr(), (connection, version, progress) -> {
                    ClinicImport.Result result = new ClinicImport(new PlatformAudit()).importArchive(connection, version,
                            file, Optional.ofNullable(slug), PlatformActor.commandLine(), progress);
                    return String.format("Imported %s as %s (clinic %s): %,d rows in %d tables, %d files",
                            result.exportedSlug(), result.slug(), result.clinic(), result.rows(), result.tables(),
                            result.files());
                });
    }
}
