package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stopping the server (serve's SIGTERM hook) is graceful: it stops accepting at once -- a new
 * connection is refused -- while a request already in flight finishes and is answered 200; the
 * stop then completes without waiting out its grace.
 */
@ExtendWith(TestDatabaseExtension.class)
class GracefulShutdownTest {

    @Test
    void a_slow_request_in_flight_at_shutdown_completes_with_200_and_new_ones_are_refused(TestDatabase db) throws Exception {
        WebTestServer server = WebTestServer.withShutdownGrace(db, Duration.ofSeconds(20));
        CompletableFuture<Void> stopping = null;
        try {
            ClinicFixture.Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
            String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
            String patient = server.url("/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient"));
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> inFlight;
            try (Connection dba = db.connectAsSuperuser()) {
                // the request is slow: its read of the patient waits behind a DBA's lock (under lock_timeout)
                dba.setAutoCommit(false);
                execute(dba, "LOCK TABLE santkrupa.patient IN ACCESS EXCLUSIVE MODE");
                inFlight = client.sendAsync(HttpRequest.newBuilder(URI.create(patient)).header("Authorization", "Bearer " + token)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                awaitWaitingForLock(db);

                // the address taken before the stop: once the connector is closed the server knows no port (-2)
                String live = server.url("/health/live");
                stopping = CompletableFuture.runAsync(server::close);
                awaitRefused(live);
                assertThat(stopping).as("the stop waits for the request in flight").isNotDone();
                assertThat(inFlight).isNotDone();
                dba.rollback();
            }
            HttpResponse<String> answered = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(ApiClient.json(answered).get("id").asText()).isEqualTo(clinic.row("patient").toString());
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            if (stopping == null) {
                server.close();
            }
        }
    }

    /** Until a new connection is refused: the connector closes first thing in the stop. */
    private static void awaitRefused(String live) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(live)).timeout(Duration.ofSeconds(2))
                .GET().build();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); System.nanoTime() < deadline; ) {
            try {
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                Thread.sleep(50);
            } catch (IOException refused) {
                return;
            }
        }
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .as("a new connection after the stop began").isInstanceOf(IOException.class);
    }

    private static void awaitWaitingForLock(TestDatabase db) throws Exception {
        try (Connection superuser = db.connectAsSuperuser()) {
            for (long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos(); System.nanoTime() < deadline; ) {
                try (Statement s = superuser.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_catalog.pg_locks WHERE NOT granted")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the request never reached the locked table");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
