package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API read in the steady state is one transaction: the clinic comes from memory, and its
 * status and the token's account are confirmed as the first reads of the request's own
 * transaction, before its work. Memory is only a hint: a clinic suspended or expired behind
 * this server's back (by the platform, another instance, psql) is refused at its very next
 * request, with nothing read or written.
 */
@ExtendWith(TestDatabaseExtension.class)
class RequestTransactionTest {

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_api_read_in_the_steady_state_is_one_transaction_with_its_checks_in_one_statement_before_its_work() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        String patient = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
        assertThat(ApiClient.get(server, patient, token).statusCode()).isEqualTo(200);

        server.queries.record();
        HttpResponse<String> read = ApiClient.get(server, patient, token);
        List<String> statements = server.queries.statements();
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains(clinic.row("patient").toString());

        assertThat(statements).as("no slug resolved: the clinic came from memory")
                .noneMatch(s -> s.contains("resolve_clinic"));
        // each tenant transaction opens with one batch of SET LOCALs (the clinic context among them)
        assertThat(statements.stream().filter(s -> s.toLowerCase().startsWith("set local")))
                .as("one transaction: " + statements).hasSize(1);
        int checks = indexOf(statements, "\"subscription_status\"");
        int work = indexOf(statements, "from \"santkrupa\".\"patient\"");
        assertThat(checks).as("the status confirmed: " + statements).isNotNegative();
        assertThat(statements.get(checks)).as("the account confirmed by the same statement").contains("\"app_user\"");
        assertThat(work).as("then the work").isGreaterThan(checks);
        // the context, the checks, the patient, its audit row
        assertThat(statements).as(statements.toString()).hasSize(4);
    }

    @Test
    void a_clinic_suspended_behind_the_servers_back_is_refused_at_its_next_request_and_nothing_is_read() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "reception", WebFixture.password("reception")).statusCode()).isEqualTo(303);
        String patient = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
        assertThat(ApiClient.get(server, patient, token).statusCode()).isEqualTo(200);
        assertThat(browser.get("/clinic/" + clinic.slug() + "/patients").statusCode()).isEqualTo(200);

        PlatformFixture.setStatus(db, clinic, "suspended");
        ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
        HttpResponse<String> api = ApiClient.get(server, patient, token);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).doesNotContain(clinic.row("patient").toString());
        HttpResponse<String> me = ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token);
        assertThat(me.statusCode()).as("a route that reads nothing is refused too").isEqualTo(403);
        HttpResponse<String> page = browser.get("/clinic/" + clinic.slug() + "/patients");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This clinic is suspended").doesNotContain("Patil");
        assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before)).as("not even an audit row of a read").isEmpty();

        PlatformFixture.setStatus(db, clinic, "active");
        assertThat(ApiClient.get(server, patient, token).statusCode()).as("active again, at once").isEqualTo(200);
        assertThat(browser.get("/clinic/" + clinic.slug() + "/patients").statusCode()).isEqualTo(200);
    }

    @Test
    void a_clinic_expired_behind_the_servers_back_refuses_the_next_write_and_still_reads() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        String patients = "/clinic/" + clinic.slug() + "/api/v1/patients";
        assertThat(ApiClient.get(server, patients + "/" + clinic.row("patient"), token).statusCode()).isEqualTo(200);

        PlatformFixture.setStatus(db, clinic, "expired");
        ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
        HttpResponse<String> write = ApiClient.send(server, "POST", patients, token,
                "{\"firstName\":\"Asha\",\"lastName\":\"Late\",\"gender\":\"female\",\"phone\":\"+919822012345\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
        assertThat(write.body()).contains("expired");
        assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before)).isEmpty();
        assertThat(ApiClient.get(server, patients + "/" + clinic.row("patient"), token).statusCode())
                .as("an expired clinic is still read").isEqualTo(200);

        PlatformFixture.setStatus(db, clinic, "active");
        HttpResponse<String> again = ApiClient.send(server, "POST", patients, token,
                "{\"firstName\":\"Asha\",\"lastName\":\"Renewed\",\"gender\":\"female\",\"phone\":\"+919822012346\"}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    /**
     * A check-in with an Idempotency-Key waits for the WAL flush once for the create and once for
     * its stored answer, not for the claim before them: the create's flush covers the claim (WAL
     * is written in order), and a claim lost in a crash had guarded nothing yet.
     */
    @Test
    void the_idempotency_claim_does_not_wait_for_a_flush_and_the_check_in_does() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        server.queries.record();
        HttpResponse<String> checkIn = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/visits", token,
                Json.write(Map.of("patientId", clinic.row("patient").toString(), "doctorId", clinic.row("doctor").toString())),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        List<String> statements = server.queries.statements();
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
        int claim = indexOf(statements, "insert into \"santkrupa\".\"api_idempotency_key\"");
        int visit = indexOf(statements, "insert into \"santkrupa\".\"patient_visit\"");
        int stored = indexOf(statements, "update \"santkrupa\".\"api_idempotency_key\"");
        assertThat(claim).as(statements.toString()).isNotNegative().isLessThan(visit);
        assertThat(stored).isGreaterThan(visit);
        assertThat(openingOf(statements, claim)).as("the claim's transaction").contains("synchronous_commit");
        assertThat(openingOf(statements, visit)).as("the check-in's").doesNotContain("synchronous_commit");
        assertThat(openingOf(statements, stored)).as("the stored answer's").doesNotContain("synchronous_commit");
    }

    /** The SET LOCAL batch that opened the transaction of statement {@code index}. */
    private static String openingOf(List<String> statements, int index) {
        for (int i = index; i >= 0; i--) {
            if (statements.get(i).toLowerCase().startsWith("set local")) {
                return statements.get(i);
            }
        }
        throw new AssertionError("no transaction opening before " + statements.get(index));
    }

    private static int indexOf(List<String> statements, String fragment) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).toLowerCase().contains(fragment.toLowerCase())) {
                return i;
            }
        }
        return -1;
    }
}
