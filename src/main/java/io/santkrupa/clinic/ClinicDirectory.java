package io.santkrupa.clinic;

import io.santkrupa.db.TenantTransactions;

import java.util.Optional;

/** Finds the clinic of a URL slug; anything that is not a well-formed, known slug is empty. */
public final class ClinicDirectory {

    private final TenantTransactions tenants;

    public ClinicDirectory(TenantTransactions tenants) {
        this.tenants = tenants;
    }

    public Optional<CurrentClinic> resolve(String slug) {
        if (!ClinicSlug.wellFormed(slug)) {
            return Optional.empty();
        }
        return tenants.resolveSlug(slug)
                .map(found -> new CurrentClinic(found.clinic(), slug,
                        SubscriptionStatus.fromDbValue(found.subscriptionStatus())));
    }
}
