package io.santkrupa.bench;

import java.util.List;
import java.util.Map;

/**
 * One scenario at one connection count, over its measured phase: requests, wall time,
 * throughput, latency and errors (by status, or "wrong data"); how many right requests the warm-up answered in each of
 * its seconds (how throughput settled); and the requests the scenario made between the measured ones
 * during the phase, untimed but in its wall time (check-in's cancellations).
 */
record Measurement(String scenario, int connections, double warmupSeconds, long requests, double seconds,
                   double requestsPerSecond, LatencySummary latency, long errors, Map<String, Long> errorsByKind,
                   long warmupRequests, long warmupErrors, String firstError, List<Long> warmupRequestsPerSecond,
                   long untimedRequests) {
}
