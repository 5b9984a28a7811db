package io.santkrupa.cli;

import io.javalin.Javalin;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.clinicarchive.ConsoleArchives;
import io.santkrupa.db.Database;
import io.santkrupa.db.Migrations;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.demo.DemoData;
import io.santkrupa.web.ApiRateLimits;
import io.santkrupa.web.Metrics;
import io.santkrupa.web.MetricsServer;
import io.santkrupa.web.RequestMetrics;
import io.santkrupa.web.WebApp;
import io.santkrupa.web.WebServices;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.AccessTokens;
import io.santkrupa.web.auth.PasswordHasher;
import io.santkrupa.web.auth.RefreshTokens;
import io.santkrupa.web.auth.SigningKey;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Starts Santkrupa: the database (embedded unless DATABASE_URL), its migrations and RLS check,
 * then the HTTP server. Refuses to serve when the RLS linter finds anything.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start Santkrupa on the embedded PostgreSQL (or DATABASE_URL).")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--demo", description = "Load two demo clinics (sunrise, lotus) with a user of every role.")
    boolean demo;

    @Option(names = "--production",
            description = "Refuse to start unless configured for production: DATABASE_URL with password logins, every"
                    + " secret set and none a default, no --demo (default: on when $SANTKRUPA_ENV is production).")
    boolean production;

    @Option(names = "--port", description = "HTTP port (default: $PORT, else 8080).")
    Integer port;

    @Option(names = "--bind", defaultValue = "${env:BIND_ADDRESS:-127.0.0.1}",
            description = "Address to listen on (default: $BIND_ADDRESS, else ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--secure-cookies", defaultValue = "${env:SECURE_COOKIES:-false}",
            description = "Behind TLS: Secure cookies with the __Host- prefix (default: $SECURE_COOKIES, else false).")
    boolean secureCookies;

    @Option(names = "--api-rate-limit", defaultValue = "${env:API_RATE_LIMIT_PER_MINUTE:-600}",
            description = "API requests per minute per clinic (default: $API_RATE_LIMIT_PER_MINUTE, else 600).")
    int apiRateLimitPerMinute;

    @Option(names = "--metrics-port", defaultValue = "${env:METRICS_PORT}", paramLabel = "PORT",
            description = "Serve GET /metrics (Prometheus) on this port of the management listener; off when not"
                    + " given (default: $METRICS_PORT). Never on the public port.")
    Integer metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "${env:METRICS_BIND_ADDRESS:-127.0.0.1}", paramLabel = "ADDRESS",
            description = "Address of the management listener (default: $METRICS_BIND_ADDRESS, else ${DEFAULT-VALUE}).")
    String metricsBind;

    @Option(names = "--log-format", defaultValue = "${env:LOG_FORMAT:-text}", paramLabel = "text|json",
            converter = LogFormatConverter.class,
            description = "Log lines on standard error as text or as one JSON object per line (default: $LOG_FORMAT,"
                    + " else text).")
    LogFormat logFormat;

    @Option(names = "--shutdown-timeout", defaultValue = "${env:SHUTDOWN_TIMEOUT_SECONDS:-20}", paramLabel = "SECONDS",
            description = "On SIGTERM, how long requests in flight may take to finish; new ones are refused at once"
                    + " (default: $SHUTDOWN_TIMEOUT_SECONDS, else ${DEFAULT-VALUE}).")
    int shutdownTimeoutSeconds;

    static final class LogFormatConverter implements picocli.CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> LogFormat.TEXT;
                case "json" -> LogFormat.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "--log-format (LOG_FORMAT) must be text or json, not '" + value + "'");
            };
        }
    }

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public ServeCommand() {
        this(System.getenv(), System.out, System.err);
    }

    /** Over a given environment and output (tests): the secrets, DATABASE_URL and SANTKRUPA_ENV come from it. */
    ServeCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (apiRateLimitPerMinute < 1) {
            err.println("The API rate limit must be at least 1 request per minute, not " + apiRateLimitPerMinute + ".");
            return ExitCode.INVALID_INPUT;
        }
        if (shutdownTimeoutSeconds < 0 || metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            err.println("--shutdown-timeout must be 0 or more seconds, and --metrics-port a port number.");
            return ExitCode.INVALID_INPUT;
        }
        logFormat.apply();
        Map<String, String> env;
        boolean productionMode;
        try {
            env = SecretFiles.resolve(environment);
            productionMode = production || ProductionChecks.productionByEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        if (productionMode) {
            List<String> refusals = ProductionChecks.configurationRefusals(env, demo);
            if (!refusals.isEmpty()) {
                return refuse(refusals);
            }
        }
        DatabaseOptions.OpenDatabase db;
        try {
            db = database.open(env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        if (productionMode) {
            List<String> refusals = ProductionChecks.authenticationRefusals(db.config());
            if (!refusals.isEmpty()) {
                db.close();
                return refuse(refusals);
            }
        }
        if (productionMode && !secureCookies) {
            // not refused: TLS may end at a proxy in front; but a browser reaches it over https, where cookies must be Secure
            err.println("Warning: --secure-cookies (SECURE_COOKIES) is off: behind TLS, turn it on so session cookies are"
                    + " Secure and __Host- prefixed.");
        }
        out.println("Database: " + db.config().jdbcUrl()
                + (db.embedded() ? " (embedded, data in " + database.dataDir.toAbsolutePath()
                + (db.where() == DatabaseOptions.Where.EMBEDDED_ALREADY_RUNNING ? ", already running" : "") + ")" : ""));
        DatabaseChecks.migrate(db.config(), out);
        if (!DatabaseChecks.report(db.config(), out, false)) {
            out.println("Refusing to serve: the RLS linter found problems (run rls-report for details).");
            db.close();
            return 1;
        }
        Metrics metrics = metricsPort == null ? null : new Metrics();
        Database pools = Database.open(db.config(), metrics == null ? null : metrics.registry());
        TenantTransactions tenants = pools.tenants();
        PlatformTransactions platform = pools.platform();
        Clock clock = Clock.systemUTC();
        PasswordHasher hasher = new PasswordHasher();
        var key = SigningKey.load(env, SigningKey.defaultKeyFile(database.dataDir));
        WebSettings settings = new WebSettings(secureCookies, Duration.ofMinutes(15), Duration.ofHours(12));
        var clinicThrottle = WebServices.defaultThrottle();
        var platformThrottle = WebServices.defaultPlatformThrottle();
        var apiRateLimits = new ApiRateLimits(ApiRateLimits.Limits.perMinute(apiRateLimitPerMinute));
        WebServices services = new WebServices(tenants, platform, settings, new AccessTokens(key, clock, Duration.ofMinutes(10)),
                new RefreshTokens(clock, Duration.ofDays(14)), hasher, clinicThrottle, platformThrottle, apiRateLimits,
                new WebServices.Archives(Migrations.currentVersion(db.config()), ArchiveCommands.configuredMaintenanceLogin(db, env)
                        .map(login -> (ConsoleArchives.MaintenanceLogin) login::connect)), clock);

        var logins = demo ? DemoData.load(platform, tenants, hasher, clock) : java.util.List.<DemoData.Login>of();
        int httpPort = port != null ? port : Integer.parseInt(env.getOrDefault("PORT", "8080"));
        Javalin app = WebApp.create(services, metrics == null ? RequestMetrics.NONE : metrics,
                Duration.ofSeconds(shutdownTimeoutSeconds)).start(bind, httpPort);
        MetricsServer metricsServer = null;
        if (metrics != null) {
            metrics.bindThrottles(apiRateLimits, clinicThrottle, platformThrottle);
            metrics.bindJetty(app);
            metricsServer = MetricsServer.start(metrics, metricsBind, metricsPort);
        }
        MetricsServer management = metricsServer;

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Jetty stops accepting, lets the requests in flight finish (up to --shutdown-timeout), then
            // the pools close: no request loses its database half-way
            LoggerFactory.getLogger(ServeCommand.class).info("Stopping: finishing the requests in flight (up to {} s)",
                    shutdownTimeoutSeconds);
            app.stop();
            if (management != null) {
                management.close();
            }
            pools.close();
            db.close();
            stopped.countDown();
        }, "santkrupa-shutdown"));

        String base = "http://" + ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + app.port();
        out.println();
        out.println("Santkrupa is running at " + base + "  (Ctrl-C stops it)");
        out.println("Sign in at " + base + "/login");
        out.println("Platform console (super admins) at " + base + "/platform"
                + " -- create the first super admin with create-platform-admin");
        if (management != null) {
            out.println("Metrics (Prometheus) at http://" + metricsBind + ":" + management.port() + "/metrics");
        }
        if (demo) {
            out.println();
            out.println("Demo clinics:");
            logins.stream().map(DemoData.Login::clinicSlug).distinct().forEach(slug ->
                    out.println("  " + base + "/clinic/" + slug + "/"));
            out.println();
            out.printf("%-9s %-10s %-15s %s%n", "clinic", "username", "role", "password");
            logins.forEach(l -> out.printf("%-9s %-10s %-15s %s%n", l.clinicSlug(), l.username(), l.role(),
                    l.password()));
        }
        stopped.await();
        return 0;
    }

    private int refuse(List<String> refusals) {
        err.println("Refusing to start in production (--production or SANTKRUPA_ENV=production):");
        refusals.forEach(refusal -> err.println("  - " + refusal));
        return ExitCode.INVALID_INPUT;
    }
}
