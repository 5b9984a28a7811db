package io.santkrupa.bench;

import io.santkrupa.db.BenchConnections;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TransactionWork;
import io.santkrupa.patient.PatientQueries;
import io.santkrupa.patient.PatientSearch;
import io.santkrupa.visit.ConsultationQueries;
import org.HdrHistogram.Histogram;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.Select;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The same SQL twice, one connection, no HTTP: as the app role under RLS, in a transaction that
 * sets the clinic context exactly as the application does ({@code TenantTransactions.readInClinic}),
 * and as {@value BenchConnections#BYPASS_ROLE}, which bypasses RLS, so the query's explicit
 * {@code clinic_id = ?} is its only clinic filter. The queries are the application's own
 * ({@link PatientQueries#find}, {@link PatientSearch#run}, {@link ConsultationQueries}), so the
 * SQL is identical by construction. The two sides take turns in short slices to share the
 * machine's drift; the ratio is RLS's time per transaction over the bypass's.
 */
final class SqlComparison {

    /** One shape: what one transaction of it runs, for the i-th call. */
    record Shape(String name, String description, IntFunction<TransactionWork<Object>> work) {
    }

    record Side(long transactions, double seconds, double transactionsPerSecond, LatencySummary latency) {
    }

    /** A statement's plan under RLS, the indexes it scans and the tables it reads whole. */
    record Plan(String sql, String plan, List<String> indexes, List<String> sequentialScans, String planWithoutSeqScan,
                List<String> indexesWithoutSeqScan, Map<String, String> indexDefinitions) {
    }

    record Result(String shape, String description, Side rls, Side bypass, double rlsOverBypass, boolean sameRows,
                  List<Plan> plans) {
    }

    private static final Pattern INDEX = Pattern.compile("(?:Index Scan|Index Only Scan)(?: Backward)? using (\\S+)|Bitmap Index Scan on (\\S+)");
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\S+)");

    private final BenchConnections database;
    private final QueryCapture capture;

    SqlComparison(BenchConnections database, QueryCapture capture) {
        this.database = database;
        this.capture = capture;
    }

    /** The shapes of the issue: point lookup, name-prefix search, the consultation page's queries. */
    static List<Shape> shapes(ClinicId clinic, List<PatientRef> patients, List<String> prefixes,
                              List<ClinicSample.VisitRef> visits) {
        List<Shape> shapes = new ArrayList<>();
        if (!patients.isEmpty()) {
            shapes.add(new Shape("point-lookup", "PatientQueries.find: one patient by id (with the clinic's phone country)",
                    i -> tx -> PatientQueries.find(tx, clinic, patients.get(i % patients.size()).id())));
        }
        if (!prefixes.isEmpty()) {
            shapes.add(new Shape("name-prefix-search", "PatientSearch.run: the first 25 patients whose first or last name "
                    + "starts with a surname's first letters",
                    i -> tx -> PatientSearch.run(tx, clinic, new PatientSearch.Criteria(PatientSearch.Kind.NAME,
                            prefixes.get(i % prefixes.size())), null, 25)));
        }
        if (!visits.isEmpty()) {
            shapes.add(new Shape("consultation", "ConsultationQueries.visit and .otherVisits: the visit with its patient, "
                    + "doctor and note, then the patient's other visits with their diagnoses",
                    i -> tx -> {
                        UUID id = visits.get(i % visits.size()).id();
                        var visit = ConsultationQueries.visit(tx, clinic, id).orElseThrow();
                        return List.of(visit, ConsultationQueries.otherVisits(tx, clinic, visit.patientId(), id, null, null, 11));
                    }));
        }
        return shapes;
    }

    Result compare(ClinicId clinic, Shape shape, Duration perSide, Consumer<String> progress) {
        progress.accept("SQL " + shape.name() + ": RLS against bypass, " + perSide.toSeconds() + " s each");
        // the same rows both ways, for the first calls
        boolean same = true;
        for (int i = 0; i < 5; i++) {
            Object rls = database.tenants().readInClinic(clinic, shape.work().apply(i));
            Object bypass = database.bypassing(shape.work().apply(i));
            same &= Objects.equals(rls, bypass);
        }
        List<Plan> plans = plans(clinic, shape);
        Runner rls = new Runner(i -> database.tenants().readInClinic(clinic, shape.work().apply(i)));
        Runner bypass = new Runner(i -> database.bypassing(shape.work().apply(i)));
        long slice = Math.max(50, perSide.toMillis() / 10);
        rls.run(slice, false);
        bypass.run(slice, false);
        for (int round = 0; round < 10; round++) {
            if (round % 2 == 0) {
                rls.run(slice, true);
                bypass.run(slice, true);
            } else {
                bypass.run(slice, true);
                rls.run(slice, true);
            }
        }
        Side r = rls.side();
        Side b = bypass.side();
        double ratio = b.transactionsPerSecond() == 0 ? Double.NaN
                : LoadRun.round(b.transactionsPerSecond() / r.transactionsPerSecond(), 3);
        return new Result(shape.name(), shape.description(), r, b, ratio, same, plans);
    }

    /** EXPLAIN of each SELECT the shape runs, under RLS as the app role; again with seq scans off when it chose one. */
    private List<Plan> plans(ClinicId clinic, Shape shape) {
        List<Query> queries = capture.during(() -> database.tenants().readInClinic(clinic, shape.work().apply(0)));
        List<Plan> plans = new ArrayList<>();
        for (Query query : queries) {
            if (!(query instanceof Select<?>)) {
                continue;
            }
            String plan = text(database.tenants().readInClinic(clinic, tx -> tx.explain(query).plan()));
            List<String> seq = matches(SEQ_SCAN, plan);
            String forced = null;
            List<String> forcedIndexes = List.of();
            if (!seq.isEmpty()) {
                forced = database.tenants().readInClinic(clinic, tx -> {
                    tx.execute("SET LOCAL enable_seqscan = off");
                    return tx.explain(query).plan();
                });
                forced = text(forced);
                forcedIndexes = matches(INDEX, forced);
            }
            Set<String> indexes = new LinkedHashSet<>(matches(INDEX, plan));
            indexes.addAll(forcedIndexes);
            Map<String, String> definitions = indexes.isEmpty() ? Map.of() : database.tenants().readInClinic(clinic, tx ->
                    tx.resultQuery("SELECT indexname, indexdef FROM pg_catalog.pg_indexes WHERE indexname = ANY ({0})",
                                    (Object) indexes.toArray(String[]::new))
                            .fetch().stream().collect(Collectors.toMap(r -> r.get(0, String.class), r -> r.get(1, String.class),
                                    (a, b) -> a, java.util.TreeMap::new)));
            plans.add(new Plan(database.tenants().readInClinic(clinic, tx -> tx.render(query)), plan, matches(INDEX, plan),
                    seq, forced, forcedIndexes, definitions));
        }
        return plans;
    }

    /** The plan as psql prints it: jOOQ's table frame and heading taken off. */
    static String text(String framed) {
        return framed.lines()
                .filter(line -> line.startsWith("|") && !line.startsWith("|QUERY PLAN"))
                .map(line -> line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).stripTrailing())
                .collect(Collectors.joining("\n"));
    }

    private static List<String> matches(Pattern pattern, String plan) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(plan);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    found.add(m.group(g));
                }
            }
        }
        return found.stream().distinct().toList();
    }

    /** One side's transactions, one after another, timed one by one. */
    private static final class Runner {
        private final java.util.function.IntConsumer transaction;
        private final Histogram latency = LatencySummary.newHistogram();
        private long nanos;
        private int next;

        Runner(java.util.function.IntConsumer transaction) {
            this.transaction = transaction;
        }

        void run(long millis, boolean measured) {
            long end = System.nanoTime() + millis * 1_000_000;
            long started = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                transaction.accept(next++);
                long t1 = System.nanoTime();
                if (measured) {
                    latency.recordValue(Math.max(1, (t1 - t0) / 1_000));
                }
            }
            if (measured) {
                nanos += System.nanoTime() - started;
            }
        }

        Side side() {
            double seconds = nanos / 1e9;
            return new Side(latency.getTotalCount(), LoadRun.round(seconds, 3),
                    LoadRun.round(latency.getTotalCount() / seconds, 1), LatencySummary.of(latency));
        }
    }

    /** Collects the statements a tenant transaction runs on this thread, while asked to. */
    static final class QueryCapture implements ExecuteListener {
        private final ThreadLocal<List<Query>> captured = new ThreadLocal<>();

        @Override
        public void executeStart(ExecuteContext ctx) {
            List<Query> list = captured.get();
            if (list != null && ctx.query() != null) {
                list.add(ctx.query());
            }
        }

        List<Query> during(Runnable work) {
            captured.set(new ArrayList<>());
            try {
                work.run();
                return captured.get();
            } finally {
                captured.remove();
            }
        }
    }
}
