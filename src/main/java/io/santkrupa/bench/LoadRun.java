package io.santkrupa.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Runs one scenario at one connection count: one platform thread per connection, each with its
 * own {@link Connection}, sending requests back to back; a warm-up whose requests are counted
 * but not measured, then the measured phase, which ends after {@code duration} or after
 * {@code maxRequests} requests, whichever comes first.
 *
 * <p>The database's transactions per request are counted apart ({@link #count}), in a phase
 * with the pauses PostgreSQL's counters need.
 */
final class LoadRun {

    private enum Phase { WARMUP, MEASURE, STOP }

    private final String baseUrl;
    private final Duration countersSettle;

    LoadRun(String baseUrl, Duration countersSettle) {
        this.baseUrl = baseUrl;
        this.countersSettle = countersSettle;
    }

    Measurement run(Scenario scenario, int connections, Duration warmup, Duration duration, long maxRequests,
                    Consumer<String> progress) {
        List<Connection> clients = new ArrayList<>();
        List<Scenario.Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection connection = new Connection(baseUrl);
            clients.add(connection);
            workers.add(scenario.worker(i, connection));
        }
        State state = new State(maxRequests, warmup);
        List<Loop> loops = workers.stream().map(worker -> new Loop(worker, state)).toList();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            threads.add(Thread.ofPlatform().name("bench-" + scenario.name() + "-" + i).start(loops.get(i)));
        }
        try {
            progress.accept(scenario.name() + " x" + connections + ": warming up " + warmup.toSeconds() + " s");
            sleep(warmup);
            progress.accept(scenario.name() + " x" + connections + ": measuring");
            long untimedBefore = scenario.untimedRequests();
            state.measureStart = System.nanoTime();
            state.phase = Phase.MEASURE;
            long deadline = state.measureStart + duration.toNanos();
            while (state.phase == Phase.MEASURE && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            state.phase = Phase.STOP;
            for (Thread thread : threads) {
                thread.join();
            }
            long untimed = scenario.untimedRequests() - untimedBefore;
            Histogram latency = LatencySummary.newHistogram();
            Map<String, Long> errors = new TreeMap<>();
            long end = state.measureStart;
            long warmupRequests = 0;
            long warmupErrors = 0;
            String firstError = null;
            for (Loop loop : loops) {
                latency.add(loop.latency);
                loop.errors.forEach((kind, n) -> errors.merge(kind, n, Long::sum));
                end = Math.max(end, loop.lastEnd);
                warmupRequests += loop.warmupRequests;
                warmupErrors += loop.warmupErrors;
                if (firstError == null) {
                    firstError = loop.firstError;
                }
            }
            double seconds = Math.max(1e-9, (end - state.measureStart) / 1e9);
            long count = latency.getTotalCount();
            Measurement measurement = new Measurement(scenario.name(), connections, warmup.toMillis() / 1000.0, count,
                    round(seconds, 3), round(count / seconds, 1), LatencySummary.of(latency),
                    errors.values().stream().mapToLong(Long::longValue).sum(), errors, warmupRequests, warmupErrors,
                    firstError, state.warmupTimeline(), untimed);
            return measurement;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.phase = Phase.STOP;
            throw new BenchFailure("interrupted", e);
        } finally {
            state.phase = Phase.STOP;
            clients.forEach(Connection::close);
        }
    }

    /**
     * The database's work per request of {@code scenario}: on one connection, after a pause in
     * which the server's backends publish their counters, {@code requests} requests one after
     * another, another pause, the counters again. A backend that published less than a second
     * ago keeps what follows until it is idle for PGSTAT_IDLE_INTERVAL (10 s), hence pauses of
     * {@code countersSettle} (11 s by default) and a phase of its own rather than the measured ones.
     */
    DatabaseCost count(Scenario scenario, int requests, DatabaseActivity activity, ServerStatements server,
                       Consumer<String> progress) {
        try (Connection connection = new Connection(baseUrl)) {
            Scenario.Worker worker = scenario.worker(0, connection);
            progress.accept(scenario.name() + ": counting the database's transactions of " + requests + " requests");
            long untimedBefore = scenario.untimedRequests();
            sleep(countersSettle);
            DatabaseActivity.Counters before = activity.counters();
            long serverBefore = server == null ? 0 : server.now();
            long wrong = 0;
            for (int i = 0; i < requests; i++) {
                try {
                    worker.prepare();
                    wrong += worker.request().right() ? 0 : 1;
                } catch (RuntimeException e) {
                    wrong++;
                }
            }
            long serverAfter = server == null ? 0 : server.now();
            sleep(countersSettle);
            DatabaseActivity.Counters after = activity.counters();
            double transactions = round(after.transactionsSince(before) / (double) requests, 2);
            Double statements = after.statementsSince(before).map(s -> round(s / (double) requests, 2)).orElse(null);
            String countedBy = statements == null ? null : "pg_stat_statements";
            if (statements == null && server != null) {
                statements = round((serverAfter - serverBefore) / (double) requests, 2);
                countedBy = "the server's /metrics";
            }
            return new DatabaseCost(scenario.name(), requests, wrong, scenario.untimedRequests() - untimedBefore,
                    transactions, statements, countedBy, statements == null ? null : round(statements + transactions, 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }

    private static final class State {
        volatile Phase phase = Phase.WARMUP;
        volatile long measureStart;
        final AtomicLong tickets;
        final long warmupStart = System.nanoTime();
        /** Right warm-up requests finished in each second of the warm-up: how throughput settles as the JIT works. */
        final AtomicLongArray warmupPerSecond;

        State(long maxRequests, Duration warmup) {
            this.tickets = new AtomicLong(maxRequests <= 0 ? Long.MAX_VALUE : maxRequests);
            this.warmupPerSecond = new AtomicLongArray((int) Math.max(1, (warmup.toMillis() + 999) / 1000));
        }

        void warmedUp(long end) {
            int second = (int) ((end - warmupStart) / 1_000_000_000L);
            if (second < warmupPerSecond.length()) {
                warmupPerSecond.incrementAndGet(second);
            }
        }

        List<Long> warmupTimeline() {
            List<Long> perSecond = new ArrayList<>();
            for (int i = 0; i < warmupPerSecond.length(); i++) {
                perSecond.add(warmupPerSecond.get(i));
            }
            return perSecond;
        }
    }

    /** One connection's loop; its figures are read after its thread has ended. */
    private static final class Loop implements Runnable {
        final Scenario.Worker worker;
        final State state;
        final Histogram latency = LatencySummary.newHistogram();
        final Map<String, Long> errors = new TreeMap<>();
        long lastEnd;
        long warmupRequests;
        long warmupErrors;
        String firstError;

        Loop(Scenario.Worker worker, State state) {
            this.worker = worker;
            this.state = state;
        }

        @Override
        public void run() {
            while (true) {
                Phase phase = state.phase;
                if (phase == Phase.STOP) {
                    return;
                }
                if (phase == Phase.MEASURE && state.tickets.getAndDecrement() <= 0) {
                    state.phase = Phase.STOP;
                    return;
                }
                Outcome outcome;
                long start;
                long end;
                try {
                    worker.prepare();
                    start = System.nanoTime();
                    outcome = request();
                    end = System.nanoTime();
                } catch (RuntimeException e) {
                    // a setup step between requests failed: counted as an error of this request
                    start = end = System.nanoTime();
                    outcome = Outcome.wrong(0, e.getMessage());
                }
                if (phase == Phase.WARMUP) {
                    warmupRequests++;
                    if (outcome.right()) {
                        state.warmedUp(end);
                    } else {
                        warmupErrors++;
                        remember(outcome);
                    }
                    continue;
                }
                latency.recordValue(Math.max(1, Math.min((end - start) / 1_000, latency.getHighestTrackableValue())));
                lastEnd = end;
                if (!outcome.right()) {
                    errors.merge(outcome.errorKey(), 1L, Long::sum);
                    remember(outcome);
                }
            }
        }

        private Outcome request() {
            try {
                return worker.request();
            } catch (java.io.UncheckedIOException e) {
                return Outcome.wrong(0, e.getMessage());
            }
        }

        private void remember(Outcome outcome) {
            if (firstError == null) {
                firstError = outcome.errorKey() + (outcome.wrong() == null ? "" : ": " + outcome.wrong());
            }
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
