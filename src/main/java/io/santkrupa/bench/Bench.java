package io.santkrupa.bench;

import io.santkrupa.db.BenchConnections;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One bench run against a running server: collects what to ask for through the API, runs each
 * scenario at each connection count, then pgbench and the SQL-level comparison when the database
 * is reachable, and writes bench.json, bench.md and bench.svg.
 */
public final class Bench {

    /**
     * The pause before and after the phase whose transactions are counted: a backend that
     * published its counters less than a second ago (PGSTAT_MIN_INTERVAL) keeps the next ones
     * until it has been idle for PGSTAT_IDLE_INTERVAL, 10 s; so 10 s and a margin.
     */
    public static final java.time.Duration COUNTERS_SETTLE = java.time.Duration.ofMillis(11_000);

    private final BenchSettings settings;
    private final Consumer<String> progress;

    public Bench(BenchSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The run's report, also written under {@code settings.out()}; its Markdown is {@link #markdown}. */
    public Result run() {
        Map<String, String> notMeasured = new LinkedHashMap<>();
        SqlComparison.QueryCapture capture = new SqlComparison.QueryCapture();
        Optional<PostgresUri> superuser = settings.superuser().map(PostgresUri::parse);
        BenchConnections database = null;
        if (settings.database().isPresent() && superuser.isPresent()) {
            progress.accept("Database: " + settings.database().get().jdbcUrl() + ", superuser " + superuser.get());
            try {
                database = BenchConnections.open(settings.database().get(), superuser.get().credentials(), capture);
            } catch (IllegalStateException e) {
                progress.accept("The database's own figures are left out: " + e.getMessage());
                notMeasured.put("database transactions per request", e.getMessage());
                notMeasured.put("sql", e.getMessage());
            }
        } else {
            String why = settings.database().isEmpty() ? "the application's database is not known (set DATABASE_URL, or "
                    + "--data-dir for serve's embedded one)" : "no superuser login (--pgbench-url)";
            notMeasured.put("database transactions per request", why);
            notMeasured.put("sql", why);
        }
        try (Connection setup = new Connection(settings.url())) {
            return measure(setup, database, capture, superuser, notMeasured);
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** A finished run: its report and where its files are. */
    public record Result(BenchReport report, String markdown) {
        public long errors() {
            return report.totalErrors() + report.verificationProblems().size();
        }
    }

    private Result measure(Connection setup, BenchConnections database, SqlComparison.QueryCapture capture,
                           Optional<PostgresUri> superuser, Map<String, String> notMeasured) {
        Map<String, ApiToken> tokens = new LinkedHashMap<>();
        Map<String, ClinicSample> samples = new LinkedHashMap<>();
        for (String clinic : settings.clinics()) {
            progress.accept("Collecting patients of " + clinic);
            ApiToken token = ApiToken.signIn(setup, settings.login(clinic, settings.apiUser()));
            tokens.put(clinic, token);
            samples.put(clinic, ClinicSample.collect(setup, token, settings.patientsPerLetter(), 20));
        }
        ClinicSample largest = samples.get(settings.searchClinic());
        if (largest == null) {
            throw new BenchFailure("the search clinic " + settings.searchClinic() + " is not one of --clinics");
        }
        List<PatientRef> everyone = mixed(samples);
        int most = settings.connections().stream().mapToInt(Integer::intValue).max().orElse(1);

        List<Scenario> scenarios = new ArrayList<>(reads(setup, tokens, samples, settings::runs));
        largest = samples.get(settings.searchClinic());
        if (settings.runs("api-check-in")) {
            List<CheckInScenario.Pair> pairs = new ArrayList<>();
            for (ClinicSample sample : samples.values()) {
                List<CheckInScenario.Pair> free = CheckInScenario.freePairs(setup, tokens.get(sample.clinic()), sample);
                int wanted = 2 * most;
                if (free.size() < wanted && !sample.doctors().isEmpty()) {
                    int patients = (wanted - free.size() + sample.doctors().size() - 1) / sample.doctors().size();
                    progress.accept("Registering " + patients + " patients in " + sample.clinic() + " to check in");
                    free.addAll(CheckInScenario.registerPatients(setup, tokens.get(sample.clinic()), sample.doctors(), patients));
                }
                pairs.addAll(free);
            }
            scenarios.add(new CheckInScenario(tokens, pairs).at(settings.url()));
        }

        LoadRun load = new LoadRun(settings.url(), settings.countersSettle());
        DatabaseActivity activity = database == null ? null : new DatabaseActivity(database);
        ServerStatements statements = settings.metricsUrl().map(ServerStatements::new).orElse(null);
        List<Measurement> measurements = new ArrayList<>();
        List<DatabaseCost> costs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<ServerMemory.Phase> memoryPhases = new ArrayList<>();
        ServerMemory memory = null;
        if (settings.serverPid().isPresent()) {
            try {
                memory = ServerMemory.attach(settings.serverPid().getAsLong());
            } catch (BenchFailure e) {
                notMeasured.put("server memory", e.getMessage());
            }
        } else {
            notMeasured.put("server memory", "the server's process is not known (--server-pid)");
        }
        Double heapMaxMb = memory == null ? null : memory.heapMaxMb();
        long untimed = 0;
        for (Scenario scenario : scenarios) {
            boolean first = true;
            for (int connections : settings.connections()) {
                if (memory != null) {
                    memory.phaseStarts();
                }
                measurements.add(report(load.run(scenario, connections, first ? settings.warmup() : settings.rewarm(),
                        settings.duration(), settings.maxRequests(), progress)));
                if (memory != null) {
                    memoryPhases.add(memory.phaseEnds(scenario.name(), connections));
                }
                first = false;
            }
            if (activity != null) {
                costs.add(load.count(scenario, settings.countedRequests(), activity, statements, progress));
            }
            problems.addAll(scenario.verify());
            untimed += scenario.untimedRequests();
        }
        List<Scenario> all = new ArrayList<>(scenarios);
        if (settings.runs("sign-in")) {
            SignInScenario signIn = new SignInScenario(settings.clinics().stream()
                    .map(clinic -> settings.login(clinic, settings.apiUser())).toList());
            all.add(signIn);
            for (int connections : settings.signInConnections()) {
                measurements.add(report(load.run(signIn, connections, settings.signInWarmup(),
                        settings.duration().multipliedBy(4), settings.signInRequests(), progress)));
            }
            if (activity != null) {
                costs.add(load.count(signIn, (int) Math.min(settings.countedRequests(), settings.signInRequests()),
                        activity, statements, progress));
            }
        }

        if (memory != null) {
            memory.close();
        }
        List<BenchReport.ScaleRun> scale = new ArrayList<>();
        for (Map.Entry<String, String> other : settings.otherPlatforms().entrySet()) {
            scale.addAll(onOtherPlatform(other.getKey(), other.getValue(), problems));
        }

        PgBench.Result pgbench = null;
        Optional<String> executable = settings.pgbench().or(PgBench::find);
        if (superuser.isEmpty()) {
            notMeasured.put("pgbench", "no superuser address (--pgbench-url)");
        } else if (executable.isEmpty()) {
            notMeasured.put("pgbench", "pgbench is not installed (apt-get install postgresql-client)");
        } else {
            try {
                pgbench = new PgBench(superuser.get(), executable.get()).run(settings.pgbenchScale(),
                        settings.pgbenchClients(), settings.pgbenchThreads(), settings.pgbenchDuration(), progress);
            } catch (BenchFailure e) {
                notMeasured.put("pgbench", e.getMessage());
            }
        }
        Double ratio = null;
        if (pgbench != null) {
            PgBench.Result ceiling = pgbench;
            ratio = measurements.stream()
                    .filter(m -> m.scenario().equals("api-get-patient") && m.connections() == ceiling.clients())
                    .map(m -> LoadRun.round(m.requestsPerSecond() / ceiling.transactionsPerSecond(), 4))
                    .findFirst().orElse(null);
        }

        List<SqlComparison.Result> sql = new ArrayList<>();
        String postgresVersion = null;
        if (database != null) {
            postgresVersion = database.serverVersion();
            ClinicId clinic = database.tenants().resolveSlug(largest.clinic())
                    .orElseThrow(() -> new BenchFailure("no clinic " + settings.searchClinic())).clinic();
            List<String> prefixes = largest.patients().stream().map(PatientRef::lastName).filter(n -> n.length() >= 3)
                    .map(n -> n.substring(0, 3).toLowerCase(Locale.ROOT)).toList();
            SqlComparison comparison = new SqlComparison(database, capture);
            for (SqlComparison.Shape shape : SqlComparison.shapes(clinic, largest.patients(), prefixes, largest.visits())) {
                sql.add(comparison.compare(clinic, shape, settings.sqlPerSide(), progress));
            }
        }

        BenchReport.Settings given = new BenchReport.Settings(settings.url(), settings.clinics(), settings.searchClinic(),
                settings.connections(), settings.signInConnections(), settings.warmup().toMillis() / 1000.0,
                settings.rewarm().toMillis() / 1000.0,
                settings.duration().toMillis() / 1000.0, settings.maxRequests(), settings.signInWarmup().toMillis() / 1000.0,
                settings.signInRequests(), everyone.size());
        long errors = measurements.stream().mapToLong(Measurement::errors).sum()
                + costs.stream().mapToLong(DatabaseCost::wrongAnswers).sum();
        BenchReport report = new BenchReport(Machine.here(postgresVersion), given,
                all.stream().map(s -> new BenchReport.ScenarioInfo(s.name(), s.description())).toList(), measurements,
                costs, pgbench, ratio, sql, notMeasured, problems, untimed, errors
                        + scale.stream().mapToLong(run -> run.measurement().errors()).sum(),
                settings.platform(), scale, heapMaxMb, memoryPhases);
        String markdown = MarkdownReport.of(report);
        write(report, markdown);
        return new Result(report, markdown);
    }

    /** The read scenarios, of those {@code wanted}, on one platform's sample. */
    private List<Scenario> reads(Connection setup, Map<String, ApiToken> tokens, Map<String, ClinicSample> samples,
                                 java.util.function.Predicate<String> wanted) {
        ClinicSample largest = samples.get(settings.searchClinic());
        List<Scenario> scenarios = new ArrayList<>();
        if (wanted.test("api-get-patient")) {
            scenarios.add(new PatientLookupScenario(mixed(samples), tokens));
        }
        if (wanted.test("api-search-name")) {
            scenarios.add(PatientSearchScenario.byName(largest, tokens.get(largest.clinic()), 3));
        }
        if (wanted.test("api-search-phone")) {
            scenarios.add(PatientSearchScenario.byPhone(largest, tokens.get(largest.clinic()), 5));
        }
        if (wanted.test("consultation-page")) {
            if (largest.visits().isEmpty()) {
                largest = withOneVisit(setup, tokens.get(largest.clinic()), largest);
                samples.put(largest.clinic(), largest); // for the SQL comparison's consultation queries too
            }
            scenarios.add(PageScenario.consultation(largest, settings.login(largest.clinic(), settings.doctorUser())));
        }
        if (wanted.test("queue-page")) {
            scenarios.add(PageScenario.queue(largest.clinic(), settings.login(largest.clinic(), settings.pageUser())));
        }
        return scenarios;
    }

    /**
     * The read scenarios again on a platform of another size, the same clinics and logins: at
     * the scale connection count, after the scale warm-up (a server started for this has run
     * none of the code yet).
     */
    private List<BenchReport.ScaleRun> onOtherPlatform(String platform, String url, List<String> problems) {
        progress.accept("Platform " + platform + " at " + url);
        try (Connection setup = new Connection(url)) {
            Map<String, ApiToken> tokens = new LinkedHashMap<>();
            Map<String, ClinicSample> samples = new LinkedHashMap<>();
            for (String clinic : settings.clinics()) {
                ApiToken token = ApiToken.signIn(setup, settings.login(clinic, settings.apiUser()));
                tokens.put(clinic, token);
                samples.put(clinic, ClinicSample.collect(setup, token, settings.patientsPerLetter(), 20));
            }
            if (samples.get(settings.searchClinic()) == null) {
                throw new BenchFailure("the search clinic " + settings.searchClinic() + " is not one of --clinics");
            }
            LoadRun load = new LoadRun(url, settings.countersSettle());
            List<BenchReport.ScaleRun> runs = new ArrayList<>();
            for (Scenario scenario : reads(setup, tokens, samples,
                    name -> settings.runs(name) && BenchSettings.SCALE_SCENARIOS.contains(name))) {
                Measurement m = report(load.run(scenario, settings.scaleConnections(), settings.scaleWarmup(),
                        settings.duration(), settings.maxRequests(), progress));
                runs.add(new BenchReport.ScaleRun(platform, url, m));
                problems.addAll(scenario.verify().stream().map(p -> platform + ": " + p).toList());
            }
            return runs;
        }
    }

    private Measurement report(Measurement m) {
        progress.accept(String.format(Locale.ROOT, "  %s x%d: %d requests, %.1f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%s",
                m.scenario(), m.connections(), m.requests(), m.requestsPerSecond(), m.latency().p50Ms(), m.latency().p99Ms(),
                m.errors(), m.firstError() == null ? "" : " (first: " + m.firstError() + ")"));
        return m;
    }

    /** Patients of every clinic, interleaved, so that a run over them mixes the clinics. */
    private static List<PatientRef> mixed(Map<String, ClinicSample> samples) {
        List<PatientRef> mixed = new ArrayList<>();
        int longest = samples.values().stream().mapToInt(s -> s.patients().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (ClinicSample sample : samples.values()) {
                if (i < sample.patients().size()) {
                    mixed.add(sample.patients().get(i));
                }
            }
        }
        return mixed;
    }

    /** A clinic with no visits yet gets one (a check-in of its first patient) for the consultation page. */
    private ClinicSample withOneVisit(Connection setup, ApiToken token, ClinicSample sample) {
        if (sample.patients().isEmpty() || sample.doctors().isEmpty()) {
            throw new BenchFailure(sample.clinic() + " has no patient or no doctor for a consultation page");
        }
        List<CheckInScenario.Pair> free = CheckInScenario.freePairs(setup, token, sample);
        if (free.isEmpty()) {
            throw new BenchFailure(sample.clinic() + " has no visit and no patient free to check in");
        }
        CheckInScenario.Pair pair = free.getFirst();
        var visit = setup.postJson(token.login().apiBase() + "/visits", token.current(setup),
                Map.of("patientId", pair.patient().toString(), "doctorId", pair.doctor().toString()),
                Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString())).require("checking in a visit to open").json();
        String lastName = sample.patients().stream().filter(p -> p.id().equals(pair.patient())).findFirst().orElseThrow().lastName();
        return new ClinicSample(sample.clinic(), sample.patients(), sample.doctors(),
                List.of(new ClinicSample.VisitRef(java.util.UUID.fromString(visit.path("id").asText()), lastName)));
    }

    private void write(BenchReport report, String markdown) {
        try {
            Files.createDirectories(settings.out());
            Files.writeString(settings.out().resolve("bench.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report), StandardCharsets.UTF_8);
            Files.writeString(settings.out().resolve("bench.md"), markdown, StandardCharsets.UTF_8);
            List<Measurement> plotted = report.measurements().stream().filter(m -> !m.scenario().equals("sign-in")).toList();
            Files.writeString(settings.out().resolve("bench.svg"),
                    LatencyPlot.svg("Latency per scenario and connection count (sign-in apart, in the tables)", plotted),
                    StandardCharsets.UTF_8);
            progress.accept("Wrote " + settings.out().resolve("bench.json") + ", bench.md and bench.svg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + settings.out(), e);
        }
    }
}
