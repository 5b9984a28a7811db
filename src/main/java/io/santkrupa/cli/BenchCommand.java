package io.santkrupa.cli;

import io.santkrupa.bench.Bench;
import io.santkrupa.bench.BenchFailure;
import io.santkrupa.bench.BenchSettings;
import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.RunningEmbeddedServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a running Santkrupa server from outside: API patient lookups, searches, the "
                + "consultation and queue pages, check-ins and sign-in, each at several connection counts, after a warm-up; "
                + "pgbench -S and the same SQL with and without RLS side by side when the database is reachable.",
                "",
                "Start the server in one shell with a rate limit the bench will not meet (every non-2xx is an error):",
                "  santkrupa serve --demo --api-rate-limit 100000000",
                "and in another:",
                "  santkrupa bench --url http://127.0.0.1:8080",
                "For serve's embedded database the bench finds the database (and its superuser, for pgbench) under "
                        + "--data-dir; elsewhere set DATABASE_URL (and the role passwords, as for serve) and --pgbench-url.",
                "A seeded platform: --clinics seed-001,seed-002,... --password '<the seed's password>'.",
                "Writes bench.json, bench.md and bench.svg under --out and prints bench.md. Exits 1 when any request "
                        + "was answered wrongly.", ""})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The running server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--clinics", split = ",", defaultValue = "sunrise,lotus",
            description = "Clinic slugs, the largest first: searches and pages run in the first (default: ${DEFAULT-VALUE}).")
    List<String> clinics;

    @Option(names = "--api-user", defaultValue = "reception",
            description = "The staff username of every clinic for the API, check-ins and sign-in (default: ${DEFAULT-VALUE}).")
    String apiUser;

    @Option(names = "--doctor-user", defaultValue = "doctor",
            description = "The doctor who opens consultation pages (default: ${DEFAULT-VALUE}).")
    String doctorUser;

    @Option(names = "--page-user", defaultValue = "reception",
            description = "Who opens the queue page (default: ${DEFAULT-VALUE}).")
    String pageUser;

    @Option(names = "--password", defaultValue = "{clinic}-{username}-demo",
            description = "The staff's password; {clinic} and {username} are replaced (default: the demo's, ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--connections", split = ",", defaultValue = "1,8,32",
            description = "Connection counts for each scenario (default: ${DEFAULT-VALUE}).")
    List<Integer> connections;

    @Option(names = "--warmup", defaultValue = "40",
            description = "Warm-up seconds before a scenario's first connection count: on a fresh server the JIT "
                    + "takes about 40 s to settle (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--rewarm", defaultValue = "5",
            description = "Warm-up seconds before each further connection count of a scenario (default: ${DEFAULT-VALUE}).")
    double rewarmSeconds;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--requests", defaultValue = "0",
            description = "At most this many measured requests per scenario and connection count (default: no cap).")
    long maxRequests;

    @Option(names = "--scenarios", split = ",",
            description = "Only these scenarios (default: all): " + "api-get-patient, api-search-name, api-search-phone, "
                    + "consultation-page, queue-page, api-check-in, sign-in.")
    List<String> scenarios = List.of();

    @Option(names = "--sign-in-connections", split = ",", defaultValue = "1,2",
            description = "Connection counts for sign-in (default: ${DEFAULT-VALUE}).")
    List<Integer> signInConnections;

    @Option(names = "--sign-in-requests", defaultValue = "40",
            description = "Measured sign-ins per connection count (default: ${DEFAULT-VALUE}).")
    long signInRequests;

    @Option(names = "--sign-in-warmup", defaultValue = "3", description = "Sign-in warm-up seconds (default: ${DEFAULT-VALUE}).")
    double signInWarmupSeconds;

    @Option(names = "--patients-per-letter", defaultValue = "40",
            description = "Patients listed per initial letter a-z and clinic, to ask for (default: ${DEFAULT-VALUE}).")
    int patientsPerLetter;

    @Option(names = "--data-dir", defaultValue = "data",
            description = "serve's data directory, where the bench finds its embedded PostgreSQL (default: ${DEFAULT-VALUE}); "
                    + "ignored with DATABASE_URL.")
    Path dataDir;

    @Option(names = "--pgbench-url",
            description = "A superuser's postgresql://user[:password]@host:port/db on the application's server: pgbench, "
                    + "the RLS-bypassing comparison role and the transaction counters (default: the embedded server's postgres).")
    String pgbenchUrl;

    @Option(names = "--pgbench", description = "The pgbench program (default: on the PATH, or /usr/lib/postgresql/*/bin).")
    String pgbench;

    @Option(names = "--pgbench-scale", defaultValue = "10", description = "pgbench -i scale (default: ${DEFAULT-VALUE}).")
    int pgbenchScale;

    @Option(names = "--pgbench-clients", defaultValue = "8", description = "pgbench -c (default: ${DEFAULT-VALUE}).")
    int pgbenchClients;

    @Option(names = "--pgbench-threads", defaultValue = "2", description = "pgbench -j (default: ${DEFAULT-VALUE}).")
    int pgbenchThreads;

    @Option(names = "--pgbench-seconds", defaultValue = "15", description = "pgbench -T (default: ${DEFAULT-VALUE}).")
    int pgbenchSeconds;

    @Option(names = "--sql-seconds", defaultValue = "4",
            description = "Seconds per side and query shape of the RLS comparison (default: ${DEFAULT-VALUE}).")
    double sqlSeconds;

    @Option(names = "--counted-requests", defaultValue = "500",
            description = "Requests per scenario whose database transactions are counted, on one connection (default: ${DEFAULT-VALUE}).")
    int countedRequests;

    @Option(names = "--out", defaultValue = "target/bench", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--platform", defaultValue = "this platform", paramLabel = "NAME",
            description = "What to call the server's platform in the report, e.g. \"1M patients\" (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--other-platform", paramLabel = "NAME=URL", mapFallbackValue = "",
            description = "Another running server, on a platform of another size with the same clinics and logins "
                    + "(e.g. seeded with --patients 10000): the read scenarios run there too, at --scale-connections, "
                    + "and the report puts the latencies side by side. Repeatable, in the order wanted.")
    java.util.LinkedHashMap<String, String> otherPlatforms = new java.util.LinkedHashMap<>();

    @Option(names = "--scale-connections", defaultValue = "8",
            description = "Connections of the runs on --other-platform (default: ${DEFAULT-VALUE}).")
    int scaleConnections;

    @Option(names = "--scale-warmup", defaultValue = "20",
            description = "Warm-up seconds of each scenario on --other-platform (default: ${DEFAULT-VALUE}).")
    double scaleWarmupSeconds;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "The server's /metrics (serve --metrics-port), e.g. http://127.0.0.1:9464/metrics: the "
                    + "statements it sent per request, for the database round trips per request, where the database does "
                    + "not load pg_stat_statements (the embedded one does not).")
    String metricsUrl;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process (on this machine, same user): its heap and resident memory are read "
                    + "during each measured phase through the JVM's Attach API. Without it, memory is not measured.")
    Long serverPid;

    @Override
    public Integer call() {
        Optional<DatabaseConfig> database = DatabaseConfig.fromEnvironment(System.getenv());
        Optional<String> superuser = Optional.ofNullable(pgbenchUrl);
        if (database.isEmpty()) {
            Optional<RunningEmbeddedServer> embedded = RunningEmbeddedServer.in(dataDir.resolve("postgres"));
            database = embedded.map(RunningEmbeddedServer::config);
            if (superuser.isEmpty()) {
                // the embedded server trusts local connections; its superuser is postgres
                superuser = embedded.map(server -> "postgresql://postgres@127.0.0.1:" + server.port() + "/postgres");
            }
        }
        BenchSettings settings;
        try {
            settings = new BenchSettings(url, clinics, clinics.getFirst(), apiUser, doctorUser, pageUser, password,
                    connections, signInConnections, seconds(warmupSeconds), seconds(rewarmSeconds), seconds(durationSeconds),
                    maxRequests,
                    seconds(signInWarmupSeconds), signInRequests, new LinkedHashSet<>(scenarios), patientsPerLetter,
                    database, superuser, Optional.ofNullable(pgbench), pgbenchScale, pgbenchClients, pgbenchThreads,
                    Duration.ofSeconds(pgbenchSeconds), seconds(sqlSeconds),
                    countedRequests, io.santkrupa.bench.Bench.COUNTERS_SETTLE, out, platform, otherPlatforms,
                    scaleConnections, seconds(scaleWarmupSeconds),
                    serverPid == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(serverPid),
                    Optional.ofNullable(metricsUrl));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        try {
            Bench.Result result = new Bench(settings, System.err::println).run();
            System.out.println(result.markdown());
            return result.errors() == 0 ? ExitCode.DONE : ExitCode.FAILED;
        } catch (BenchFailure e) {
            System.err.println("The bench stopped: " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
