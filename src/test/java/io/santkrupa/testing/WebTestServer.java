package io.santkrupa.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.ApiRateLimits;
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
    /** The per-clinic API limits, on {@link #clock}. */
    public final ApiRateLimits apiRateLimits;
    private final HikariDataSource pool;
    private final Javalin app;

    public WebTestServer(TestDatabase db) {
        this(db, new LoginThrottle(1000, 1000, Duration.ofMinutes(15)));
    }

    public WebTestServer(TestDatabase db, LoginThrottle throttle) {
        this(db, throttle, WebSettings.defaults());
    }

    public WebTestServer(TestDatabase db, LoginThrottle throttle, WebSettings settings) {
        // high enough that no test but the rate-limit tests ever meets it
        this(db, throttle, settings, new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)));
    }

    public WebTestServer(TestDatabase db, ApiRateLimits.Limits apiLimits) {
        this(db, new LoginThrottle(1000, 1000, Duration.ofMinutes(15)), WebSettings.defaults(), apiLimits);
    }

    public WebTestServer(TestDatabase db, LoginThrottle throttle, WebSettings settings, ApiRateLimits.Limits apiLimits) {
        this(db, throttle, new LoginThrottle(1000, 1000, Duration.ofMinutes(15)), settings, apiLimits);
    }

    /** With the platform console's sign-in throttled by {@code platformThrottle} (the throttling tests). */
    public static WebTestServer withPlatformThrottle(TestDatabase db, LoginThrottle platformThrottle) {
        return new WebTestServer(db, new LoginThrottle(1000, 1000, Duration.ofMinutes(15)), platformThrottle,
                WebSettings.defaults(), new ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)));
    }

    private WebTestServer(TestDatabase db, LoginThrottle throttle, LoginThrottle platformThrottle, WebSettings settings,
                          ApiRateLimits.Limits apiLimits) {
        this.apiRateLimits = new ApiRateLimits(apiLimits, ApiRateLimits.timeOf(clock));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.signingKey = new SecretKeySpec(key, "HmacSHA256");
        this.accessTokens = new AccessTokens(signingKey, clock, Duration.ofMinutes(10));
        this.pool = db.newAppPool(6);
        WebServices services = new WebServices(new TenantTransactions(pool, queries), db.platform(), settings, accessTokens,
                new RefreshTokens(clock, Duration.ofDays(14)), hasher, throttle, platformThrottle, apiRateLimits, clock);
        this.app = WebApp.create(services).start("127.0.0.1", 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
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
