package io.santkrupa;

import io.santkrupa.cli.MigrateCommand;
import io.santkrupa.cli.RlsReportCommand;
import io.santkrupa.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point: {@code serve}, {@code migrate}, {@code rls-report}. */
@Command(name = "santkrupa",
        mixinStandardHelpOptions = true,
        description = "Santkrupa: a multi-tenant clinic management platform.",
        subcommands = {ServeCommand.class, MigrateCommand.class, RlsReportCommand.class})
public final class Main {

    public static void main(String[] args) {
        int exitCode = new CommandLine(new Main()).execute(args);
        System.exit(exitCode);
    }
}
