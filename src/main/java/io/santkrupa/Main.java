package io.santkrupa;

import io.santkrupa.cli.BenchCommand;
import io.santkrupa.cli.CommandContext;
import io.santkrupa.cli.CommandFactory;
import io.santkrupa.cli.CreateClinicCommand;
import io.santkrupa.cli.CreatePlatformAdminCommand;
import io.santkrupa.cli.ExportClinicCommand;
import io.santkrupa.cli.ImportClinicCommand;
import io.santkrupa.cli.JsonUsageErrors;
import io.santkrupa.cli.ListClinicsCommand;
import io.santkrupa.cli.MigrateCommand;
import io.santkrupa.cli.OffboardClinicCommand;
import io.santkrupa.cli.ReissueAdminLinkCommand;
import io.santkrupa.cli.ReportCommand;
import io.santkrupa.cli.ResetPlatformAdminSecondFactorCommand;
import io.santkrupa.cli.RlsReportCommand;
import io.santkrupa.cli.SeedCommand;
import io.santkrupa.cli.ServeCommand;
import io.santkrupa.cli.SetClinicLimitsCommand;
import io.santkrupa.cli.SetClinicStatusCommand;
import io.santkrupa.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point: {@code serve}, {@code migrate}, {@code rls-report}, {@code seed}, {@code bench}, the
 * platform's commands and the DBAs' {@code report}.
 */
@Command(name = "santkrupa",
        mixinStandardHelpOptions = true,
        description = "Santkrupa: a multi-tenant clinic management platform.",
        subcommands = {ServeCommand.class, MigrateCommand.class, RlsReportCommand.class,
                CreatePlatformAdminCommand.class, CreateClinicCommand.class, ListClinicsCommand.class,
                SetClinicStatusCommand.class, SetClinicLimitsCommand.class, ReissueAdminLinkCommand.class,
                ResetPlatformAdminSecondFactorCommand.class, ExportClinicCommand.class, ImportClinicCommand.class,
                OffboardClinicCommand.class, SeedCommand.class, BenchCommand.class, ReportCommand.class})
public final class Main {

    public static void main(String[] args) {
        int exitCode = commandLine(CommandContext.ofSystem()).execute(args);
        System.exit(exitCode);
    }

    /** Every command, the platform's built over {@code context} (the process's, or a test's). */
    public static CommandLine commandLine(CommandContext context) {
        CommandLine commandLine = new CommandLine(new Main(), new CommandFactory(context));
        Version version = new Version();
        commandLine.getCommandSpec().versionProvider(version);
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        commandLine.setParameterExceptionHandler(new JsonUsageErrors(commandLine.getParameterExceptionHandler()));
        ReportCommand.listReportsInHelp(commandLine.getSubcommands().get("report").getCommandSpec());
        return commandLine;
    }
}
