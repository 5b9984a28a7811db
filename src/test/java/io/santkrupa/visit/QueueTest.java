package io.santkrupa.visit;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.PatientVisitRecord;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.ReceptionFixture;
import io.santkrupa.testing.ReceptionFixture.Doctor;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_COUNTER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking patients in and the day's queue, through the real server: tokens per doctor per day,
 * one open visit per patient and doctor a day (also under concurrency), who may move a visit
 * where, what each role sees of the queue, its self-refresh, its paging and its fixed cost.
 */
@ExtendWith(TestDatabaseExtension.class)
class QueueTest {

    private static final Pattern CHECKED_IN = Pattern.compile("/clinic/[^/]+/queue\\?doctor=([0-9a-f-]{36})&checkedIn=(\\d+)");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- check-in

    @Test
    void tokens_count_up_per_doctor_and_start_at_one_for_another_doctor() {
        Doctor a = doctor("A");
        Doctor b = doctor("B");
        List<UUID> p = patients(3);
        TestBrowser reception = signedIn(clinic, "reception");

        assertThat(checkIn(reception, p.get(0), a)).isEqualTo(1);
        assertThat(checkIn(reception, p.get(1), a)).isEqualTo(2);
        assertThat(checkIn(reception, p.get(2), b)).isEqualTo(1);
        assertThat(checkIn(reception, p.get(0), b)).isEqualTo(2);   // the same patient may see two doctors
        assertThat(checkIn(reception, p.get(2), a)).isEqualTo(3);

        PatientVisitRecord visit = visits(p.get(2), a).getFirst();
        assertThat(visit.getStatus()).isEqualTo("waiting");
        assertThat(visit.getVisitDate()).isEqualTo(server.clock.clinicToday());
        assertThat(visit.getReason()).isEqualTo("Fever since Monday");
        AuditEventRecord event = event("visit.check_in", visit.getId());
        assertThat(event.getDetail()).isEqualTo("token 3");
        assertThat(event.getActorRole()).isEqualTo("receptionist");
    }

    @Test
    void tokens_start_again_at_one_the_next_day() {
        try (WebTestServer ownClock = new WebTestServer(db)) {
            Doctor a = doctor("Day");
            UUID patient = patients(1).getFirst();
            TestBrowser today = signedIn(ownClock, clinic, "reception");
            assertThat(checkIn(today, patient, a)).isEqualTo(1);
            ownClock.clock.advance(Duration.ofDays(1));
            TestBrowser tomorrow = signedIn(ownClock, clinic, "reception");

            assertThat(checkIn(tomorrow, patient, a)).isEqualTo(1);
            assertThat(visits(patient, a)).extracting(PatientVisitRecord::getVisitDate).doesNotHaveDuplicates();
        }
    }

