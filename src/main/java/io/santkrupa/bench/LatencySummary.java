package io.santkrupa.bench;

import org.HdrHistogram.Histogram;

/** The percentiles of a measured phase, in milliseconds, from an HdrHistogram of microseconds. */
record LatencySummary(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    /** Microseconds from 1 to an hour, to three significant digits. */
    static Histogram newHistogram() {
        return new Histogram(1, 3_600_000_000L, 3);
    }

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(), ms(micros.getMean()),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
    }

    private static double ms(double micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
