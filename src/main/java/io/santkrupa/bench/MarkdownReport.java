package io.santkrupa.bench;


import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** bench.md: the run's tables side by side, for people. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String of(BenchReport r) {
        StringBuilder s = new StringBuilder();
        Machine m = r.machine();
        s.append("# Santkrupa benchmark\n\n");
        s.append(String.format(Locale.ROOT, "%s -- %s, %d cores, %,d MB; bench JVM %s; PostgreSQL %s; %s%n%n", m.date(),
                m.cpu(), m.cores(), m.memoryMb(), m.jvm(), m.postgresql() == null ? "unknown" : m.postgresql(), m.os()));
        BenchReport.Settings settings = r.settings();
        s.append(String.format(Locale.ROOT, "Server %s; clinics %s (searches and pages in %s); warm-up %s s per scenario "
                        + "(%s s more at each further connection count), then %s s or %s requests per scenario and "
                        + "connection count; sign-in %s s warm-up, %d requests.%n%n",
                settings.url(), String.join(", ", settings.clinics()), settings.searchClinic(), num(settings.warmupSeconds()),
                num(settings.rewarmSeconds()),
                num(settings.durationSeconds()), settings.maxRequests() <= 0 ? "no cap on" : String.valueOf(settings.maxRequests()),
                num(settings.signInWarmupSeconds()), settings.signInRequests()));

        s.append("## Requests over HTTP\n\n");
        s.append("| scenario | conn | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | untimed req |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (Measurement x : r.measurements()) {
            LatencySummary l = x.latency();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %d |%n", x.scenario(),
                    x.connections(), x.requests(), num(x.requestsPerSecond()), num(l.p50Ms()), num(l.p95Ms()), num(l.p99Ms()),
                    num(l.maxMs()), errors(x), x.untimedRequests()));
        }
        s.append("\n![latency](bench.svg)\n\n");
        for (BenchReport.ScenarioInfo info : r.scenarios()) {
            s.append("- **").append(info.name()).append("**: ").append(info.description()).append('\n');
        }
        s.append('\n');
        if (r.untimedRequests() > 0) {
            s.append("Untimed requests between the measured ones (check-in's cancellations, when no patient-doctor pair "
                    + "was free): ").append(r.untimedRequests()).append(" in all. They take no part in the latencies but "
                    + "do in the phase's wall time, so check-in's req/s is a floor where the column \"untimed req\" "
                    + "is not 0.\n\n");
        }

        scale(r, s);
        memory(r, s);

        s.append("## The database's work per request\n\n");
        if (!r.databaseCosts().isEmpty()) {
            s.append("Counted by PostgreSQL over a phase of its own per scenario (one connection, requests one after "
                    + "another, pauses for the counters to be published): `xact_commit + xact_rollback` of "
                    + "`pg_stat_database`, and statements from `pg_stat_statements` where the server loads it, else from the "
                    + "application's own count (`--metrics-url`).\n\n");
            s.append("| scenario | requests | transactions/request | statements/request | round trips/request | untimed requests among them |\n");
            s.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (DatabaseCost c : r.databaseCosts()) {
                s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d |%n", c.scenario(), c.requests(),
                        num(c.transactionsPerRequest()), c.statementsPerRequest() == null ? "-" : num(c.statementsPerRequest()),
                        c.roundTripsPerRequest() == null ? "-" : num(c.roundTripsPerRequest()), c.untimedRequests()));
            }
            r.databaseCosts().stream().map(DatabaseCost::statementsCountedBy).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresentOrElse(by -> s.append("\nStatements counted by ").append(by).append("; a round trip per "
                                    + "statement (a batch is one) and per transaction's commit.\n"),
                            () -> s.append("\nStatements not counted: no pg_stat_statements, and no --metrics-url.\n"));
            s.append('\n');
        } else {
            s.append("Not counted: ").append(r.notMeasured().getOrDefault("database transactions per request", ""))
                    .append("\n\n");
        }

        s.append("## pgbench -S on the same PostgreSQL\n\n");
        if (r.pgbench() != null) {
            PgBench.Result p = r.pgbench();
            s.append(String.format(Locale.ROOT, "| command | scale | tps | latency avg ms | API get-patient x%d req/s | API / pgbench |%n",
                    p.clients()));
            s.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            Double api = r.measurements().stream().filter(x -> x.scenario().equals("api-get-patient")
                    && x.connections() == p.clients()).map(Measurement::requestsPerSecond).findFirst().orElse(null);
            s.append(String.format(Locale.ROOT, "| `%s` | %d | %s | %s | %s | %s |%n%n", p.command(), p.scale(),
                    num(p.transactionsPerSecond()), num(p.latencyAverageMs()), api == null ? "-" : num(api),
                    r.apiLookupOverPgbench() == null ? "-" : percent(r.apiLookupOverPgbench())));
            s.append(p.version()).append(".\n\n");
        } else {
            s.append("Not run: ").append(r.notMeasured().getOrDefault("pgbench", "")).append("\n\n");
        }

        s.append("## The same SQL with RLS and without\n\n");
        if (!r.sqlComparison().isEmpty()) {
            s.append("One connection, no HTTP: the app role under RLS in a tenant transaction (context set as the "
                    + "application sets it) against `santkrupa_bench_bypass` (BYPASSRLS) running the same SQL with its "
                    + "explicit `clinic_id = ?`.\n\n");
            s.append("| shape | RLS tx/s | bypass tx/s | RLS p50 ms | bypass p50 ms | RLS time / bypass time | same rows | indexes scanned (RLS) |\n");
            s.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
            for (SqlComparison.Result c : r.sqlComparison()) {
                String indexes = c.plans().stream().flatMap(p -> java.util.stream.Stream.concat(p.indexes().stream(),
                        p.indexesWithoutSeqScan().stream())).distinct().collect(Collectors.joining(", "));
                boolean seq = c.plans().stream().anyMatch(p -> !p.sequentialScans().isEmpty());
                s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s%s |%n", c.shape(),
                        num(c.rls().transactionsPerSecond()), num(c.bypass().transactionsPerSecond()),
                        num(c.rls().latency().p50Ms()), num(c.bypass().latency().p50Ms()), num(c.rlsOverBypass()),
                        c.sameRows() ? "yes" : "**no**", indexes.isEmpty() ? "none" : indexes,
                        seq ? " (a seq scan chosen on tables this small; these with seq scans off)" : ""));
            }
            s.append("\n");
            for (SqlComparison.Result c : r.sqlComparison()) {
                s.append("<details><summary>EXPLAIN, ").append(c.shape()).append(" (as the app role, under RLS)</summary>\n\n");
                for (SqlComparison.Plan p : c.plans()) {
                    s.append("```sql\n").append(p.sql()).append("\n```\n```\n").append(p.plan()).append("\n```\n");
                    if (p.planWithoutSeqScan() != null) {
                        s.append("With `enable_seqscan = off`:\n```\n").append(p.planWithoutSeqScan()).append("\n```\n");
                    }
                    p.indexDefinitions().forEach((name, def) -> s.append("- `").append(def).append("`\n"));
                    s.append('\n');
                }
                s.append("</details>\n\n");
            }
        } else {
            s.append("Not run: ").append(r.notMeasured().getOrDefault("sql", "")).append("\n\n");
        }

        s.append("## Checks\n\n");
        s.append(r.totalErrors() == 0 ? "0 errors: every answer was 2xx with the data asked for.\n"
                : "**" + r.totalErrors() + " errors** (see the table).\n");
        s.append(r.verificationProblems().isEmpty() ? "No two visits of one doctor's day share a token number.\n"
                : "**Problems found:** " + String.join("; ", r.verificationProblems()) + "\n");
        for (Map.Entry<String, String> missing : r.notMeasured().entrySet()) {
            s.append("Not measured, ").append(missing.getKey()).append(": ").append(missing.getValue()).append('\n');
        }
        return s.toString();
    }

    /** The read scenarios at one connection count on each platform, side by side. */
    private static void scale(BenchReport r, StringBuilder s) {
        if (r.scale().isEmpty()) {
            return;
        }
        int connections = r.scale().getFirst().measurement().connections();
        java.util.List<String> platforms = new java.util.ArrayList<>();
        r.scale().forEach(run -> {
            if (!platforms.contains(run.platform())) {
                platforms.add(run.platform());
            }
        });
        s.append("## The same reads on platforms of other sizes\n\n");
        s.append(String.format(Locale.ROOT, "Each at %d connections, same clinics, logins and sampling; the server of each "
                + "platform warmed up apart. p50 / p95 / p99 ms, and req/s.%n%n", connections));
        java.util.List<String> columns = new java.util.ArrayList<>(platforms);
        columns.add(r.platform());
        s.append("| scenario |");
        columns.forEach(c -> s.append(' ').append(c).append(" |"));
        s.append(" p95 on ").append(r.platform()).append(" / on ").append(platforms.getFirst()).append(" |\n| --- |");
        columns.forEach(c -> s.append(" ---: |"));
        s.append(" ---: |\n");
        for (String scenario : BenchSettings.SCALE_SCENARIOS) {
            java.util.List<Measurement> row = new java.util.ArrayList<>();
            for (String platform : platforms) {
                r.scale().stream().filter(run -> run.platform().equals(platform) && run.measurement().scenario().equals(scenario))
                        .findFirst().ifPresentOrElse(run -> row.add(run.measurement()), () -> row.add(null));
            }
            row.add(r.measurements().stream().filter(m -> m.scenario().equals(scenario) && m.connections() == connections)
                    .findFirst().orElse(null));
            if (row.stream().allMatch(java.util.Objects::isNull)) {
                continue;
            }
            s.append("| ").append(scenario).append(" |");
            for (Measurement m : row) {
                s.append(m == null ? " - |" : String.format(Locale.ROOT, " %s / %s / %s, %s req/s |", num(m.latency().p50Ms()),
                        num(m.latency().p95Ms()), num(m.latency().p99Ms()), num(m.requestsPerSecond())));
            }
            Measurement smallest = row.getFirst();
            Measurement own = row.getLast();
            s.append(smallest == null || own == null ? " - |\n"
                    : " " + num(own.latency().p95Ms() / smallest.latency().p95Ms()) + " |\n");
        }
        s.append('\n');
    }

    /** The server's memory per measured phase. */
    private static void memory(BenchReport r, StringBuilder s) {
        s.append("## The server's memory\n\n");
        if (r.serverMemory().isEmpty()) {
            s.append("Not measured: ").append(r.notMeasured().getOrDefault("server memory", "")).append("\n\n");
            return;
        }
        s.append(String.format(Locale.ROOT, "Read from the server's JVM every 200 ms of each measured phase (heap limit "
                + "%s MB): the peaks of heap used and committed, of the heap live after a collection (what the "
                + "requests keep), and of the process's resident memory.%n%n", num(r.serverHeapMaxMb())));
        s.append("| scenario | conn | heap used MB | heap committed MB | live after GC MB | resident MB |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (ServerMemory.Phase p : r.serverMemory()) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", p.scenario(), p.connections(),
                    num(p.heapUsedMb()), num(p.heapCommittedMb()), num(p.heapLiveAfterGcMb()), num(p.residentMb())));
        }
        s.append('\n');
    }

    private static String errors(Measurement x) {
        if (x.errors() == 0) {
            return "0";
        }
        return x.errors() + " (" + x.errorsByKind().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
