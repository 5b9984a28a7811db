package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;

/** The clinic a request is for, as resolved from its URL's slug. */
public record CurrentClinic(ClinicId id, String slug, SubscriptionStatus status) {
}
