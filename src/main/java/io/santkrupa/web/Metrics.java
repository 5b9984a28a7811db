package io.santkrupa.web;

import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.santkrupa.web.auth.LoginThrottle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The application's metrics, in Prometheus's text format for {@code /metrics} on the management
 * listener ({@link MetricsServer}): the JVM, Jetty's threads and connections, the database pools
 * (bound where they are built), every request's latency as a histogram per route template,
 * method and status, the API's rate-limit rejections and the sign-in failures and refusals.
 *
 * <p>The request path pays one map lookup and one timer update per request: a timer is made once
 * per (method, route, status) and kept, and its histogram has a fixed, short list of buckets.
 */
public final class Metrics implements RequestMetrics, AutoCloseable {

    /** The latency buckets: from a cached read to the statement timeout. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(15)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private JettyServerThreadPoolMetrics jettyThreads;

    private record TimerKey(String method, String route, int status) {
    }

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry the database pools report to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The API's rate-limit rejections, and the clinics' and the platform console's sign-in failures and refusals. */
    public void bindThrottles(ApiRateLimits api, LoginThrottle clinics, LoginThrottle platform) {
        FunctionCounter.builder("santkrupa.api.rate.limit.rejections", api, ApiRateLimits::rejections)
                .description("API requests refused 429 by a clinic's (or an address's) rate limit").register(registry);
        for (var realm : List.of(new Realm("clinic", clinics), new Realm("platform", platform))) {
            FunctionCounter.builder("santkrupa.sign.in.failures", realm.throttle(), LoginThrottle::failures)
                    .tag("realm", realm.name())
                    .description("failed sign-ins: unknown user, wrong password, inactive account, wrong code")
                    .register(registry);
            FunctionCounter.builder("santkrupa.sign.in.refusals", realm.throttle(), LoginThrottle::refusals)
                    .tag("realm", realm.name())
                    .description("sign-in attempts refused 429 by the throttle, before any password was checked")
                    .register(registry);
        }
    }

    private record Realm(String name, LoginThrottle throttle) {
    }

    /** Jetty's thread pool and connections of the started application. */
    public void bindJetty(Javalin app) {
        jettyThreads = new JettyServerThreadPoolMetrics(app.jettyServer().threadPool(), List.of());
        jettyThreads.bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(app.jettyServer().server(), registry);
    }

    @Override
    public void record(String method, String route, int status, long nanos) {
        TimerKey key = new TimerKey(method, route, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(TimerKey key) {
        return Timer.builder("http.server.requests")
                .description("answered requests, by route template (never the raw path), method and status")
                .tag("method", key.method()).tag("route", key.route()).tag("status", String.valueOf(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Every series, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        if (jettyThreads != null) {
            try {
                jettyThreads.close();
            } catch (Exception ignored) {
                // nothing to release but its gauges
            }
        }
        registry.close();
    }
}
