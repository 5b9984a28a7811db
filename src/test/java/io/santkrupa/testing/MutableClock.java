package io.santkrupa.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand (session and token expiry, a clinic's midnight). Its zone is UTC,
 * as a server's may be: the application must count a clinic's days in the clinic's zone, never
 * the clock's.
 */
public final class MutableClock extends Clock {

    private volatile Instant now = Instant.now();

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** From now on the time is {@code instant} (e.g. 2026-12-04T19:00:00Z, 00:30 of 5 Dec in India). */
    public void setTo(Instant instant) {
        now = instant;
    }

    /** Today at the fixtures' clinics ({@link ClinicFixture#ZONE}): from 18:30 UTC it is already tomorrow there. */
    public LocalDate clinicToday() {
        return LocalDate.ofInstant(now, ClinicFixture.ZONE);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
