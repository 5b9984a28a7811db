package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ReceptionFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A seconds-long bench run against the real server and database: every scenario at 1 and 2
 * connections with a tiny warm-up and a request cap. It asserts correctness only -- no error,
 * the right data in every answer, distinct check-in tokens, the same rows with and without RLS,
 * the three report files written and well-formed -- never a time or a rate.
 */
@ExtendWith(TestDatabaseExtension.class)
class BenchRunTest {

    private static final String[][] PEOPLE = {
            {"Sunita", "Patil", "98220 10001"}, {"Rahul", "Patil", "98220 10002"}, {"Kavita", "Shah", "98220 10003"},
            {"Amit", "Shah", "98220 10004"}, {"Neha", "Kulkarni", "98220 10005"}, {"Vijay", "Deshpande", "98220 10006"},
            {"Pooja", "Joshi", "98220 10007"}, {"Sanjay", "Gokhale", "98220 10008"}, {"Meena", "Iyer", "98220 10009"},
            {"Ravi", "Bhosale", "98220 10010"}, {"Anita", "Chavan", "98220 10011"}, {"Suresh", "Wagh", "98220 10012"}};

    private static TestDatabase db;
    private static io.santkrupa.web.Metrics metrics;
    private static io.santkrupa.web.MetricsServer management;
    private static WebTestServer server;
    private static Clinic large;
    private static Clinic small;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        metrics = new io.santkrupa.web.Metrics();
        server = WebTestServer.withMetrics(db, metrics, WebTestServer.LENIENT,
                new io.santkrupa.web.ApiRateLimits.Limits(1_000_000, Duration.ofMinutes(1)), Duration.ZERO);
        management = io.santkrupa.web.MetricsServer.start(metrics, "127.0.0.1", 0);
        large = WebFixture.clinicWithLogins(db, server.hasher);
        small = WebFixture.clinicWithLogins(db, server.hasher);
        ReceptionFixture.patients(db, large, List.of(PEOPLE));
        ReceptionFixture.patients(db, small, List.of(PEOPLE).subList(0, 3));
    }

    @AfterAll
    static void stop() {
        management.close();
        server.close();
        metrics.close();
    }

    @Test
    void a_short_run_of_every_scenario_answers_right_and_writes_its_report(@TempDir Path out) throws Exception {
        Optional<String> pgbench = PgBench.find();
        BenchSettings settings = new BenchSettings(server.url(""), List.of(large.slug(), small.slug()), large.slug(),
                "reception", "doctor", "reception", "correct horse {username}", List.of(1, 2), List.of(1),
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(2), 30, Duration.ZERO, 3, Set.of(), 10,
                Optional.of(db.config()), Optional.of(superuserUri()), pgbench, 1, 2, 1, Duration.ofSeconds(1),
                Duration.ofMillis(300), 20, Duration.ofMillis(1_100), out, "big", java.util.Map.of("small", server.url("")), 2,
                Duration.ofMillis(100), java.util.OptionalLong.of(ProcessHandle.current().pid()),
                Optional.of("http://127.0.0.1:" + management.port() + "/metrics"));
        List<String> progress = new ArrayList<>();

        Bench.Result result = new Bench(settings, progress::add).run();

        BenchReport report = result.report();
        assertThat(report.measurements()).extracting(m -> m.scenario() + " x" + m.connections()).containsExactly(
                "api-get-patient x1", "api-get-patient x2", "api-search-name x1", "api-search-name x2",
                "api-search-phone x1", "api-search-phone x2", "consultation-page x1", "consultation-page x2",
                "queue-page x1", "queue-page x2", "api-check-in x1", "api-check-in x2", "sign-in x1");
        assertThat(report.measurements()).allSatisfy(m -> {
            assertThat(m.requests()).as(m.scenario()).isPositive();
            assertThat(m.errors()).as(m.scenario() + ": " + m.firstError()).isZero();
            assertThat(m.warmupErrors()).as(m.scenario() + ": " + m.firstError()).isZero();
        });
        // counted, not judged: with pauses this short PostgreSQL may not have published every backend's counters yet
        assertThat(report.databaseCosts()).extracting(DatabaseCost::scenario).containsExactly("api-get-patient",
                "api-search-name", "api-search-phone", "consultation-page", "queue-page", "api-check-in", "sign-in");
        assertThat(report.databaseCosts()).allSatisfy(c -> assertThat(c.wrongAnswers()).as(c.scenario()).isZero());
        // the server counts its statements exactly: GET one patient is four (RequestTransactionTest says which)
        DatabaseCost lookup = report.databaseCosts().getFirst();
        assertThat(lookup.statementsPerRequest()).isEqualTo(4.0);
        assertThat(lookup.statementsCountedBy()).isEqualTo("the server's /metrics");
        assertThat(lookup.roundTripsPerRequest()).isEqualTo(4.0 + lookup.transactionsPerRequest());
        assertThat(report.verificationProblems()).isEmpty();
        assertThat(report.totalErrors()).isZero();
        assertThat(result.errors()).isZero();

        assertThat(report.sqlComparison()).extracting(SqlComparison.Result::shape)
                .containsExactly("point-lookup", "name-prefix-search", "consultation");
        assertThat(report.sqlComparison()).allSatisfy(c -> {
            assertThat(c.sameRows()).as(c.shape() + ": the same rows under RLS and bypassing it").isTrue();
            assertThat(c.rls().transactions()).isPositive();
            assertThat(c.bypass().transactions()).isPositive();
            assertThat(c.plans()).isNotEmpty();
            // every index of a tenant table the plans use (with seq scans off on these tiny tables) leads with
            // clinic_id; the clinic registry is no tenant table, its key is its id
            assertThat(c.plans()).allSatisfy(p -> assertThat(p.indexDefinitions().values()).isNotEmpty()
                    .filteredOn(def -> !def.contains(" ON santkrupa.clinic "))
                    .isNotEmpty().allSatisfy(def -> assertThat(def).contains("btree (clinic_id, ")));
            assertThat(c.plans()).allSatisfy(p -> assertThat(p.plan()).doesNotContain("QUERY PLAN", "+---"));
        });
        if (pgbench.isPresent()) {
            assertThat(report.pgbench()).isNotNull();
            assertThat(report.apiLookupOverPgbench()).isNotNull();
        } else {
            assertThat(report.notMeasured()).containsKey("pgbench");
        }
        // the reads again on the "other platform" (the same server here), side by side
        assertThat(report.scale()).extracting(run -> run.platform() + " " + run.measurement().scenario() + " x"
                + run.measurement().connections()).containsExactly("small api-get-patient x2", "small api-search-name x2",
                "small api-search-phone x2", "small consultation-page x2", "small queue-page x2");
        assertThat(report.scale()).allSatisfy(run -> {
            assertThat(run.measurement().requests()).isPositive();
            assertThat(run.measurement().errors()).as(run.measurement().firstError()).isZero();
        });
        // the server's memory, read from its JVM (this one) in every measured phase
        assertThat(report.serverHeapMaxMb()).isEqualTo(Runtime.getRuntime().maxMemory() / (1024.0 * 1024), within(1.0));
        assertThat(report.serverMemory()).hasSize(12).allSatisfy(p -> {
            assertThat(p.heapUsedMb()).isPositive().isLessThanOrEqualTo(p.heapCommittedMb());
            assertThat(p.heapCommittedMb()).isLessThanOrEqualTo(report.serverHeapMaxMb());
            assertThat(p.residentMb()).isGreaterThanOrEqualTo(p.heapLiveAfterGcMb());
        });
        assertThat(report.machine().cores()).isPositive();
        assertThat(report.machine().postgresql()).isNotBlank();

        JsonNode json = Json.MAPPER.readTree(Files.readString(out.resolve("bench.json")));
        assertThat(json.path("measurements")).hasSize(13);
        assertThat(json.path("machine").path("jvm").asText()).isNotBlank();
        assertThat(json.path("measurements").get(0).path("latency").path("p99Ms").isNumber()).isTrue();
        String markdown = Files.readString(out.resolve("bench.md"));
        assertThat(markdown).isEqualTo(result.markdown()).contains("| api-get-patient | 1 |", "| sign-in | 1 |",
                "| point-lookup |", "![latency](bench.svg)", "## The same reads on platforms of other sizes",
                "| scenario | small | big | p95 on big / on small |", "## The server's memory", "| api-check-in | 2 |", "No two visits of one doctor's day share a token number.");
        byte[] svg = Files.readAllBytes(out.resolve("bench.svg"));
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(new String(svg, StandardCharsets.UTF_8)).contains("latency (ms, log scale)", "api-check-in x2");
        // the bypass role lives only while the bench runs
        try (var c = db.connectAsSuperuser(); var rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'santkrupa_bench_bypass'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void a_patient_answered_other_than_asked_is_an_error_not_a_success() {
        ApiToken token;
        try (Connection connection = new Connection(server.url(""))) {
            token = ApiToken.signIn(connection, StaffLogin.of(large.slug(), "reception", "correct horse {username}"));
            UUID patient = large.row("patient");
            PatientLookupScenario right = new PatientLookupScenario(
                    List.of(new PatientRef(large.slug(), patient, "Asha", "Patil", "")), Map.of(large.slug(), token));
            PatientLookupScenario wrong = new PatientLookupScenario(
                    List.of(new PatientRef(large.slug(), patient, "Asha", "Someone Else", "")), Map.of(large.slug(), token));

            assertThat(answer(right, connection).right()).isTrue();
            Outcome outcome = answer(wrong, connection);
            assertThat(outcome.right()).isFalse();
            assertThat(outcome.errorKey()).isEqualTo("wrong data (200)");
            PatientLookupScenario unknown = new PatientLookupScenario(
                    List.of(new PatientRef(large.slug(), UUID.randomUUID(), "No", "One", "")), Map.of(large.slug(), token));
            assertThat(answer(unknown, connection).errorKey()).isEqualTo("404");
        }
    }

    private static Outcome answer(Scenario scenario, Connection connection) {
        Scenario.Worker worker = scenario.worker(0, connection);
        worker.prepare();
        return worker.request();
    }

    /** The test database's superuser as a postgresql:// address, from its JDBC URL. */
    private static String superuserUri() {
        URI jdbc = URI.create(db.config().jdbcUrl().substring("jdbc:".length()));
        var login = db.superuser();
        return "postgresql://" + login.user() + (login.password().isEmpty() ? "" : ":" + login.password()) + "@"
                + jdbc.getHost() + ":" + jdbc.getPort() + "/postgres";
    }
}
