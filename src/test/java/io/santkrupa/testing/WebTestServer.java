package io.santkrupa.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.santkrupa.clinicarchive.ConsoleArchives;
import io.santkrupa.db.Migrations;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.db.Pools;
import io.santkrupa.web.ApiRateLimits;
import io.santkrupa.web.Metrics;
import io.santkrupa.web.RequestMetrics;
import io.santkrupa.web.WebApp;
import io.santkrupa.web.WebServices;
import io.santkrupa.web.WebSettings;
import io.santkrupa.web.auth.AccessTokens;
import io.santkrupa.web.auth.LoginThrottle;
import io.santkrupa.web.auth.PasswordHasher;
import io.santkrupa.web.auth.RefreshTokens;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real application on a free port of 127.0.0.1, around the shared test database, with a
 * clock the test controls and a fresh signing key.
 */
public final class WebTestServer implements AutoCloseable {

    public final MutableClock clock = new MutableClock();
    public final PasswordHasher hasher = new PasswordHasher();
    public final SecretKey signingKey;
    /** Statements run by the application's tenant transactions (set_config included). */
    public final QueryCounter queries = new QueryCounter();
    public final AccessTokens accessTokens;
    /** Every delay a sign-in throttle imposed, in order (the server answers at once). */
    public final List<Duration> signInDelays = new CopyOnWriteArrayList<>();
    /** The per-clinic API limits, on {@link #clock}. */
    public final ApiRateLimits apiRateLimits;
    private final HikariDataSource pool;
    private final Javalin app;