    @Test
    void a_second_check_in_with_the_same_doctor_the_same_day_is_refused_at_the_field() {
        Doctor a = doctor("Twice");
        UUID patient = patients(1).getFirst();
        TestBrowser reception = signedIn(clinic, "reception");
        int token = checkIn(reception, patient, a);

        reception.get(path("/patients/" + patient + "/check-in"));
        HttpResponse<String> again = reception.post(path("/patients/" + patient + "/check-in"),
                Map.of("doctor", a.id().toString(), "reason", "again"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already in this doctor&#39;s queue today (token " + token + ")")
                .contains("aria-invalid=\"true\" aria-describedby=\"doctor-error\"")
                .contains(">again</textarea>");
        assertThat(visits(patient, a)).hasSize(1);

        // once that visit is cancelled, the patient may queue again
        move(reception, visits(patient, a).getFirst().getId(), "status", "cancelled");
        assertThat(checkIn(reception, patient, a)).isEqualTo(token + 1);
    }

    @Test
    void two_desks_checking_the_same_patient_in_at_once_make_one_visit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Doctor a = doctor("Race");
                UUID patient = patients(1).getFirst();
                TestBrowser one = signedIn(clinic, "reception");
                TestBrowser two = signedIn(clinic, "reception");
                one.get(path("/patients/" + patient + "/check-in"));
                two.get(path("/patients/" + patient + "/check-in"));
                CyclicBarrier together = new CyclicBarrier(2);
                Map<String, String> form = Map.of("doctor", a.id().toString(), "reason", "");
                Future<Integer> x = pool.submit(() -> {
                    together.await();
                    return one.post(path("/patients/" + patient + "/check-in"), form).statusCode();
                });
                Future<Integer> y = pool.submit(() -> {
                    together.await();
                    return two.post(path("/patients/" + patient + "/check-in"), form).statusCode();
                });

                assertThat(List.of(x.get(), y.get())).containsExactlyInAnyOrder(303, 409);
                assertThat(visits(patient, a)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void when_both_desks_have_looked_before_either_wrote_the_database_decides_one_visit_and_tells_the_other() throws Exception {
        Doctor a = doctor("Interleaved");
        List<UUID> p = patients(2);
        TestBrowser first = signedIn(clinic, "reception");
        checkIn(first, p.get(0), a);                       // the doctor's token counter for today exists
        TestBrowser one = signedIn(clinic, "reception");
        TestBrowser two = signedIn(clinic, "reception");
        String url = path("/patients/" + p.get(1) + "/check-in");
        one.get(url);
        two.get(url);
        Map<String, String> form = Map.of("doctor", a.id().toString(), "reason", "");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (CounterLock counter = CounterLock.of(a, pool)) {
            // both find no open visit, then wait for the next token behind the held counter row
            Future<HttpResponse<String>> x = pool.submit(() -> one.post(url, form));
            Future<HttpResponse<String>> y = pool.submit(() -> two.post(url, form));
            counter.awaitWaiting(2);
            counter.release();

            List<HttpResponse<String>> answers = List.of(x.get(), y.get());
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
            HttpResponse<String> told = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
            assertThat(told.body()).contains("This patient is already in this doctor&#39;s queue today.")
                    .contains("aria-describedby=\"doctor-error\"");
        } finally {
            pool.shutdownNow();
        }
        assertThat(visits(p.get(1), a)).hasSize(1);
    }

    @Test
    void a_check_in_that_cannot_take_its_token_in_time_fails_and_is_never_reported_as_already_queued() throws Exception {
        Doctor a = doctor("Stuck");
        List<UUID> p = patients(2);
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, p.get(0), a);
        String url = path("/patients/" + p.get(1) + "/check-in");
        reception.get(url);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (CounterLock counter = CounterLock.of(a, pool)) {
            // held past the session's lock_timeout (5 s): the check-in gives up -- 503, the server's
            // condition, rolled back and safe to retry (a statement cut off by the session's limits)
            HttpResponse<String> failed = reception.post(url, Map.of("doctor", a.id().toString(), "reason", ""));
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.body()).doesNotContain("already in this doctor");
            counter.release();
        } finally {
            pool.shutdownNow();
        }
        assertThat(visits(p.get(1), a)).isEmpty();
        reception.get(url);
        assertThat(checkIn(reception, p.get(1), a)).isEqualTo(2);
    }

    @Test
    void check_in_validates_the_doctor_and_the_reason_and_writes_nothing_when_wrong() {
        UUID patient = patients(1).getFirst();
        Doctor inactive = doctor("Gone");
        db.tenants().inClinic(clinic.id(), tx -> tx.update(io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR)
                .set(io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR.IS_ACTIVE, false)
                .where(io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR.CLINIC_ID.eq(clinic.id().value()),
                        io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR.ID.eq(inactive.id()))
                .execute());
        TestBrowser reception = signedIn(clinic, "reception");
        HttpResponse<String> form = reception.get(path("/patients/" + patient + "/check-in"));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).doesNotContain(inactive.id().toString());

        String url = path("/patients/" + patient + "/check-in");
        assertThat(reception.post(url, Map.of("doctor", "", "reason", "x")).body())
                .contains("Choose the doctor the patient will see.");
        assertThat(reception.post(url, Map.of("doctor", inactive.id().toString())).body())
                .contains("Choose one of the clinic&#39;s doctors from the list.");
        Doctor theirs = ReceptionFixture.doctor(db, server.hasher, other, "theirs" + NAMES.incrementAndGet(), "Dr Theirs", true);
        assertThat(reception.post(url, Map.of("doctor", theirs.id().toString())).statusCode()).isEqualTo(422);
        assertThat(reception.post(url, Map.of("doctor", doctor("Long").id().toString(), "reason", "x".repeat(501)))
                .body()).contains("Use at most 500 characters.");
        int written = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT_VISIT,
                PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()).and(PATIENT_VISIT.PATIENT_ID.eq(patient))));
        assertThat(written).isZero();
        assertThat(reception.get(path("/patients/" + other.row("patient") + "/check-in")).statusCode()).isEqualTo(404);
        assertThat(reception.post(path("/patients/" + other.row("patient") + "/check-in"),
                Map.of("doctor", clinic.row("doctor").toString())).statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- moving visits along

    @Test
    void the_desk_cancels_marks_no_shows_and_puts_visits_back_to_waiting() {
        Doctor a = doctor("Desk");
        UUID patient = patients(1).getFirst();
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, patient, a);
        UUID visit = visits(patient, a).getFirst().getId();

        assertThat(move(reception, visit, "status", "cancelled")).contains("done=cancelled");
        PatientVisitRecord cancelled = visit(visit);
        assertThat(cancelled.getStatus()).isEqualTo("cancelled");
        assertThat(cancelled.getEndedAt()).isNotNull();
        assertThat(event("visit.status", visit).getDetail()).isEqualTo("waiting -> cancelled");

        assertThat(move(reception, visit, "status", "waiting")).contains("done=waiting");
        assertThat(visit(visit).getStatus()).isEqualTo("waiting");
        assertThat(visit(visit).getEndedAt()).isNull();

        String noShow = move(reception, visit, "status", "no_show");
        assertThat(noShow).contains("done=no_show").contains("visit=" + visit);
        assertThat(visit(visit).getStatus()).isEqualTo("no_show");

        // the page that comes back names the visit and offers its undo right there
        HttpResponse<String> page = reception.get(noShow);
        String undo = "action=\"/clinic/" + clinic.slug() + "/queue/" + visit + "/status\"";
        assertThat(page.body()).contains("class=\"notice undo\"").contains(": no-show.")
                .contains("Undo: back to waiting").contains(undo)
                .contains("data-confirm=\"No-show: token").doesNotContain("Marked as no-show.");
        assertThat(move(reception, visit, "status", "waiting")).contains("done=waiting");
        assertThat(visit(visit).getStatus()).isEqualTo("waiting");
        // once undone there is nothing left to undo
        assertThat(reception.get(noShow).body()).doesNotContain("Undo: back to waiting");
    }

    @Test
    void the_desk_cannot_start_or_complete_a_consultation_nor_reopen_a_finished_one() {
        Doctor a = doctor("Limits");
        UUID patient = patients(1).getFirst();
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, patient, a);
        UUID visit = visits(patient, a).getFirst().getId();

        assertThat(move(reception, visit, "status", "in_consultation")).contains("refused=not_allowed");
        assertThat(move(reception, visit, "status", "completed")).contains("refused=not_allowed");
        assertThat(move(reception, visit, "status", "bogus")).contains("refused=not_allowed");
        assertThat(visit(visit).getStatus()).isEqualTo("waiting");
        assertThat(reception.post(path("/queue/" + visit + "/consultation"), Map.of("to", "in_consultation"))
                .statusCode()).isEqualTo(403);
        HttpResponse<String> page = reception.get(path("/queue?refused=not_allowed"));
        assertThat(page.body()).contains("That change is not possible from the visit&#39;s current status");

        // the fixture's completed visit stays completed
        assertThat(move(reception, clinic.row("patient_visit"), "status", "waiting")).contains("refused=not_allowed");
        assertThat(visit(clinic.row("patient_visit")).getStatus()).isEqualTo("completed");
    }

    @Test
    void the_doctor_starts_and_completes_consultations_of_their_own_queue_only() {
        Doctor a = doctor("Own");
        Doctor b = doctor("Else");
        List<UUID> p = patients(2);
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, p.get(0), a);
        checkIn(reception, p.get(1), b);
        UUID mine = visits(p.get(0), a).getFirst().getId();
        UUID theirs = visits(p.get(1), b).getFirst().getId();
        TestBrowser doctorA = signedIn(clinic, a.username());
        doctorA.get(path("/queue"));

        assertThat(move(doctorA, theirs, "consultation", "in_consultation")).contains("refused=not_your_patient");
        assertThat(visit(theirs).getStatus()).isEqualTo("waiting");
        assertThat(move(doctorA, mine, "consultation", "completed")).contains("refused=not_allowed");
        assertThat(move(doctorA, mine, "consultation", "cancelled")).contains("refused=not_allowed");
        assertThat(doctorA.post(path("/queue/" + mine + "/status"), Map.of("to", "cancelled")).statusCode()).isEqualTo(403);

        // starting from the queue opens the consultation
        assertThat(move(doctorA, mine, "consultation", "in_consultation")).endsWith("/visits/" + mine);
        assertThat(visit(mine).getStartedAt()).isNotNull();
        assertThat(move(reception, mine, "status", "cancelled")).as("the desk cannot cancel a consultation under way")
                .contains("refused=not_allowed");
        // completing needs a diagnosis, from the queue as from the consultation page
        assertThat(move(doctorA, mine, "consultation", "completed")).contains("/visits/" + mine + "?refused=no_diagnosis");
        assertThat(visit(mine).getStatus()).isEqualTo("in_consultation");
        doctorA.get(path("/visits/" + mine));
        assertThat(doctorA.post(path("/visits/" + mine + "/note"), Map.of("diagnosis", "Viral fever")).statusCode())
                .isEqualTo(303);
        doctorA.get(path("/queue"));
        assertThat(move(doctorA, mine, "consultation", "completed")).contains("done=completed");
        PatientVisitRecord done = visit(mine);
        assertThat(done.getStatus()).isEqualTo("completed");
        assertThat(done.getEndedAt()).isNotNull();
        assertThat(done.getVersion()).isEqualTo(3);
        int moves = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()).and(AUDIT_EVENT.ENTITY_ID.eq(mine))
                        .and(AUDIT_EVENT.ACTION.eq("visit.status"))));
        assertThat(moves).isEqualTo(2);
    }

    @Test
    void a_visit_left_open_from_an_earlier_day_can_be_completed_and_moved_no_other_way() {
        Doctor a = doctor("Yesterday");
        List<UUID> p = patients(2);
        LocalDate yesterday = server.clock.clinicToday().minusDays(1);
        OffsetDateTime then = OffsetDateTime.now(server.clock).minusDays(1);
        UUID waiting = ConsultationFixture.visit(db, clinic, p.get(0), a.id(), yesterday, "waiting", then);
        UUID open = ConsultationFixture.visit(db, clinic, p.get(1), a.id(), yesterday, "in_consultation", then);
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path("/queue"));
        TestBrowser doctorA = signedIn(clinic, a.username());
        doctorA.get(path("/queue"));

        assertThat(move(reception, waiting, "status", "cancelled")).contains("refused=not_allowed");
        assertThat(move(reception, waiting, "status", "no_show")).contains("refused=not_allowed");
        assertThat(move(doctorA, waiting, "consultation", "in_consultation")).contains("refused=not_allowed");
        assertThat(visit(waiting).getStatus()).isEqualTo("waiting");

        doctorA.get(path("/visits/" + open));
        assertThat(doctorA.post(path("/visits/" + open + "/note"), Map.of("diagnosis", "Viral fever")).statusCode())
                .isEqualTo(303);
        doctorA.get(path("/queue"));
        assertThat(move(doctorA, open, "consultation", "completed")).contains("done=completed");
        assertThat(visit(open).getStatus()).isEqualTo("completed");
    }

    @Test
    void a_visit_cannot_go_back_to_waiting_beside_another_open_visit_with_the_doctor() {
        Doctor a = doctor("Reopen");
        UUID patient = patients(1).getFirst();
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, patient, a);
        UUID first = visits(patient, a).getFirst().getId();
        move(reception, first, "status", "cancelled");
        checkIn(reception, patient, a);

        assertThat(move(reception, first, "status", "waiting")).contains("refused=already_queued");
        assertThat(visit(first).getStatus()).isEqualTo("cancelled");
    }

    @Test
    void a_visit_of_another_clinic_or_none_is_not_found() {
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path("/queue"));
        for (String id : List.of(other.row("patient_visit").toString(), UUID.randomUUID().toString(), "not-an-id")) {
            HttpResponse<String> response = reception.post(path("/queue/" + id + "/status"), Map.of("to", "cancelled"));
            assertThat(response.statusCode()).as(id).isEqualTo(404);
        }
    }

    // ---------------------------------------------------------------- the queue page

    @Test
    void the_desk_sees_every_doctors_queue_or_one_and_the_doctor_only_their_own() {
        Doctor a = doctor("Seen");
        Doctor b = doctor("Unseen");
        List<UUID> p = patients(2);
        TestBrowser reception = signedIn(clinic, "reception");
        checkIn(reception, p.get(0), a);
        checkIn(reception, p.get(1), b);

        HttpResponse<String> all = reception.get(path("/queue"));
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains(a.fullName()).contains(b.fullName()).contains(p.get(0).toString())
                .contains(p.get(1).toString()).contains(">Cancel<").contains(">No-show<")
                .doesNotContain("Start consultation");
        HttpResponse<String> one = reception.get(path("/queue?doctor=" + b.id()));
        assertThat(one.body()).contains(p.get(1).toString()).doesNotContain(p.get(0).toString());

        TestBrowser doctorA = signedIn(clinic, a.username());
        HttpResponse<String> own = doctorA.get(path("/queue?doctor=" + b.id()));   // the filter is not theirs to choose
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("My queue today").contains(p.get(0).toString())
                .doesNotContain(p.get(1).toString()).contains("Start consultation").doesNotContain(">Cancel<");

        Doctor noProfile = ReceptionFixture.doctor(db, server.hasher, clinic, "noprofile" + NAMES.incrementAndGet(),
                "Dr Nobody", false);
        assertThat(signedIn(clinic, noProfile.username()).get(path("/queue")).body())
                .contains("No doctor's profile is linked to your account");
        assertThat(signedIn(clinic, "lab").get(path("/queue")).statusCode()).isEqualTo(403);
        assertThat(signedIn(clinic, "asha").get(path("/queue")).statusCode()).isEqualTo(403);
    }

    @Test
    void the_queue_and_its_partial_cost_a_fixed_number_of_queries_whatever_their_length() {
        Doctor a = doctor("Count");
        TestBrowser reception = signedIn(clinic, "reception");
        TestBrowser doctorA = signedIn(clinic, a.username());
        List<UUID> p = patients(6);
        checkIn(reception, p.get(0), a);
        List<Integer> counts = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String url : List.of("/queue", "/queue/partial", "/queue?doctor=" + a.id())) {
                server.queries.reset();
                assertThat(reception.get(path(url)).statusCode()).isEqualTo(200);
                counts.add(server.queries.count());
            }
            server.queries.reset();
            assertThat(doctorA.get(path("/queue")).statusCode()).isEqualTo(200);
            counts.add(server.queries.count());
            if (round == 0) {
                for (UUID patient : p.subList(1, 6)) {
                    checkIn(reception, patient, a);
                }
            }
        }
        // resolve slug; session (set context + find); queue (set context + doctors + one page of visits
        // + the audit event of the patients it shows)
        assertThat(counts).containsOnly(7);
    }

    @Test
    void the_queue_refreshes_itself_from_its_partial() {
        TestBrowser reception = signedIn(clinic, "reception");
        HttpResponse<String> page = reception.get(path("/queue"));
        assertThat(page.body()).contains("<script src=\"/static/queue-refresh.js\" defer></script>")
                .contains("<noscript><meta http-equiv=\"refresh\" content=\"20; url=?doctor=")
                .contains("&amp;refresh=auto\"></noscript>")
                .contains("id=\"queue\" data-refresh=\"/clinic/" + clinic.slug() + "/queue/partial?doctor=");

        // the page's own refreshes are marked, so they do not keep an unattended screen signed in
        assertThat(reception.get("/static/queue-refresh.js").body()).contains("'X-Background-Refresh': '1'");
        HttpResponse<String> partial = reception.get(path("/queue/partial"));
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body()).doesNotContain("<html").doesNotContain("<h1").contains("refreshes itself");

        HttpResponse<String> script = server.browser().get("/static/queue-refresh.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(script.body()).contains("setInterval").contains("data-refresh").contains("20000");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-inline"));
    }

    @Test
    void a_long_queue_pages_by_token() {
        // a clinic of its own: the other tests' queues stay short
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        Doctor a = doctor(busy, "Long");
        List<UUID> p = patients(busy, 55);
        LocalDate today = server.clock.clinicToday();
        db.tenants().inClinic(busy.id(), tx -> {
            for (int i = 0; i < p.size(); i++) {
                tx.insertInto(PATIENT_VISIT)
                        .set(PATIENT_VISIT.CLINIC_ID, busy.id().value()).set(PATIENT_VISIT.ID, Ids.newId())
                        .set(PATIENT_VISIT.PATIENT_ID, p.get(i)).set(PATIENT_VISIT.DOCTOR_ID, a.id())
                        .set(PATIENT_VISIT.VISIT_DATE, today).set(PATIENT_VISIT.TOKEN_NUMBER, i + 1)
                        .execute();
            }
            return null;
        });
        TestBrowser reception = signedIn(busy, "reception");

        HttpResponse<String> first = reception.get("/clinic/" + busy.slug() + "/queue?doctor=" + a.id());
        assertThat(tokens(first.body())).hasSize(50).isSorted().startsWith(1);
        Matcher more = Pattern.compile("href=\"(/clinic/[^\"]+/queue\\?doctor=[^\"]*after=[^\"]+)\"").matcher(first.body());
        assertThat(more.find()).as("a link to the rest of the queue").isTrue();
        HttpResponse<String> second = reception.get(more.group(1).replace("&amp;", "&"));
        assertThat(tokens(second.body())).containsExactly(51, 52, 53, 54, 55);
    }

    @Test
    void an_expired_clinic_shows_its_queue_and_forms_read_only() {
        Clinic expired = WebFixture.clinicWithLogins(db, server.hasher);
        Doctor a = doctor(expired, "Expired");
        UUID patient = patients(expired, 1).getFirst();
        TestBrowser reception = signedIn(expired, "reception");
        reception.get("/clinic/" + expired.slug() + "/patients/" + patient + "/check-in");
        assertThat(reception.post("/clinic/" + expired.slug() + "/patients/" + patient + "/check-in",
                Map.of("doctor", a.id().toString())).statusCode()).isEqualTo(303);
        PlatformFixture.setStatus(db, expired, "expired");

        HttpResponse<String> queue = reception.get("/clinic/" + expired.slug() + "/queue");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains(patient.toString()).doesNotContain("/status\"").doesNotContain(">Cancel<");
        for (String form : List.of("/patients/new", "/patients/" + patient + "/edit", "/patients/" + patient + "/check-in")) {
            HttpResponse<String> page = reception.get("/clinic/" + expired.slug() + form);
            assertThat(page.statusCode()).as(form).isEqualTo(200);
            assertThat(page.body()).as(form).contains("subscription has expired").doesNotContain("method=\"post\" action=\"/clinic/"
                    + expired.slug() + "/patients");
        }
        assertThat(reception.post("/clinic/" + expired.slug() + "/patients/" + patient + "/check-in",
                Map.of("doctor", a.id().toString())).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Today's token counter row of a doctor, locked by a transaction of the test until released:
     * check-ins of that doctor wait behind it, as behind another desk's check-in.
     */
    private static final class CounterLock implements AutoCloseable {

        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch locked = new CountDownLatch(1);
        private final AtomicInteger holder = new AtomicInteger();
        private Future<?> transaction;

        static CounterLock of(Doctor doctor, ExecutorService pool) throws Exception {
            CounterLock lock = new CounterLock();
            String scope = doctor.id() + "/" + server.clock.clinicToday();
            lock.transaction = pool.submit(() -> db.tenants().inClinic(clinic.id(), tx -> {
                lock.holder.set(tx.fetchSingle("select pg_backend_pid()").get(0, Integer.class));
                tx.selectFrom(CLINIC_COUNTER)
                        .where(CLINIC_COUNTER.CLINIC_ID.eq(clinic.id().value()), CLINIC_COUNTER.NAME.eq("visit_token"),
                                CLINIC_COUNTER.SCOPE.eq(scope))
                        .forUpdate().fetchSingle();
                lock.locked.countDown();
                try {
                    lock.released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(lock.locked.await(10, TimeUnit.SECONDS)).as("the counter row locked").isTrue();
            return lock;
        }

        /** Until {@code count} sessions wait for this lock. */
        void awaitWaiting(int count) throws Exception {
            try (Connection superuser = db.connectAsSuperuser();
                 // the first waits for the holder, the next for the first (its tuple lock): count the queue
                 var waiting = superuser.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                         + "'Lock' AND cardinality(pg_blocking_pids(pid)) > 0 AND query LIKE '%\"clinic_counter\"%'")) {
                for (int i = 0; i < 400; i++) {
                    try (ResultSet rs = waiting.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= count) {
                            return;
                        }
                    }
                    Thread.sleep(10);
                }
            }
            try (Connection superuser = db.connectAsSuperuser();
                 var activity = superuser.prepareStatement("SELECT pid, state, wait_event_type, wait_event, "
                         + "pg_blocking_pids(pid)::text, left(query, 90) FROM pg_stat_activity WHERE datname IS NOT NULL");
                 ResultSet rs = activity.executeQuery()) {
                StringBuilder seen = new StringBuilder("holder " + holder.get());
                while (rs.next()) {
                    seen.append('\n').append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                            .append(rs.getString(3)).append(' ').append(rs.getString(4)).append(' ')
                            .append(rs.getString(5)).append(' ').append(rs.getString(6));
                }
                throw new AssertionError(count + " check-ins never waited for the counter: " + seen);
            }
        }

        void release() throws Exception {
            released.countDown();
            transaction.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    private static Doctor doctor(String name) {
        return doctor(clinic, name);
    }

    private static Doctor doctor(Clinic c, String name) {
        int n = NAMES.incrementAndGet();
        return ReceptionFixture.doctor(db, server.hasher, c, "doc" + n + name.toLowerCase(), "Dr " + name + " " + n, true);
    }

    private static List<UUID> patients(int count) {
        return patients(clinic, count);
    }

    private static List<UUID> patients(Clinic c, int count) {
        List<String[]> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = NAMES.incrementAndGet();
            people.add(new String[] {"Queue" + n, "Patient" + n, "+91 96000 " + String.format("%05d", n)});
        }
        return ReceptionFixture.patients(db, c, people);
    }

    private static TestBrowser signedIn(Clinic c, String username) {
        return signedIn(server, c, username);
    }

    private static TestBrowser signedIn(WebTestServer s, Clinic c, String username) {
        TestBrowser browser = s.browser();
        assertThat(browser.signIn(c.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + c.slug());
        return browser;
    }

    private static String path(String rest) {
        return "/clinic/" + clinic.slug() + rest;
    }

    /** Checks the patient in through the form; the token the redirect reports. */
    private static int checkIn(TestBrowser reception, UUID patient, Doctor doctor) {
        assertThat(reception.get(path("/patients/" + patient + "/check-in")).statusCode()).isEqualTo(200);
        HttpResponse<String> done = reception.post(path("/patients/" + patient + "/check-in"),
                Map.of("doctor", doctor.id().toString(), "reason", "Fever since Monday"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Matcher m = CHECKED_IN.matcher(done.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo(doctor.id().toString());
        assertThat(reception.get(m.group()).body()).contains("Checked in: token " + m.group(2) + ".");
        return Integer.parseInt(m.group(2));
    }

    /** Posts a move; the redirect's location. */
    private static String move(TestBrowser browser, UUID visit, String desk, String to) {
        HttpResponse<String> response = browser.post(path("/queue/" + visit + "/" + desk), Map.of("to", to));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static List<PatientVisitRecord> visits(UUID patient, Doctor doctor) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.PATIENT_ID.eq(patient),
                        PATIENT_VISIT.DOCTOR_ID.eq(doctor.id()))
                .orderBy(PATIENT_VISIT.CHECKED_IN_AT)
                .fetch());
    }

    private static PatientVisitRecord visit(UUID id) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(id)).fetchSingle());
    }

    private static AuditEventRecord event(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        AUDIT_EVENT.ENTITY_ID.eq(entity))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc())
                .limit(1)
                .fetchSingle());
    }

    private static List<Integer> tokens(String html) {
        List<Integer> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("<td class=\"token\" data-label=\"Token\">(\\d+)</td>").matcher(html);
        while (m.find()) {
            tokens.add(Integer.parseInt(m.group(1)));
        }
        return tokens;
    }
}
