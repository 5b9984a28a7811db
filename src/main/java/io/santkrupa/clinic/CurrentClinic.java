package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The clinic a request is for, as resolved from its URL's slug, with the time zone its days are
 * counted in. Pages, the queue and the API ask it for "today", never the server's zone or UTC.
 */
public record CurrentClinic(ClinicId id, String slug, SubscriptionStatus status, ZoneId zone) {

    /** The clinic's date at the clock's instant: at 00:30 in Pune it is already the next day. */
    public LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The first instant of the clinic's {@code day} (its midnight, or the end of a DST gap). */
    public OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(zone).toOffsetDateTime();
    }
}
