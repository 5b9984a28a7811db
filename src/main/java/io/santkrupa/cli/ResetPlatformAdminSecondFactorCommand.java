package io.santkrupa.cli;

import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * For a super admin who lost their authenticator app and their recovery codes (or after the
 * application's secret key was rotated, which makes stored TOTP secrets unreadable): forget the
 * second factor, end their sessions; they enrol a new app at their next sign-in.
 */
@Command(name = "reset-platform-admin-second-factor",
        description = {"Remove a platform administrator's second factor (authenticator app and recovery codes) and end "
                + "their sessions; at their next sign-in, with their password, they enrol a new authenticator app.",
                "Example: reset-platform-admin-second-factor r.kulkarni --reason \"Phone lost; identity checked by phone call\""})
public final class ResetPlatformAdminSecondFactorCommand extends PlatformCommand {

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The administrator's username.")
    String username;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why, in one line: kept in the platform audit trail.")
    String reason;

    private String checkedReason;

    public ResetPlatformAdminSecondFactorCommand(CommandContext context) {
        super(context);
    }

    /** The reset, as --json prints it. */
    public record Reset(String username, String reason) {
    }

    @Override
    void checkInput() {
        Form form = Form.of(Map.of("reason", reason.strip()));
        checkedReason = ClinicRegistry.reason(form, "reason");
        if (form.hasErrors()) {
            throw CommandFailure.invalid(form, Map.of("reason", "--reason"));
        }
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        if (!platform.admins().resetSecondFactor(username.strip().toLowerCase(java.util.Locale.ROOT), checkedReason,
                platform.actor())) {
            throw CommandFailure.notFound("No platform administrator has the username \"" + username + "\".");
        }
        output.result(new Reset(username, checkedReason), out -> {
            out.println("The second factor of " + username + " is removed and their sessions are ended.");
            out.println("At their next sign-in, with their password, they enrol a new authenticator app.");
        });
    }
}
