package io.santkrupa.cli;

import io.javalin.Javalin;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.db.Database;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.demo.DemoData;
import io.santkrupa.web.ApiRateLimits;
import io.santkrupa.web.WebApp;
import io.santkrupa.web.WebServices;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.AccessTokens;
import io.santkrupa.web.auth.PasswordHasher;
import io.santkrupa.web.auth.RefreshTokens;
import io.santkrupa.web.auth.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
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

    @Override
    public Integer call() throws Exception {
        if (apiRateLimitPerMinute < 1) {
            System.err.println("The API rate limit must be at least 1 request per minute, not " + apiRateLimitPerMinute + ".");
            return 2;
        }
        var db = database.open();
        System.out.println("Database: " + db.config().jdbcUrl()
                + (db.embedded() ? " (embedded, data in " + database.dataDir.toAbsolutePath()
                + (db.where() == DatabaseOptions.Where.EMBEDDED_ALREADY_RUNNING ? ", already running" : "") + ")" : ""));
        DatabaseChecks.migrate(db.config(), System.out);
        if (!DatabaseChecks.report(db.config(), System.out, false)) {
            System.out.println("Refusing to serve: the RLS linter found problems (run rls-report for details).");
            db.close();
            return 1;
        }
        Database pools = Database.open(db.config());
        TenantTransactions tenants = pools.tenants();
        PlatformTransactions platform = pools.platform();
        Clock clock = Clock.systemUTC();
        PasswordHasher hasher = new PasswordHasher();
        var key = SigningKey.load(System.getenv(), SigningKey.defaultKeyFile(database.dataDir));
        WebSettings settings = new WebSettings(secureCookies, Duration.ofMinutes(15), Duration.ofHours(12));
        WebServices services = new WebServices(tenants, platform, settings, new AccessTokens(key, clock, Duration.ofMinutes(10)),
                new RefreshTokens(clock, Duration.ofDays(14)), hasher, WebServices.defaultThrottle(),
                WebServices.defaultPlatformThrottle(),
                new ApiRateLimits(ApiRateLimits.Limits.perMinute(apiRateLimitPerMinute)), clock);

        var logins = demo ? DemoData.load(platform, tenants, hasher, clock) : java.util.List.<DemoData.Login>of();
        int httpPort = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Javalin app = WebApp.create(services).start(bind, httpPort);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            pools.close();
            db.close();
            stopped.countDown();
        }, "santkrupa-shutdown"));

        String base = "http://" + ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + app.port();
        System.out.println();
        System.out.println("Santkrupa is running at " + base + "  (Ctrl-C stops it)");
        System.out.println("Sign in at " + base + "/login");
        System.out.println("Platform console (super admins) at " + base + "/platform"
                + " -- create the first super admin with create-platform-admin");
        if (demo) {
            System.out.println();
            System.out.println("Demo clinics:");
            logins.stream().map(DemoData.Login::clinicSlug).distinct().forEach(slug ->
                    System.out.println("  " + base + "/clinic/" + slug + "/"));
            System.out.println();
            System.out.printf("%-9s %-10s %-15s %s%n", "clinic", "username", "role", "password");
            logins.forEach(l -> System.out.printf("%-9s %-10s %-15s %s%n", l.clinicSlug(), l.username(), l.role(),
                    l.password()));
        }
        stopped.await();
        return 0;
    }
}
