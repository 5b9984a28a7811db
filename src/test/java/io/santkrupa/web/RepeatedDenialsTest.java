package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_REPEAT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in user asking again and again for what their role does not allow cannot fill the
 * audit log: the first refusal of the hour (per person, route and record) is an event, every
 * identical one after it only counts on it -- and the clinic admin reads "Refused 100 times
 * between ... and ...". Another record, another route or another hour is an event of its own.
 */
@ExtendWith(TestDatabaseExtension.class)
class RepeatedDenialsTest {

    private static final String DENIED = "access.denied";

    private TestDatabase db;
    private WebTestServer server;
    private Clinic clinic;
    private UUID labUser;

    @BeforeEach
    void aClinicAtTenPastTheHour(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        // ten past the hour: a hundred requests stay inside one window
        server.clock.setTo(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(10)));
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        labUser = ApiClient.userId(db, clinic.id(), WebFixture.USERNAMES.get(Role.LAB_TECHNICIAN));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_hundred_identical_refusals_are_one_event_that_counts_them() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String chart = "/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient");
        int before = deniedEvents();

        for (int i = 0; i < 100; i++) {
            assertThat(lab.get(chart).statusCode()).isEqualTo(403);
            server.clock.advance(Duration.ofSeconds(5));
        }

        assertThat(deniedEvents() - before).as("events written for 100 identical refusals").isEqualTo(1);
        var repeat = repeatsOf("GET /clinic/{slug}/patients/{patientId}");
        assertThat(repeat).singleElement().satisfies(r -> {
            assertThat(r.getTimes()).isEqualTo(100);
            assertThat(r.getResource()).isEqualTo(clinic.row("patient").toString());
            assertThat(Duration.between(r.getFirstAt(), r.getLastAt())).isEqualTo(Duration.ofSeconds(5 * 99));
        });
        var event = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ID.eq(repeat.getFirst().getEventId()))
                .fetchSingle());
        assertThat(event.getAction()).isEqualTo(DENIED);
        assertThat(event.getOutcome()).isEqualTo("denied");
        assertThat(event.getActorUserId()).isEqualTo(labUser);
        assertThat(event.getDetail()).contains("PATIENT_DEMOGRAPHICS", "GET /clinic/{slug}/patients/{patientId}");
    }

    @Test
    void another_record_another_route_and_the_next_hour_are_events_of_their_own() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        UUID other = anotherPatient();
        String base = "/clinic/" + clinic.slug() + "/patients/";
        int before = deniedEvents();

        for (int i = 0; i < 10; i++) {
            assertThat(lab.get(base + clinic.row("patient")).statusCode()).isEqualTo(403);
            assertThat(lab.get(base + other).statusCode()).isEqualTo(403);
            assertThat(lab.get(base + clinic.row("patient") + "/edit").statusCode()).isEqualTo(403);
        }
        assertThat(deniedEvents() - before).as("three records or routes: three events").isEqualTo(3);
        assertThat(repeatsOf("GET /clinic/{slug}/patients/{patientId}"))
                .extracting(r -> r.getResource(), r -> r.getTimes())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(clinic.row("patient").toString(), 10),
                        org.assertj.core.groups.Tuple.tuple(other.toString(), 10));
        assertThat(repeatsOf("GET /clinic/{slug}/patients/{patientId}/edit")).singleElement()
                .satisfies(r -> assertThat(r.getTimes()).isEqualTo(10));

        server.clock.advance(Duration.ofHours(1));
        lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN); // the session idled out meanwhile
        assertThat(lab.get(base + clinic.row("patient")).statusCode()).isEqualTo(403);
        assertThat(lab.get(base + clinic.row("patient")).statusCode()).isEqualTo(403);
        assertThat(deniedEvents() - before).as("the next hour starts a new count").isEqualTo(4);
    }

    @Test
    void the_api_counts_its_refusals_the_same_way() {
        String token = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String path = "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient");
        int before = deniedEvents();

        for (int i = 0; i < 100; i++) {
            assertThat(ApiClient.get(server, path, token).statusCode()).isEqualTo(403);
        }

        assertThat(deniedEvents() - before).isEqualTo(1);
        assertThat(repeatsOf("GET /clinic/{slug}/api/v1/patients/{patientId}")).singleElement()
                .satisfies(r -> assertThat(r.getTimes()).isEqualTo(100));
    }

    @Test
    void refusals_at_the_same_moment_are_counted_once_each_and_written_once() throws Exception {
        String token = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String path = "/clinic/" + clinic.slug() + "/api/v1/visits/" + clinic.row("patient_visit");
        int before = deniedEvents();

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(threads.submit(() -> ApiClient.get(server, path, token).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(403);
            }
        } finally {
            threads.shutdown();
        }

        assertThat(deniedEvents() - before).as("the first ones met on the count's key: one event").isEqualTo(1);
        assertThat(repeatsOf("GET /clinic/{slug}/api/v1/visits/{visitId}")).singleElement()
                .satisfies(r -> assertThat(r.getTimes()).isEqualTo(64));
    }

    @Test
    void text_in_the_address_is_never_written_only_that_it_was_not_an_id() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);

        for (String typed : List.of("Asha%20Patil", "+919820000001", "Asha")) {
            assertThat(lab.get("/clinic/" + clinic.slug() + "/patients/" + typed + "/edit").statusCode()).isEqualTo(403);
        }

        assertThat(repeatsOf("GET /clinic/{slug}/patients/{patientId}/edit")).singleElement().satisfies(r -> {
            assertThat(r.getResource()).isEqualTo("?");
            assertThat(r.getTimes()).isEqualTo(3);
        });
        List<String> details = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(DENIED))
                .fetch(AUDIT_EVENT.DETAIL));
        assertThat(details).noneMatch(d -> d.contains("Asha") || d.contains("9820000001"));
    }

    @Test
    void the_audit_log_says_how_often_and_between_when() {
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String chart = "/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient");
        for (int i = 0; i < 37; i++) {
            assertThat(lab.get(chart).statusCode()).isEqualTo(403);
            server.clock.advance(Duration.ofSeconds(10));
        }
        var repeat = repeatsOf("GET /clinic/{slug}/patients/{patientId}").getFirst();
        var zone = java.time.ZoneId.of("Asia/Kolkata");
        var time = java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", java.util.Locale.ENGLISH);

        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        HttpResponse<String> log = admin.get("/clinic/" + clinic.slug() + "/audit?user=lab&outcome=denied");

        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body().replaceAll("\\s+", " ")).contains("Refused 37 times between "
                + time.format(repeat.getFirstAt().atZoneSameInstant(zone)) + " and "
                + time.format(repeat.getLastAt().atZoneSameInstant(zone)));
    }

    private int deniedEvents() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(DENIED),
                AUDIT_EVENT.ACTOR_USER_ID.eq(labUser)));
    }

    private List<io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRepeatRecord> repeatsOf(String route) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT_REPEAT)
                .where(AUDIT_EVENT_REPEAT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT_REPEAT.ROUTE.eq(route),
                        AUDIT_EVENT_REPEAT.ACTOR_USER_ID.eq(labUser),
                        // the fixture's own counted refusal is of another hour
                        AUDIT_EVENT_REPEAT.WINDOW_START.ge(server.clock.instant().minus(Duration.ofHours(2))
                                .atOffset(java.time.ZoneOffset.UTC)))
                .orderBy(AUDIT_EVENT_REPEAT.FIRST_AT)
                .fetch());
    }

    private UUID anotherPatient() {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-777")
                .set(PATIENT.FIRST_NAME, "Ravi").set(PATIENT.LAST_NAME, "Kulkarni").set(PATIENT.PHONE, "+919820000777")
                .execute());
        return id;
    }
}
