package io.santkrupa.seed;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The progress bar on standard error: rows written, rows per second, percent of the expected rows
 * and the time left. On a terminal one line redrawn in place every second; otherwise (a log, a
 * pipe) a new line every five seconds. The seed's, and the clinic export's and import's.
 */
public final class SeedProgress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean terminal;
    private final LongAdder rows = new LongAdder();
    private final long started = System.nanoTime();
    private volatile long expected = 1;
    private volatile String stage = "starting";
    private ScheduledExecutorService timer;

    public SeedProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    public void start(long expectedRows) {
        this.expected = Math.max(1, expectedRows);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "seed-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = terminal ? 1 : 5;
        timer.scheduleAtFixedRate(this::draw, period, period, TimeUnit.SECONDS);
    }

    public void stage(String stage) {
        this.stage = stage;
    }

    public void add(long n) {
        rows.add(n);
    }

    public long rows() {
        return rows.sum();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private synchronized void draw() {
        long done = rows.sum();
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        double fraction = Math.min(1.0, (double) done / expected);
        long left = rate > 0 ? (long) (Math.max(0, expected - done) / rate) : -1;
        int width = 30;
        int filled = (int) (fraction * width);
        String line = String.format("[%s%s] %5.1f%%  %,d rows  %,.0f rows/s  ETA %s  %s",
                "#".repeat(filled), ".".repeat(width - filled), fraction * 100, done, rate,
                left < 0 ? "?" : String.format("%d:%02d", left / 60, left % 60), stage);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Draws the last state and stops; again, nothing. */
    @Override
    public synchronized void close() {
        if (timer != null && !timer.isShutdown()) {
            timer.shutdownNow();
            draw();
            if (terminal) {
                err.println();
            }
            err.flush();
        }
    }
}
