package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Pools;
import io.santkrupa.db.SessionLimits;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement that runs away inside a request's tenant transaction -- here the patient read,
 * stuck behind a lock a DBA's session holds on the table -- is cut off by the session's limits
 * (statement_timeout, or lock_timeout when that is shorter) and answered 503 problem+json with
 * Retry-After: the server's condition, not the client's mistake, rolled back so a retry is safe,
 * never a stack trace. The pool's one connection then serves the next request, with no clinic
 * context or transaction left on it. (RoleLimitsTest proves the same below HTTP with pg_sleep.)
 */
@ExtendWith(TestDatabaseExtension.class)
class RunawayStatementTest {

    @Test
    void a_statement_past_statement_timeout_is_503_and_the_one_connection_serves_the_next_request(TestDatabase db)
            throws Exception {
        cutOffAndRecovered(db, new SessionLimits(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    @Test
    void a_lock_not_granted_within_lock_timeout_is_503_and_the_one_connection_serves_the_next_request(TestDatabase db)
            throws Exception {
        cutOffAndRecovered(db, new SessionLimits(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    private static void cutOffAndRecovered(TestDatabase db, SessionLimits limits) throws Exception {
        try (WebTestServer server = WebTestServer.withAppPool(db, Pools.app(db.config(), 1, limits))) {
            ClinicFixture.Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
            String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
            String patient = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
            assertThat(ApiClient.get(server, patient, token).statusCode()).isEqualTo(200);

            HttpResponse<String> cut;
            long started = System.nanoTime();
            try (Connection dba = db.connectAsSuperuser()) {
                dba.setAutoCommit(false);
                execute(dba, "LOCK TABLE santkrupa.patient IN ACCESS EXCLUSIVE MODE");
                cut = ApiClient.get(server, patient, token);
                dba.rollback();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
            assertThat(cut.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(cut.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode problem = ApiClient.json(cut);
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.get("title").asText()).isEqualTo("Service Unavailable");
            assertThat(problem.get("detail").asText()).contains("took too long", "nothing was saved");
            assertThat(cut.body()).doesNotContain("Exception", "SQL", "santkrupa.", "\tat ");
            assertThat(took).as("cut off by the session's limit, not left to wait").isLessThan(Duration.ofSeconds(5));

            HttpResponse<String> next = ApiClient.get(server, patient, token);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(server.appPool().getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
            try (Connection reused = server.appPool().getConnection()) {
                assertThat(reused.getAutoCommit()).as("no transaction left open").isTrue();
                assertThat(scalar(reused, "SELECT coalesce(current_setting('app.clinic_context', true), '')"))
                        .as("no clinic context left").isEmpty();
                assertThat(scalar(reused, "SELECT count(*) FROM santkrupa.patient")).as("fails closed").isEqualTo("0");
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
