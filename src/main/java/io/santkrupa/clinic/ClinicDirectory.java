package io.santkrupa.clinic;

import io.santkrupa.db.TenantTransactions;

import java.util.Optional;
import java.util.regex.Pattern;

/** Finds the clinic of a URL slug; anything that is not a well-formed, known slug is empty. */
public final class ClinicDirectory {

    /** The slug format of the clinic table's CHECK constraint; anything else cannot exist. */
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    private final TenantTransactions tenants;

    public ClinicDirectory(TenantTransactions tenants) {
        this.tenants = tenants;
    }

    public Optional<CurrentClinic> resolve(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            return Optional.empty();
        }
        return tenants.resolveSlug(slug)
                .map(found -> new CurrentClinic(found.clinic(), slug,
                        SubscriptionStatus.fromDbValue(found.subscriptionStatus())));
    }
}
