package io.santkrupa.cli;

import io.santkrupa.db.PlatformDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every platform command does around its own work: check its input, open the database its
 * options select (migrating only the embedded development database), connect as the platform
 * role alone, do the work through the platform's services (which write the platform audit
 * trail), and turn every failure into a message and an exit code -- never a stack trace.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:unexpected failure: the database unreachable, migrations pending (run migrate first), ...",
                "2:invalid input (each message names its option); nothing was changed",
                "3:not found: no clinic (or platform administrator) has that name",
                "4:conflict: a slug, code, registration number or username is taken, a link can no longer be "
                        + "reissued, or the clinic was changed while the command ran; nothing was changed"},
        footer = {"%nResults go to standard output: a table, or JSON with --json. Messages go to standard error; with "
                + "--json an error is {\"error\": \"...\", \"fields\": {\"--option\": \"...\"}} there.",
                "Uses the database's platform role only, and records each change in the platform audit trail as "
                        + "cli:<operating-system user>. DATABASE_URL selects the database (it must be migrated "
                        + "already); else the embedded one under --data-dir, even while serve runs on it."})
abstract class PlatformCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--json", order = 100, description = "Print the result (and any error) as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    final CommandContext context;

    PlatformCommand(CommandContext context) {
        this.context = context;
    }

    /** Checks the options before anything is opened; throws {@link CommandFailure} (exit 2) when wrong. */
    abstract void checkInput();

    /** The command's work, with the options checked. */
    abstract void run(PlatformServices platform, CommandOutput output);

    @Override
    public final Integer call() {
        CommandOutput output = new CommandOutput(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
        try {
            checkInput();
            try (DatabaseOptions.OpenDatabase db = context.database().open(database)) {
                if (db.where() == DatabaseOptions.Where.EMBEDDED_ALREADY_RUNNING) {
                    output.note("Using the embedded PostgreSQL already running on " + database.dataDir.toAbsolutePath().normalize() + ".");
                }
                int applied = DatabaseChecks.requireCurrentSchema(db);
                if (applied > 0) {
                    output.note("Applied " + applied + " migration(s) to the embedded database.");
                }
                try (PlatformDatabase platform = PlatformDatabase.open(db.config())) {
                    run(PlatformServices.over(platform.transactions()), output);
                }
            }
            return ExitCode.DONE;
        } catch (CommandFailure failure) {
            return output.failed(failure);
        } catch (Exception e) {
            return output.failed(CommandFailure.unexpected(e));
        }
    }
}
