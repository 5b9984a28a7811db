package io.santkrupa.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgbench -S} (select-only: one primary-key lookup per transaction) on the same
 * PostgreSQL, in a database of its own ({@value #DATABASE}) created and initialised
 * ({@code pgbench -i}) when missing or of another scale: the database's ceiling for single-row
 * reads, to set the API's lookups against.
 */
final class PgBench {

    static final String DATABASE = "santkrupa_pgbench";
    // whole statements, never built from parts: psql runs them as they are
    private static final String DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = 'santkrupa_pgbench'";
    private static final String CREATE_DATABASE = "CREATE DATABASE santkrupa_pgbench";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    record Result(String command, int scale, int clients, int threads, int seconds, double transactionsPerSecond,
                  double latencyAverageMs, String version) {
    }

    private final PostgresUri superuser;
    private final String pgbench;
    private final String psql;

    PgBench(PostgresUri superuser, String pgbench) {
        this.superuser = superuser;
        this.pgbench = pgbench;
        Path sibling = Path.of(pgbench).resolveSibling("psql");
        this.psql = Files.isExecutable(sibling) ? sibling.toString() : "psql";
    }

    /** The pgbench on the PATH, else one of Debian's /usr/lib/postgresql/N/bin; empty when there is none. */
    static Optional<String> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .map(Path::toString).sorted().reduce((a, b) -> b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Result run(int scale, int clients, int threads, Duration duration, Consumer<String> progress) {
        String version = exec(List.of(pgbench, "--version")).strip();
        if (query(superuser.libpq("postgres"), DATABASE_EXISTS).isEmpty()) {
            progress.accept("pgbench: creating the database " + DATABASE);
            query(superuser.libpq("postgres"), CREATE_DATABASE);
        }
        String target = superuser.libpq(DATABASE);
        String branches = queryOrEmpty(target, "SELECT count(*) FROM pgbench_branches");
        if (!branches.equals(String.valueOf(scale))) {
            progress.accept("pgbench: initialising " + DATABASE + " at scale " + scale + " (" + scale * 100_000 + " accounts)");
            exec(List.of(pgbench, "-i", "-q", "-s", String.valueOf(scale), target));
        }
        List<String> command = List.of(pgbench, "-S", "-n", "-c", String.valueOf(clients), "-j", String.valueOf(threads),
                "-T", String.valueOf(duration.toSeconds()), target);
        progress.accept("pgbench: " + String.join(" ", command.subList(1, command.size() - 1)));
        String output = exec(command);
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new BenchFailure("pgbench printed no tps:\n" + output);
        }
        Matcher latency = LATENCY.matcher(output);
        return new Result("pgbench -S -n -c " + clients + " -j " + threads + " -T " + duration.toSeconds(), scale, clients,
                threads, (int) duration.toSeconds(), Double.parseDouble(tps.group(1)),
                latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN, version);
    }

    private String query(String uri, String sql) {
        return exec(List.of(psql, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql)).strip();
    }

    private String queryOrEmpty(String uri, String sql) {
        try {
            return query(uri, sql);
        } catch (BenchFailure e) {
            return "";
        }
    }

    private String exec(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        if (!superuser.password().isEmpty()) {
            env.put("PGPASSWORD", superuser.password());
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new BenchFailure(command.get(0) + " failed (" + exit + "): " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new BenchFailure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }
}
