package io.santkrupa.patient;

import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_COUNTER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patient codes PT-&lt;clinic code&gt;-&lt;year&gt;-&lt;seq&gt; take their sequence from the clinic's
 * counter row for the year, never from the codes already there: a higher code already in use
 * does not move the next one, a counter set ahead is followed, each clinic counts on its own
 * (also when both register at the same moment), and a new year starts again at 001.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientCodesTest {

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
    void a_higher_code_already_in_use_does_not_change_the_next_code() {
        Clinic clinic = ClinicFixture.create(db);
        int year = year();
        long counter = counter(clinic, year);
        insertPatient(clinic, "PT-" + clinic.code() + "-" + year + "-500");

        assertThat(register(clinic)).isEqualTo(code(clinic, year, counter + 1));
        assertThat(register(clinic)).isEqualTo(code(clinic, year, counter + 2));
        assertThat(counter(clinic, year)).isEqualTo(counter + 2);
    }

    @Test
    void the_next_code_follows_the_counter_when_it_is_ahead_of_the_codes_in_use() {
        Clinic clinic = ClinicFixture.create(db);
        int year = year();
        register(clinic);
        setCounter(clinic, year, 41);

        assertThat(register(clinic)).isEqualTo(code(clinic, year, 42));
        assertThat(counter(clinic, year)).isEqualTo(42);
    }

    @Test
    void concurrent_registrations_in_two_clinics_each_take_their_own_clinics_next_numbers() throws Exception {
        Clinic a = ClinicFixture.create(db);
        Clinic b = ClinicFixture.create(db);
        int year = year();
        setCounter(b, year, 70); // the clinics' counters differ: a code from the other clinic's would show
        long startA = counter(a, year);
        long startB = counter(b, year);
        String tokenA = ApiClient.token(server, db, a, Role.RECEPTIONIST);
        String tokenB = ApiClient.token(server, db, b, Role.RECEPTIONIST);
        int each = 6;

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch together = new CountDownLatch(1);
            List<Future<String>> codesA = new ArrayList<>();
            List<Future<String>> codesB = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                codesA.add(pool.submit(() -> {
                    together.await();
                    return register(a, tokenA);
                }));
                codesB.add(pool.submit(() -> {
                    together.await();
                    return register(b, tokenB);
                }));
            }
            together.countDown();

            assertThat(values(codesA)).containsExactlyInAnyOrderElementsOf(codes(a, year, startA, each));
            assertThat(values(codesB)).containsExactlyInAnyOrderElementsOf(codes(b, year, startB, each));
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter(a, year)).isEqualTo(startA + each);
        assertThat(counter(b, year)).isEqualTo(startB + each);
    }

    @Test
    void a_new_year_starts_its_codes_again_at_001() {
        Clinic clinic = ClinicFixture.create(db);
        int year = year();
        register(clinic);
        long lastYears = counter(clinic, year);
        java.time.Instant now = server.clock.instant();
        server.clock.advance(java.time.Duration.ofDays(366));
        try {
            int next = year();
            assertThat(next).isEqualTo(year + 1);

            assertThat(register(clinic)).isEqualTo(code(clinic, next, 1));
            assertThat(register(clinic)).isEqualTo(code(clinic, next, 2));
            assertThat(counter(clinic, year)).as("last year's counter is left as it was").isEqualTo(lastYears);
        } finally {
            server.clock.setTo(now); // the other tests count in this year
        }
    }

    private static int year() {
        return server.clock.clinicToday().getYear(); // the year of the clinic's day, as the codes count it
    }

    private static String code(Clinic clinic, int year, long seq) {
        return "PT-%s-%d-%03d".formatted(clinic.code(), year, seq);
    }

    private static List<String> codes(Clinic clinic, int year, long after, int count) {
        return LongStream.rangeClosed(after + 1, after + count).mapToObj(seq -> code(clinic, year, seq)).toList();
    }

    private static String register(Clinic clinic) {
        return register(clinic, ApiClient.token(server, db, clinic, Role.RECEPTIONIST));
    }

    /** Registers a new patient through the API; the code it was given. */
    private static String register(Clinic clinic, String token) {
        String name = "Code" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/patients",
                token, Json.write(Map.of("firstName", name, "lastName", "Counter", "phone", "+91 98200 31313")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ApiClient.json(created).get("code").asText();
    }

    private static long counter(Clinic clinic, int year) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(CLINIC_COUNTER.VALUE).from(CLINIC_COUNTER)
                .where(CLINIC_COUNTER.CLINIC_ID.eq(clinic.id().value()), CLINIC_COUNTER.NAME.eq("patient_code"),
                        CLINIC_COUNTER.SCOPE.eq(String.valueOf(year)))
                .fetchOptional(CLINIC_COUNTER.VALUE).orElse(0L));
    }

    /** Sets the clinic's counter for {@code year} (creating it if the year has none yet). */
    private static void setCounter(Clinic clinic, int year, long value) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(CLINIC_COUNTER)
                .set(CLINIC_COUNTER.CLINIC_ID, clinic.id().value()).set(CLINIC_COUNTER.ID, Ids.newId())
                .set(CLINIC_COUNTER.NAME, "patient_code").set(CLINIC_COUNTER.SCOPE, String.valueOf(year))
                .set(CLINIC_COUNTER.VALUE, value)
                .onConflict(CLINIC_COUNTER.CLINIC_ID, CLINIC_COUNTER.NAME, CLINIC_COUNTER.SCOPE)
                .doUpdate().set(CLINIC_COUNTER.VALUE, value)
                .execute());
    }

    private static void insertPatient(Clinic clinic, String code) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, Ids.newId()).set(PATIENT.CODE, code)
                .set(PATIENT.FIRST_NAME, "Imported").set(PATIENT.LAST_NAME, "Record").set(PATIENT.PHONE, "+91 98200 40404")
                .execute());
    }

    private static List<String> values(List<Future<String>> futures) throws Exception {
        List<String> values = new ArrayList<>();
        for (Future<String> future : futures) {
            values.add(future.get());
        }
        return values;
    }
}
