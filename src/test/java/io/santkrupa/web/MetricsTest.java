package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /metrics, scraped over HTTP from the management listener as Prometheus would: the JVM, Jetty,
 * the app pool, each request's latency as a histogram per route template (no slug, id or other
 * path of a request in any series), the API's rate-limit rejections and the sign-in failures.
 * The public listener has no /metrics (404); the management listener has nothing else.
 */
@ExtendWith(TestDatabaseExtension.class)
class MetricsTest {

    private static final int API_LIMIT = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase db;
    private static Metrics metrics;
    private static WebTestServer server;
    private static MetricsServer management;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        metrics = new Metrics();
        server = WebTestServer.withMetrics(db, metrics, WebTestServer.LENIENT,
                new io.santkrupa.web.ApiRateLimits.Limits(API_LIMIT, Duration.ofMinutes(1)), Duration.ZERO);
        management = MetricsServer.start(metrics, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        management.close();
        server.close();
        metrics.close();
    }

    @Test
    void the_series_are_there_per_route_template_and_no_request_path_leaks_into_them() throws Exception {
        ClinicFixture.Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        String patient = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
        assertThat(ApiClient.get(server, patient, token).statusCode()).isEqualTo(200);
        String probe = UUID.randomUUID().toString();
        assertThat(ApiClient.get(server, "/no/such/" + probe, null).statusCode()).isEqualTo(404);

        HttpResponse<String> scrape = get(managementUrl("/metrics"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        String text = scrape.body();
        assertThat(text).contains(
                "http_server_requests_seconds_bucket{method=\"GET\",route=\"/clinic/{slug}/api/v1/patients/{patientId}\","
                        + "status=\"200\",le=\"0.005\"}",
                "http_server_requests_seconds_count{method=\"GET\",route=\"/clinic/{slug}/api/v1/patients/{patientId}\","
                        + "status=\"200\"}",
                "route=\"(unmatched)\",status=\"404\"",
                "jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
                "jetty_threads_busy", "jetty_threads_config_max", "jetty_connections_",
                "hikaricp_connections_active{pool=\"santkrupa-app\"}", "hikaricp_connections_max{pool=\"santkrupa-app\"}",
                "santkrupa_api_rate_limit_rejections_total",
                "santkrupa_sign_in_failures_total{realm=\"clinic\"}", "santkrupa_sign_in_failures_total{realm=\"platform\"}",
                "santkrupa_sign_in_refusals_total{realm=\"clinic\"}");
        // the database round trips: GET one patient sends four statements (RequestTransactionTest says which)
        double statementsBefore = value(text, "santkrupa_db_statements_total");
        assertThat(ApiClient.get(server, patient, token).statusCode()).isEqualTo(200);
        assertThat(value(get(managementUrl("/metrics")).body(), "santkrupa_db_statements_total"))
                .isEqualTo(statementsBefore + 4);
        assertThat(text).as("no slug, id or raw path in any series")
                .doesNotContain(clinic.slug(), clinic.row("patient").toString(), probe, "/no/such");
        assertThat(buckets(text, "/clinic/{slug}/api/v1/patients/{patientId}", "200")).as("a short, fixed list of buckets")
                .isEqualTo(12);
    }

    @Test
    void rate_limit_rejections_and_sign_in_failures_are_counted() throws Exception {
        ClinicFixture.Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        double rejectedBefore = value(get(managementUrl("/metrics")).body(), "santkrupa_api_rate_limit_rejections_total");
        double failedBefore = value(get(managementUrl("/metrics")).body(), "santkrupa_sign_in_failures_total{realm=\"clinic\"}");

        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        String me = "/clinic/" + clinic.slug() + "/api/v1/me";
        for (int i = 0; i < API_LIMIT; i++) {
            assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(200);
        }
        assertThat(ApiClient.get(server, me, token).statusCode()).isEqualTo(429);
        HttpResponse<String> wrong = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/auth/token", null,
                Json.write(Map.of("username", "doctor", "password", "not the password")));
        assertThat(wrong.statusCode()).isEqualTo(401);

        String text = get(managementUrl("/metrics")).body();
        assertThat(value(text, "santkrupa_api_rate_limit_rejections_total")).isEqualTo(rejectedBefore + 1);
        assertThat(value(text, "santkrupa_sign_in_failures_total{realm=\"clinic\"}")).isEqualTo(failedBefore + 1);
        assertThat(text).contains("route=\"/clinic/{slug}/api/v1/me\",status=\"429\"");
    }

    @Test
    void metrics_are_on_the_management_listener_only() throws Exception {
        assertThat(get(server.url("/metrics")).statusCode()).as("the public listener").isEqualTo(404);
        assertThat(get(managementUrl("/")).statusCode()).isEqualTo(404);
        assertThat(get(managementUrl("/health/ready")).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl("/metrics")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(405);
    }

    /**
     * What the request path pays: one timer update of an existing route. Not a timed assertion --
     * the figure is printed for the README -- only the allocation, which must stay near nothing.
     */
    @Test
    void recording_a_request_allocates_next_to_nothing() {
        try (Metrics own = new Metrics()) {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            for (int i = 0; i < 200_000; i++) {
                own.record("GET", "/clinic/{slug}/api/v1/patients/{patientId}", 200, 1_000_000 + i);
            }
            int n = 1_000_000;
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                own.record("GET", "/clinic/{slug}/api/v1/patients/{patientId}", 200, 1_000_000 + i);
            }
            long nanos = System.nanoTime() - started;
            long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
            System.out.printf("Metrics.record: %.0f ns and %.1f bytes per request (%d requests)%n",
                    (double) nanos / n, (double) bytes / n, n);
            assertThat((double) bytes / n).as("bytes allocated per recorded request").isLessThan(64);
        }
    }

    private static int buckets(String text, String route, String status) {
        Matcher m = Pattern.compile("http_server_requests_seconds_bucket\\{method=\"GET\",route=\"" + Pattern.quote(route)
                + "\",status=\"" + status + "\",le=\"[^\"]+\"}").matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    private static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError(series + " not in the scrape");
    }

    private static String managementUrl(String path) {
        return "http://127.0.0.1:" + management.port() + path;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
