package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;

import java.util.Optional;

/**
 * Finds the clinic of a URL slug; anything that is not a well-formed, known slug is empty. The
 * slug resolves through the narrow resolve_clinic (id and status); the time zone comes from
 * {@link ClinicZones}, which in the steady state asks the database nothing.
 */
public final class ClinicDirectory {

    private final TenantTransactions tenants;
    private final ClinicZones zones;

    public ClinicDirectory(TenantTransactions tenants, ClinicZones zones) {
        this.tenants = tenants;
        this.zones = zones;
    }

    public Optional<CurrentClinic> resolve(String slug) {
        if (!ClinicSlug.wellFormed(slug)) {
            return Optional.empty();
        }
        return tenants.resolveSlug(slug)
                .map(found -> new CurrentClinic(found.clinic(), slug,
                        SubscriptionStatus.fromDbValue(found.subscriptionStatus()), zones.of(found.clinic())));
    }

    /**
     * The clinic of an id a client sent (the session cookie of POST /logout, which names no slug):
     * its slug, then that slug resolved exactly as a URL's. Empty for an id that is no clinic's --
     * nothing is opened in its name.
     */
    public Optional<CurrentClinic> resolve(ClinicId clinic) {
        return tenants.slugOf(clinic).flatMap(this::resolve).filter(found -> found.id().equals(clinic));
    }
}
