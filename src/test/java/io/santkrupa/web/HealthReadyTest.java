package io.santkrupa.web;

import io.santkrupa.testing.RestartableDatabase;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /health/ready answers 503 while the database cannot be reached -- a load balancer or
 * orchestrator then sends no traffic -- and 200 again once it is back, without a restart of the
 * application; /health/live stays 200 throughout (the process is fine; restarting it would not
 * bring the database back). On a database of its own: the shared one never goes down.
 */
class HealthReadyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void ready_is_503_while_the_database_is_down_and_200_when_it_is_back() throws Exception {
        try (RestartableDatabase restartable = RestartableDatabase.start();
             WebTestServer server = new WebTestServer(restartable.database())) {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);

            restartable.stop();
            long started = System.nanoTime();
            HttpResponse<String> down = get(server, "/health/ready");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("database unreachable");
            assertThat(took).as("within the pool's connection timeout, not the default 30 s").isLessThan(Duration.ofSeconds(10));
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

            restartable.startServer();
            int status = 0;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; ) {
                status = get(server, "/health/ready").statusCode();
                if (status == 200) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(status).as("ready again once the database is back").isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(WebTestServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
