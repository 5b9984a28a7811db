package io.santkrupa.bench;

import io.santkrupa.db.DatabaseConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one bench run does. {@code database}: the application's database (for the SQL-level
 * comparison), with {@code superuser} on the same server (pgbench, the bypass role, the
 * counters); either may be absent, and those parts are then reported as not measured.
 * {@code warmup} comes before a scenario's first connection count, {@code rewarm} before each
 * further one (the code is compiled by then; the new connections settle).
 * {@code countedRequests}: requests of the phase whose database transactions are counted;
 * {@code countersSettle}: the pause before and after a measured phase whose transactions are
 * counted, for PostgreSQL to publish its backends' counters (at least a second).
 * {@code platform} names the server's platform in the report (e.g. "1M patients");
 * {@code otherPlatforms}, by name, other running servers of the same clinics, slugs and logins on
 * platforms of other sizes, where the read scenarios run again at {@code scaleConnections}
 * after {@code scaleWarmup}, to put the latencies side by side. {@code serverPid}: the server's
 * process, when its memory is to be read; {@code metricsUrl}, its /metrics, when its statements are
 * to be counted.
 */
public record BenchSettings(String url, List<String> clinics, String searchClinic, String apiUser, String doctorUser,
                            String pageUser, String passwordTemplate, List<Integer> connections,
                            List<Integer> signInConnections, Duration warmup, Duration rewarm, Duration duration, long maxRequests,
                            Duration signInWarmup, long signInRequests, Set<String> scenarios, int patientsPerLetter,
                            Optional<DatabaseConfig> database, Optional<String> superuser, Optional<String> pgbench,
                            int pgbenchScale, int pgbenchClients, int pgbenchThreads, Duration pgbenchDuration,
                            Duration sqlPerSide, int countedRequests, Duration countersSettle, Path out,
                            String platform, java.util.Map<String, String> otherPlatforms, int scaleConnections,
                            Duration scaleWarmup, java.util.OptionalLong serverPid, Optional<String> metricsUrl) {

    /** Every scenario, in the order they run (the queue page before check-ins lengthen the day's queue). */
    public static final List<String> SCENARIOS = List.of("api-get-patient", "api-search-name", "api-search-phone",
            "consultation-page", "queue-page", "api-check-in", "sign-in");

    public BenchSettings {
        if (clinics.isEmpty()) {
            throw new IllegalArgumentException("at least one clinic");
        }
        if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1)
                || signInConnections.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("connection counts are at least 1");
        }
        if (scaleConnections < 1) {
            throw new IllegalArgumentException("connection counts are at least 1");
        }
        otherPlatforms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(otherPlatforms));
        for (String scenario : scenarios) {
            if (!SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("no scenario " + scenario + " (there are " + String.join(", ", SCENARIOS) + ")");
            }
        }
    }

    /** The scenarios run again on the other platforms: the reads (check-ins and sign-ins do not depend on its size). */
    public static final List<String> SCALE_SCENARIOS = List.of("api-get-patient", "api-search-name", "api-search-phone",
            "consultation-page", "queue-page");

    boolean runs(String scenario) {
        return scenarios.isEmpty() || scenarios.contains(scenario);
    }

    StaffLogin login(String clinic, String username) {
        return StaffLogin.of(clinic, username, passwordTemplate);
    }
}
