package io.santkrupa.cli;

import io.santkrupa.clinic.ClinicSlug;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAdmins;
import io.santkrupa.platform.PlatformAudit;

import java.time.Clock;
import java.util.Optional;

/**
 * The platform's services as the console uses them, over the platform role's transactions,
 * acting as the command line ({@code cli:<os user>} in the platform audit trail).
 */
record PlatformServices(ClinicOnboarding onboarding, ClinicRegistry registry, PlatformAdmins admins,
                        PlatformActor actor) {

    static PlatformServices over(PlatformTransactions platform) {
        PlatformAudit audit = new PlatformAudit();
        Clock clock = Clock.systemUTC();
        return new PlatformServices(new ClinicOnboarding(platform, audit, clock), new ClinicRegistry(platform, audit, clock),
                new PlatformAdmins(platform, audit), PlatformActor.commandLine());
    }

    /** The clinic with this slug; exit 3 when there is none. */
    ClinicRegistry.ClinicRow clinic(String slug) {
        Optional<ClinicRegistry.ClinicRow> clinic = ClinicSlug.wellFormed(slug) ? registry.find(slug) : Optional.empty();
        return clinic.orElseThrow(() -> CommandFailure.notFound("No clinic has the slug \"" + slug + "\"."));
    }
}