    private static final java.util.concurrent.Executor AFTER_DELAY = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("test-sign-in-after-delay-", 0).factory());

    /** No sign-in limit any test but the throttling tests would meet. */
    public static final LoginThrottle.Limits LENIENT = new LoginThrottle.Limits(1000, 1000, 1000, 1000, Duration.ofMinutes(15));

    public WebTestServer(TestDatabase db) {
        this(db, LENIENT);
    }

    /** With the clinics' sign-in throttled by {@code throttle}, on {@link #clock}. */
    public WebTestServer(TestDatabase db, LoginThrottle.Limits throttle) {
        this(db, throttle, WebSettings.defaults());
    }

    public WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, WebSettings settings) {
        // high enough that no test but the rate-limit tests ever meets it
        this(db, throttle, settings, new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)));
    }

    public WebTestServer(TestDatabase db, ApiRateLimits.Limits apiLimits) {
        this(db, LENIENT, WebSettings.defaults(), apiLimits);
    }

    public WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, WebSettings settings, ApiRateLimits.Limits apiLimits) {
        this(db, throttle, LENIENT, settings, apiLimits);
    }

    /** With the platform console's sign-in throttled by {@code platformThrottle} (the throttling tests). */
    public static WebTestServer withPlatformThrottle(TestDatabase db, LoginThrottle.Limits platformThrottle) {
        return new WebTestServer(db, LENIENT, platformThrottle, WebSettings.defaults(),
                new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)));
    }

    /** Over {@code appPool} (closed with the server), e.g. a pool of one with short session limits. */
    public static WebTestServer withAppPool(TestDatabase db, HikariDataSource appPool) {
        return new WebTestServer(db, LENIENT, LENIENT, WebSettings.defaults(),
                new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)), appPool);
    }

    /**
     * As serve runs it with --metrics-port: requests timed into {@code metrics}, the app pool, Jetty
     * and the throttles bound to it, and stopping gracefully within {@code shutdownGrace}.
     */
    public static WebTestServer withMetrics(TestDatabase db, Metrics metrics, LoginThrottle.Limits throttle,
                                            ApiRateLimits.Limits apiLimits, Duration shutdownGrace) {
        return new WebTestServer(db, throttle, LENIENT, WebSettings.defaults(), apiLimits,
                Pools.app(db.config(), 6, metrics.registry()), metrics, shutdownGrace);
    }

    /** With no metrics, stopping at once, and a grace for the requests in flight when stopped (the shutdown tests). */
    public static WebTestServer withShutdownGrace(TestDatabase db, Duration shutdownGrace) {
        return new WebTestServer(db, LENIENT, LENIENT, WebSettings.defaults(),
                new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)), db.newAppPool(6), null, shutdownGrace);
    }

    private WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, LoginThrottle.Limits platformThrottle,
                          WebSettings settings, ApiRateLimits.Limits apiLimits) {
        this(db, throttle, platformThrottle, settings, apiLimits, db.newAppPool(6));
    }

    private WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, LoginThrottle.Limits platformThrottle,
                          WebSettings settings, ApiRateLimits.Limits apiLimits, HikariDataSource appPool) {
        this(db, throttle, platformThrottle, settings, apiLimits, appPool, null, Duration.ZERO);
    }

    /**
     * With the maintenance login (the test server's superuser) that lets the console offboard a
     * clinic; every other server has none, as serve on DATABASE_URL without MAINTENANCE_DATABASE_USER.
     */
    public static WebTestServer withMaintenanceLogin(TestDatabase db) {
        return new WebTestServer(db, LENIENT, LENIENT, WebSettings.defaults(),
                new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)), db.newAppPool(6), null, Duration.ZERO,
                Optional.of(db::connectAsSuperuser));
    }

    private WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, LoginThrottle.Limits platformThrottle,
                          WebSettings settings, ApiRateLimits.Limits apiLimits, HikariDataSource appPool, Metrics metrics,
                          Duration shutdownGrace) {
        this(db, throttle, platformThrottle, settings, apiLimits, appPool, metrics, shutdownGrace, Optional.empty());
    }

    private WebTestServer(TestDatabase db, LoginThrottle.Limits throttle, LoginThrottle.Limits platformThrottle,
                          WebSettings settings, ApiRateLimits.Limits apiLimits, HikariDataSource appPool, Metrics metrics,
                          Duration shutdownGrace, Optional<ConsoleArchives.MaintenanceLogin> maintenance) {
        this.apiRateLimits = new ApiRateLimits(apiLimits, ApiRateLimits.timeOf(clock));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.signingKey = new SecretKeySpec(key, "HmacSHA256");
        this.accessTokens = new AccessTokens(signingKey, clock, Duration.ofMinutes(10));
        this.pool = appPool;
        // the sign-in throttles count on the test's clock; their delays are recorded, not waited for, but
        // the sign-in still goes on in another thread, as after a real delay
        LoginThrottle.Pause recorded = delay -> {
            signInDelays.add(delay);
            return CompletableFuture.runAsync(() -> { }, AFTER_DELAY);
        };
        LoginThrottle clinicThrottle = new LoginThrottle(throttle, ApiRateLimits.timeOf(clock), recorded);
        LoginThrottle consoleThrottle = new LoginThrottle(platformThrottle, ApiRateLimits.timeOf(clock), recorded);
        WebServices services = new WebServices(metrics == null ? new TenantTransactions(pool, db.contexts(), queries)
                : new TenantTransactions(pool, db.contexts(), queries,
                        io.santkrupa.db.StatementCount.registeredIn(metrics.registry())), db.platform(), settings, accessTokens,
                new RefreshTokens(clock, Duration.ofDays(14)), hasher, clinicThrottle, consoleThrottle, apiRateLimits,
                new WebServices.Archives(schemaVersion(db), maintenance), clock);
        this.app = WebApp.create(services, metrics == null ? RequestMetrics.NONE : metrics, shutdownGrace)
                .start("127.0.0.1", 0);
        if (metrics != null) {
            metrics.bindThrottles(apiRateLimits, clinicThrottle, consoleThrottle);
            metrics.bindJetty(app);
        }
    }

    private static final java.util.Map<String, String> SCHEMA_VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The version of a test database's schema, read once (by the owner, as serve reads it at start). */
    private static String schemaVersion(TestDatabase db) {
        return SCHEMA_VERSIONS.computeIfAbsent(db.config().jdbcUrl(), url -> Migrations.currentVersion(db.config()));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    /** The app pool behind this server's tenant transactions (the fault tests exhaust it). */
    public HikariDataSource appPool() {
        return pool;
    }

    public Javalin app() {
        return app;
    }

    public TestBrowser browser() {
        return new TestBrowser(this);
    }

    /** A browser whose requests come from another loopback address, e.g. 127.0.0.2: another client's address. */
    public TestBrowser browserFrom(String address) {
        return TestBrowser.from(this, address);
    }

    @Override
    public void close() {
        app.stop();
        pool.close();
    }
}
