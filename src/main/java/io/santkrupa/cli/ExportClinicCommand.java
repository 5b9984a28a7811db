package io.santkrupa.cli;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinicarchive.ClinicExport;
import io.santkrupa.db.Database;
import io.santkrupa.db.Migrations;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.SeedProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** Writes one clinic's complete data to an archive, as the application's own role in that clinic. */
@Command(name = "export-clinic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export one clinic's complete data -- its registry row, every row of every table of the clinic"
                + " and its stored files -- into a zip archive (manifest.json with checksums, a JSON-lines file per"
                + " table, the files), read in one read-only snapshot as the application's role in the clinic's"
                + " context: it sees that clinic only and writes nothing.",
                "The archive holds patients' records and password hashes: keep it encrypted and access-controlled.",
                "Example: export-clinic sunrise-pune --to sunrise-pune.zip"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported", "1:failed", "2:invalid input", "3:no clinic has the slug",
                "4:the file exists already"})
public final class ExportClinicCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", paramLabel = "SLUG", description = "The clinic's slug.")
    String slug;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The archive to write (never overwritten).")
    Path to;

    @Spec
    CommandSpec spec;

    private final CommandContext context;

    public ExportClinicCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (var db = context.database().open(database)) {
            DatabaseChecks.requireCurrentSchema(db);
            String version = Migrations.currentVersion(db.config());
            try (Database pools = Database.open(db.config());
                 SeedProgress progress = new SeedProgress(err, SeedCommand.onTerminal())) {
                ClinicExport.Result result = new ClinicExport(pools.tenants(), version, Clock.systemUTC())
                        .export(slug, to, progress);
                progress.close();
                pools.platform().run(tx -> {
                    new PlatformAudit().record(tx, PlatformActor.commandLine(), "clinic.exported", AuditLog.Outcome.SUCCESS,
                            result.clinic(), "slug " + result.slug() + ": " + result.rows() + " rows in " + result.tables()
                                    + " tables, " + result.files() + " files, schema " + version);
                    return null;
                });
                out.printf("Exported %s to %s: %,d rows in %d tables, %d files (%,d bytes); archive %,d bytes%n",
                        result.slug(), result.file(), result.rows(), result.tables(), result.files(), result.fileBytes(),
                        result.archiveBytes());
                out.flush();
                return ExitCode.DONE;
            }
        } catch (Exception e) {
            return ArchiveCommands.fail(err, e);
        }
    }
}
