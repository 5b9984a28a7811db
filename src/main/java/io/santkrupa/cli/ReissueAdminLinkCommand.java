package io.santkrupa.cli;

import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;

/**
 * A new one-time link for a clinic's first administrator who has not chosen a password yet;
 * refused once they have (the platform never gets a way into an account in use).
 */
@Command(name = "reissue-admin-link",
        description = {"Issue a new one-time set-password link for a clinic's first administrator, while they have not "
                + "chosen a password yet (earlier links stop working). Printed once.",
                "Example: reissue-admin-link sunrise-pune"})
public final class ReissueAdminLinkCommand extends PlatformCommand {

    @Parameters(index = "0", paramLabel = "SLUG", description = "The clinic's slug.")
    String slug;

    @Mixin
    BaseUrlOption baseUrl;

    private String base;

    public ReissueAdminLinkCommand(CommandContext context) {
        super(context);
    }

    /** The new link, as --json prints it. */
    public record Reissued(String slug, String setPasswordLink, OffsetDateTime linkExpiresAt) {
    }

    @Override
    void checkInput() {
        base = baseUrl.checked();
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        ClinicRegistry.ClinicRow clinic = platform.clinic(slug);
        ClinicRegistry.NewLink link;
        try {
            link = platform.registry().reissueAdminLink(clinic.id(), clinic.slug(), platform.actor());
        } catch (Form.Refused refused) {
            throw CommandFailure.conflict(null, refused.getMessage());
        }
        String url = base + link.setPasswordPath();
        output.result(new Reissued(clinic.slug(), url, link.expiresAt()), out -> {
            out.println("A new one-time link for the first administrator of " + clinic.slug() + ", valid until "
                    + CommandOutput.time(link.expiresAt()) + ";");
            out.println("earlier links no longer work. It is shown only this once: send it to them privately.");
            out.println("  " + url);
        });
    }
}
