package io.santkrupa.bench;

import java.util.List;
import java.util.Map;

/**
 * Every figure of one bench run, as written to bench.json: the machine, the settings, each
 * scenario at each connection count, the database's work per request, pgbench, the SQL-level comparison, the
 * read scenarios on platforms of other sizes, the server's memory, and what was checked.
 */
record BenchReport(Machine machine, Settings settings, List<ScenarioInfo> scenarios, List<Measurement> measurements,
                   List<DatabaseCost> databaseCosts, PgBench.Result pgbench, Double apiLookupOverPgbench,
                   List<SqlComparison.Result> sqlComparison, Map<String, String> notMeasured,
                   List<String> verificationProblems, long untimedRequests, long totalErrors, String platform,
                   List<ScaleRun> scale, Double serverHeapMaxMb, List<ServerMemory.Phase> serverMemory) {

    /** A read scenario on another platform (another size), for the side-by-side table. */
    record ScaleRun(String platform, String url, Measurement measurement) {
    }

    /** The settings of the run, as given. */
    record Settings(String url, List<String> clinics, String searchClinic, List<Integer> connections,
                    List<Integer> signInConnections, double warmupSeconds, double rewarmSeconds, double durationSeconds, long maxRequests,
                    double signInWarmupSeconds, long signInRequests, int patientsSampled) {
    }

    /** A scenario as the report describes it. */
    record ScenarioInfo(String name, String description) {
    }
}
