package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;

import org.jooq.impl.DSL;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * Finds the clinic of a URL slug; anything that is not a well-formed, known slug is empty. The
 * slug resolves through the narrow resolve_clinic (id and status); the time zone comes from
 * {@link ClinicZones}, which in the steady state asks the database nothing.
 *
 * <p>{@link #remembered} answers from memory what an earlier resolution found, without a
 * transaction. It is only a hint: a slug names one clinic for good (slugs are never changed),
 * but the status may have changed since, here or on another instance, so whoever uses a
 * remembered clinic confirms its status inside the request's own transaction
 * ({@link #statusNow}) -- TenantFilter does, before the request touches anything.
 */
public final class ClinicDirectory {

    private final TenantTransactions tenants;
    private final ClinicZones zones;
    // only slugs that resolved to a clinic: one small entry per clinic of the platform
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    private record Known(ClinicId id, SubscriptionStatus status) {
    }

    public ClinicDirectory(TenantTransactions tenants, ClinicZones zones) {
        this.tenants = tenants;
        this.zones = zones;
    }

    /** The clinic of {@code slug} as the database says now (and remembered for {@link #remembered}). */
    public Optional<CurrentClinic> resolve(String slug) {
        if (!ClinicSlug.wellFormed(slug)) {
            return Optional.empty();
        }
        Optional<CurrentClinic> found = tenants.resolveSlug(slug)
                .map(row -> new CurrentClinic(row.clinic(), slug,
                        SubscriptionStatus.fromDbValue(row.subscriptionStatus()), zones.of(row.clinic())));
        found.ifPresentOrElse(clinic -> known.put(slug, new Known(clinic.id(), clinic.status())),
                () -> known.remove(slug));
        return found;
    }

    /** The clinic of {@code slug} as last resolved here, if it was: to be confirmed ({@link #statusNow}). */
    public Optional<CurrentClinic> remembered(String slug) {
        Known k = known.get(slug);
        return k == null ? Optional.empty() : Optional.of(new CurrentClinic(k.id(), slug, k.status(), zones.of(k.id())));
    }

    /**
     * What confirms a remembered clinic inside one of its transactions: its status now, read by a
     * primary-key sub-select of the clinic's own row (its policy lets a transaction see its
     * clinic's row only); NULL when the clinic is gone. Judged by {@link #confirmed}.
     */
    public org.jooq.Field<String> statusNow(CurrentClinic clinic) {
        return DSL.field(DSL.select(CLINIC.SUBSCRIPTION_STATUS).from(CLINIC).where(CLINIC.ID.eq(clinic.id().value())));
    }

    /** The status {@link #statusNow} read, remembered for the next request; empty when the clinic is gone. */
    public Optional<SubscriptionStatus> confirmed(CurrentClinic clinic, String statusNow) {
        Optional<SubscriptionStatus> now = Optional.ofNullable(statusNow).map(SubscriptionStatus::fromDbValue);
        now.ifPresentOrElse(status -> known.put(clinic.slug(), new Known(clinic.id(), status)),
                () -> known.remove(clinic.slug()));
        return now;
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
