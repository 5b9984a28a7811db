package io.santkrupa.visit;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import io.santkrupa.web.auth.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Check-in, the day's queue, the desk's and the doctor's moves and the consultation note over the
 * API, through real HTTP against PostgreSQL: the same rules, refusals and audit events as the
 * pages; keyset pages; If-Match on the note; Idempotency-Key on check-in; another clinic's ids
 * getting 404 (or, for a doctor named in a check-in, the unknown doctor's 422) with nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class VisitApiTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String reception;
    private static String doctor;
    private static UUID fixtureDoctor;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        reception = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
        fixtureDoctor = clinic.row("doctor");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- doctors

    @Test
    void the_doctors_list_pages_through_the_active_doctors_by_name_each_once() throws Exception {
        for (int i = 0; i < 3; i++) {
            ConsultationFixture.doctor(db, server.hasher, clinic, "listed" + NAMES.incrementAndGet());
        }
        UUID inactive = ConsultationFixture.doctor(db, server.hasher, clinic, "retired" + NAMES.incrementAndGet());
        db.tenants().inClinic(clinic.id(), tx -> tx.update(DOCTOR).set(DOCTOR.IS_ACTIVE, false)
                .where(DOCTOR.CLINIC_ID.eq(clinic.id().value()), DOCTOR.ID.eq(inactive)).execute());
        Set<String> active = new HashSet<>(db.tenants().inClinic(clinic.id(), tx -> tx.select(DOCTOR.ID).from(DOCTOR)
                .where(DOCTOR.CLINIC_ID.eq(clinic.id().value()), DOCTOR.IS_ACTIVE.isTrue())
                .fetch(r -> r.value1().toString())));
        assertThat(active).hasSizeGreaterThanOrEqualTo(4);

        List<String> names = new ArrayList<>();
        List<String> seen = pages("/doctors", 2, reception, item -> names.add(item.get("name").asText()));
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(Set.copyOf(seen)).isEqualTo(active).doesNotContain(inactive.toString());
        assertThat(names).isSorted();

        JsonNode first = json(ApiClient.get(server, api("/doctors?limit=100"), reception)).get("items");
        JsonNode theFixtureDoctor = null;
        for (JsonNode d : first) {
            if (d.get("id").asText().equals(fixtureDoctor.toString())) {
                theFixtureDoctor = d;
            }
        }
        assertThat(theFixtureDoctor).isNotNull();
        assertThat(theFixtureDoctor.get("specialization").asText()).isEqualTo("General Medicine");
        assertThat(fieldNames(theFixtureDoctor)).containsExactly("id", "name", "specialization");

        for (Role role : List.of(Role.CLINIC_ADMIN, Role.DOCTOR, Role.LAB_TECHNICIAN)) {
            assertThat(ApiClient.get(server, api("/doctors"), ApiClient.token(server, db, clinic, role)).statusCode())
                    .as(role.name()).isEqualTo(200);
        }
        assertThat(ApiClient.get(server, api("/doctors"), ApiClient.token(server, db, clinic, Role.PATIENT))
                .statusCode()).isEqualTo(403);
        assertThat(ApiClient.get(server, api("/doctors"), null).statusCode()).isEqualTo(401);
        assertThat(ApiClient.get(server, api("/doctors?cursor=garbage"), reception).statusCode()).isEqualTo(400);
    }

    // --- check-in

    @Test
    void checking_in_answers_201_with_the_visit_its_token_and_location_and_is_audited() throws Exception {
        UUID patient = patient();
        HttpResponse<String> created = checkIn(reception, patient, fixtureDoctor, "Fever since two days", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode visit = json(created);
        String id = visit.get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(api("/visits/" + id));
        assertThat(visit.get("status").asText()).isEqualTo("waiting");
        assertThat(visit.get("token").asInt()).isPositive();
        assertThat(visit.get("visitDate").asText()).isEqualTo(today().toString());
        assertThat(visit.get("patientId").asText()).isEqualTo(patient.toString());
        assertThat(visit.get("doctorId").asText()).isEqualTo(fixtureDoctor.toString());
        assertThat(visit.get("reason").asText()).isEqualTo("Fever since two days");
        assertThat(visit.get("startedAt").isNull()).isTrue();
        assertThat(created.body()).doesNotContain("clinic_id").doesNotContain("clinicId");
        assertThat(audited("visit.check_in", UUID.fromString(id))).isEqualTo(1);

        HttpResponse<String> read = ApiClient.get(server, api("/visits/" + id), doctor);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());

        // the next patient of the same doctor gets the next token
        JsonNode next = json(checkIn(reception, patient(), fixtureDoctor, null, Map.of()));
        assertThat(next.get("token").asInt()).isEqualTo(visit.get("token").asInt() + 1);
    }

    @Test
    void a_patient_already_in_the_doctors_queue_today_gets_409_with_the_token_and_nothing_is_written() throws Exception {
        UUID patient = patient();
        JsonNode first = json(checkIn(reception, patient, fixtureDoctor, "", Map.of()));
        int before = visits();

        HttpResponse<String> again = checkIn(reception, patient, fixtureDoctor, "", Map.of());
        assertThat(again.statusCode()).isEqualTo(409);
        JsonNode problem = json(again);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:conflict");
        assertThat(problem.get("token").asInt()).isEqualTo(first.get("token").asInt());
        assertThat(visits()).isEqualTo(before);
    }

    @Test
    void invalid_check_ins_get_422_naming_each_field_an_unknown_patient_404_and_nothing_is_written() throws Exception {
        int before = visits();
        HttpResponse<String> empty = post(reception, "/visits", "{}");
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(fieldErrors(json(empty))).containsExactlyInAnyOrder("patientId", "doctorId");

        HttpResponse<String> wrong = post(reception, "/visits", Json.write(Map.of("patientId", "PT-1",
                "doctorId", 7, "reason", "x".repeat(501))));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(wrong))).containsExactlyInAnyOrder("patientId", "doctorId", "reason");

        HttpResponse<String> unknownField = post(reception, "/visits", Json.write(Map.of(
                "patientId", patient().toString(), "doctorId", fixtureDoctor.toString(), "token", 1)));
        assertThat(unknownField.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknownField))).containsExactly("token");

        UUID inactive = ConsultationFixture.doctor(db, server.hasher, clinic, "inactive" + NAMES.incrementAndGet());
        db.tenants().inClinic(clinic.id(), tx -> tx.update(DOCTOR).set(DOCTOR.IS_ACTIVE, false)
                .where(DOCTOR.CLINIC_ID.eq(clinic.id().value()), DOCTOR.ID.eq(inactive)).execute());
        HttpResponse<String> inactiveDoctor = checkIn(reception, patient(), inactive, "", Map.of());
        assertThat(inactiveDoctor.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(inactiveDoctor))).containsExactly("doctorId");
        HttpResponse<String> unknownDoctor = checkIn(reception, patient(), UUID.randomUUID(), "", Map.of());
        assertThat(unknownDoctor.statusCode()).isEqualTo(422);
        assertThat(unknownDoctor.body()).isEqualTo(inactiveDoctor.body());

        HttpResponse<String> unknownPatient = checkIn(reception, UUID.randomUUID(), fixtureDoctor, "", Map.of());
        assertThat(unknownPatient.statusCode()).isEqualTo(404);
        assertThat(post(reception, "/visits", "{not json").statusCode()).isEqualTo(400);
        assertThat(visits()).isEqualTo(before);
    }

    @Test
    void a_retried_check_in_with_the_same_idempotency_key_gets_the_first_answer_and_one_visit() throws Exception {
        UUID patient = patient();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = checkIn(reception, patient, fixtureDoctor, "Cough", Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        int after = visits();

        HttpResponse<String> retry = checkIn(reception, patient, fixtureDoctor, "Cough", Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(visits()).isEqualTo(after);
        assertThat(visitsOf(patient)).isEqualTo(1);
    }

    // --- the queue

    @Test
    void the_queue_pages_through_a_doctors_day_in_token_order_each_visit_once() throws Exception {
        UUID doctorId = ConsultationFixture.doctor(db, server.hasher, clinic, "queued" + NAMES.incrementAndGet());
        List<String> checkedIn = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            checkedIn.add(json(checkIn(reception, patient(), doctorId, "", Map.of())).get("id").asText());
        }
        List<Integer> tokens = new ArrayList<>();
        List<String> seen = pages("/visits?doctorId=" + doctorId, 2, reception, v -> tokens.add(v.get("token").asInt()));
        assertThat(seen).containsExactlyElementsOf(checkedIn);
        assertThat(tokens).containsExactly(1, 2, 3, 4, 5);

        // every doctor's queue of the day holds them too, each once
        List<String> all = pages("/visits", 7, reception, v -> { });
        assertThat(all).doesNotHaveDuplicates().containsAll(checkedIn);

        String yesterday = today().minusDays(1).toString();
        JsonNode earlier = json(ApiClient.get(server, api("/visits?doctorId=" + doctorId + "&date=" + yesterday), reception));
        assertThat(earlier.get("items")).isEmpty();
        assertThat(earlier.get("next").isNull()).isTrue();
        JsonNode explicitToday = json(ApiClient.get(server, api("/visits?doctorId=" + doctorId + "&date=" + today()
                + "&limit=100"), reception));
        assertThat(explicitToday.get("items")).hasSize(5);

        assertThat(fieldErrors(json(ApiClient.get(server, api("/visits?date=tomorrow"), reception)))).containsExactly("date");
        assertThat(fieldErrors(json(ApiClient.get(server, api("/visits?doctorId=7"), reception)))).containsExactly("doctorId");
        assertThat(ApiClient.get(server, api("/visits?limit=0"), reception).statusCode()).isEqualTo(400);
    }

    @Test
    void a_doctor_reads_only_their_own_queue() throws Exception {
        UUID otherDoctor = ConsultationFixture.doctor(db, server.hasher, clinic, "colleague" + NAMES.incrementAndGet());
        String mine = json(checkIn(reception, patient(), fixtureDoctor, "", Map.of())).get("id").asText();
        String theirs = json(checkIn(reception, patient(), otherDoctor, "", Map.of())).get("id").asText();

        List<String> doctorIds = new ArrayList<>();
        List<String> seen = pages("/visits", 100, doctor, v -> doctorIds.add(v.get("doctorId").asText()));
        assertThat(seen).contains(mine).doesNotContain(theirs);
        assertThat(doctorIds).containsOnly(fixtureDoctor.toString());
        assertThat(pages("/visits?doctorId=" + fixtureDoctor, 100, doctor, v -> { })).isEqualTo(seen);

        HttpResponse<String> colleagues = ApiClient.get(server, api("/visits?doctorId=" + otherDoctor), doctor);
        assertThat(colleagues.statusCode()).isEqualTo(403);
        assertThat(colleagues.body()).doesNotContain(theirs);
        // the colleague reads their own, and the desk reads both
        assertThat(pages("/visits", 100, doctorToken(otherDoctor), v -> { })).contains(theirs).doesNotContain(mine);
        assertThat(pages("/visits", 100, reception, v -> { })).contains(mine, theirs);
    }

    // --- moves

    @Test
    void the_desk_cancels_marks_no_shows_and_puts_back_to_waiting_and_nothing_else() throws Exception {
        String id = json(checkIn(reception, patient(), fixtureDoctor, "", Map.of())).get("id").asText();
        String path = "/visits/" + id + "/status";

        HttpResponse<String> cancelled = post(reception, path, "{\"to\":\"cancelled\"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(cancelled).get("endedAt").isNull()).isFalse();
        assertThat(audited("visit.status", UUID.fromString(id))).isEqualTo(1);

        assertThat(json(post(reception, path, "{\"to\":\"waiting\"}")).get("status").asText()).isEqualTo("waiting");
        assertThat(json(post(reception, path, "{\"to\":\"no_show\"}")).get("status").asText()).isEqualTo("no_show");

        HttpResponse<String> notFromNoShow = post(reception, path, "{\"to\":\"cancelled\"}");
        assertThat(notFromNoShow.statusCode()).isEqualTo(409);
        assertThat(json(notFromNoShow).get("detail").asText()).contains("no_show").contains("cancelled");

        HttpResponse<String> notTheDesks = post(reception, path, "{\"to\":\"completed\"}");
        assertThat(notTheDesks.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(notTheDesks))).containsExactly("to");
        assertThat(fieldErrors(json(post(reception, path, "{}")))).containsExactly("to");
        assertThat(fieldErrors(json(post(reception, path, "{\"to\":\"waiting\",\"why\":\"x\"}")))).containsExactly("why");

        assertThat(status(id)).isEqualTo("no_show");
        assertThat(audited("visit.status", UUID.fromString(id))).isEqualTo(3);
        assertThat(post(doctor, path, "{\"to\":\"cancelled\"}").statusCode()).isEqualTo(403);
        assertThat(post(reception, "/visits/" + UUID.randomUUID() + "/status", "{\"to\":\"cancelled\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void the_visits_doctor_starts_notes_and_completes_the_consultation_with_if_match_on_the_note() throws Exception {
        String id = json(checkIn(reception, patient(), fixtureDoctor, "", Map.of())).get("id").asText();
        String colleague = doctorToken(ConsultationFixture.doctor(db, server.hasher, clinic, "other" + NAMES.incrementAndGet()));
        String note = "/visits/" + id + "/note";

        // before the start: a note cannot be saved; another doctor cannot start it; the desk cannot either
        assertThat(put(doctor, note, noteJson("Viral fever"), "\"0\"").statusCode()).isEqualTo(409);
        HttpResponse<String> notTheirs = post(colleague, "/visits/" + id + "/start", null);
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(post(reception, "/visits/" + id + "/start", null).statusCode()).isEqualTo(403);
        assertThat(status(id)).isEqualTo("waiting");

        HttpResponse<String> started = post(doctor, "/visits/" + id + "/start", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).get("status").asText()).isEqualTo("in_consultation");
        assertThat(json(started).get("startedAt").isNull()).isFalse();
        assertThat(post(doctor, "/visits/" + id + "/start", null).statusCode()).isEqualTo(409);

        // no note yet: an empty note at version 0
        HttpResponse<String> none = ApiClient.get(server, api(note), doctor);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(json(none).get("version").asInt()).isZero();
        assertThat(json(none).get("diagnosis").asText()).isEmpty();

        assertThat(put(doctor, note, noteJson("Viral fever"), null).statusCode()).isEqualTo(428);
        assertThat(put(colleague, note, noteJson("Viral fever"), "\"0\"").statusCode()).isEqualTo(403);
        HttpResponse<String> first = put(doctor, note, noteJson("Viral fever"), "\"0\"");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode saved = json(first);
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        assertThat(saved.get("bpSystolic").asInt()).isEqualTo(128);
        assertThat(saved.get("temperature").decimalValue()).isEqualByComparingTo("37.5");
        assertThat(saved.get("weight").decimalValue()).isEqualByComparingTo("70");
        assertThat(saved.get("followUpOn").asText()).isEqualTo(today().plusDays(7).toString());
        UUID noteId = noteId(id);
        assertThat(audited("consultation.note", noteId)).isEqualTo(1);

        // a second "first save" (someone created the note meanwhile) and a stale edit: 412, nothing overwritten
        HttpResponse<String> secondFirst = put(doctor, note, noteJson("Dengue"), "\"0\"");
        assertThat(secondFirst.statusCode()).isEqualTo(412);
        assertThat(json(secondFirst).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(put(doctor, note, noteJson("Typhoid"), "\"1\"").statusCode()).isEqualTo(200);
        assertThat(put(doctor, note, noteJson("Malaria"), "\"1\"").statusCode()).isEqualTo(412);
        HttpResponse<String> current = ApiClient.get(server, api(note), colleague);
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(json(current).get("diagnosis").asText()).isEqualTo("Typhoid");
        assertThat(current.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(audited("consultation.note", noteId)).isEqualTo(2);

        HttpResponse<String> invalid = put(doctor, note, Json.write(Map.of("bpSystolic", 500, "pulse", 72.5,
                "followUpOn", today().minusDays(1).toString(), "notes", "x".repeat(4001))), "\"2\"");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(invalid))).containsExactlyInAnyOrder("bpSystolic", "pulse", "followUpOn", "notes");
        HttpResponse<String> unknown = put(doctor, note, "{\"diagnosis\":\"x\",\"diagnosys\":\"y\"}", "\"2\"");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknown))).containsExactly("diagnosys");
        HttpResponse<String> wrongType = put(doctor, note, "{\"pulse\":true}", "\"2\"");
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(wrongType))).containsExactly("pulse");
        assertThat(fieldErrors(json(put(doctor, note, "{\"temperature\":\"hot\"}", "\"2\"")))).containsExactly("temperature");
        HttpResponse<String> bothPressures = put(doctor, note, "{\"bpSystolic\":120}", "\"2\"");
        assertThat(fieldErrors(json(bothPressures))).containsExactly("bpDiastolic");
        assertThat(json(ApiClient.get(server, api(note), doctor)).get("version").asInt()).isEqualTo(2);

        assertThat(post(colleague, "/visits/" + id + "/complete", null).statusCode()).isEqualTo(403);
        HttpResponse<String> completed = post(doctor, "/visits/" + id + "/complete", null);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(json(completed).get("status").asText()).isEqualTo("completed");
        assertThat(post(doctor, "/visits/" + id + "/complete", null).statusCode()).isEqualTo(409);
        assertThat(put(doctor, note, noteJson("Late edit"), "\"2\"").statusCode()).isEqualTo(409);
        assertThat(audited("visit.status", UUID.fromString(id))).isEqualTo(2);
    }

    @Test
    void reading_a_note_is_audited_as_a_read_of_the_patients_record() throws Exception {
        UUID patient = patient();
        String id = json(checkIn(reception, patient, fixtureDoctor, "", Map.of())).get("id").asText();
        HttpResponse<String> read = ApiClient.get(server, api("/visits/" + id + "/note"), doctor);
        assertThat(read.statusCode()).isEqualTo(200);
        String requestId = read.headers().firstValue("X-Request-Id").orElseThrow();
        int events = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("patient.read"),
                AUDIT_EVENT.ENTITY_ID.eq(patient), AUDIT_EVENT.REQUEST_ID.eq(requestId)));
        assertThat(events).isEqualTo(1);
    }

    // --- permissions and other clinics

    @Test
    void roles_without_the_permission_get_403_and_anonymous_callers_401() {
        String lab = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String admin = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
        String patientToken = ApiClient.token(server, db, clinic, Role.PATIENT);
        String visit = clinic.row("patient_visit").toString();
        String body = Json.write(Map.of("patientId", clinic.row("patient").toString(), "doctorId", fixtureDoctor.toString()));
        for (String token : List.of(lab, admin, patientToken)) {
            assertThat(ApiClient.get(server, api("/visits"), token).statusCode()).isEqualTo(403);
            assertThat(ApiClient.get(server, api("/visits/" + visit), token).statusCode()).isEqualTo(403);
            assertThat(ApiClient.get(server, api("/visits/" + visit + "/note"), token).statusCode()).isEqualTo(403);
            assertThat(post(token, "/visits", body).statusCode()).isEqualTo(403);
            assertThat(post(token, "/visits/" + visit + "/status", "{\"to\":\"cancelled\"}").statusCode()).isEqualTo(403);
            assertThat(post(token, "/visits/" + visit + "/start", null).statusCode()).isEqualTo(403);
        }
        assertThat(post(doctor, "/visits", body).statusCode()).isEqualTo(403);
        assertThat(ApiClient.get(server, api("/visits/" + visit + "/note"), reception).statusCode()).isEqualTo(403);
        assertThat(put(reception, "/visits/" + visit + "/note", noteJson("x"), "\"1\"").statusCode()).isEqualTo(403);
        assertThat(post(reception, "/visits/" + visit + "/complete", null).statusCode()).isEqualTo(403);

        assertThat(ApiClient.get(server, api("/visits"), null).statusCode()).isEqualTo(401);
        assertThat(ApiClient.get(server, api("/doctors"), null).statusCode()).isEqualTo(401);
        assertThat(post(null, "/visits", body).statusCode()).isEqualTo(401);
        assertThat(put(null, "/visits/" + visit + "/note", noteJson("x"), "\"1\"").statusCode()).isEqualTo(401);
    }

    @Test
    void another_clinics_ids_get_404_and_change_nothing() throws Exception {
        String foreignDesk = ApiClient.token(server, db, other, Role.RECEPTIONIST);
        String foreignDoctor = ApiClient.token(server, db, other, Role.DOCTOR);
        UUID visitOfA = UUID.fromString(json(checkIn(reception, patient(), fixtureDoctor, "", Map.of())).get("id").asText());
        UUID patientOfA = patient();
        String inB = "/clinic/" + other.slug() + "/api/v1";
        int visitsOfA = visits();
        int visitsOfB = db.tenants().inClinic(other.id(), tx -> tx.fetchCount(PATIENT_VISIT,
                PATIENT_VISIT.CLINIC_ID.eq(other.id().value())));
        int notesOfA = notes();

        // B's API, with A's ids
        HttpResponse<String> unknown = ApiClient.get(server, inB + "/visits/" + UUID.randomUUID(), foreignDesk);
        HttpResponse<String> foreign = ApiClient.get(server, inB + "/visits/" + visitOfA, foreignDesk);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
        assertThat(ApiClient.get(server, inB + "/visits/" + visitOfA + "/note", foreignDoctor).statusCode()).isEqualTo(404);
        assertThat(ApiClient.send(server, "POST", inB + "/visits/" + visitOfA + "/status", foreignDesk,
                "{\"to\":\"cancelled\"}", Map.of()).statusCode()).isEqualTo(404);
        assertThat(ApiClient.send(server, "POST", inB + "/visits/" + visitOfA + "/start", foreignDoctor, null, Map.of())
                .statusCode()).isEqualTo(404);
        assertThat(ApiClient.send(server, "PUT", inB + "/visits/" + visitOfA + "/note", foreignDoctor,
                noteJson("x"), Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(404);
        // a check-in at B naming A's patient: the unknown patient's 404; naming A's doctor: the unknown doctor's 422
        HttpResponse<String> patientOfAInB = ApiClient.send(server, "POST", inB + "/visits", foreignDesk,
                checkInJson(patientOfA, other.row("doctor"), ""), Map.of());
        HttpResponse<String> nobodyInB = ApiClient.send(server, "POST", inB + "/visits", foreignDesk,
                checkInJson(UUID.randomUUID(), other.row("doctor"), ""), Map.of());
        assertThat(patientOfAInB.statusCode()).isEqualTo(404);
        assertThat(patientOfAInB.body()).isEqualTo(nobodyInB.body());
        HttpResponse<String> doctorOfAInB = ApiClient.send(server, "POST", inB + "/visits", foreignDesk,
                checkInJson(other.row("patient"), fixtureDoctor, ""), Map.of());
        HttpResponse<String> noDoctorInB = ApiClient.send(server, "POST", inB + "/visits", foreignDesk,
                checkInJson(other.row("patient"), UUID.randomUUID(), ""), Map.of());
        assertThat(doctorOfAInB.statusCode()).isEqualTo(422);
        assertThat(doctorOfAInB.body()).isEqualTo(noDoctorInB.body());
        // B's queue filtered by A's doctor is simply empty
        assertThat(json(ApiClient.get(server, inB + "/visits?doctorId=" + fixtureDoctor, foreignDesk)).get("items")).isEmpty();
        // A's API with B's token
        assertThat(ApiClient.get(server, api("/visits/" + visitOfA), foreignDesk).statusCode()).isEqualTo(404);
        assertThat(post(foreignDesk, "/visits/" + visitOfA + "/status", "{\"to\":\"cancelled\"}").statusCode()).isEqualTo(404);

        assertThat(status(visitOfA.toString())).isEqualTo("waiting");
        assertThat(visits()).isEqualTo(visitsOfA);
        int visitsOfBAfter = db.tenants().inClinic(other.id(), tx -> tx.fetchCount(PATIENT_VISIT,
                PATIENT_VISIT.CLINIC_ID.eq(other.id().value())));
        assertThat(visitsOfBAfter).isEqualTo(visitsOfB);
        assertThat(notes()).isEqualTo(notesOfA);
    }

    // --- helpers

    /** Every item of a list, page by page ({@code limit} a page), with each item also given to {@code each}. */
    private static List<String> pages(String path, int limit, String token, java.util.function.Consumer<JsonNode> each)
            throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = ApiClient.get(server, api(query), token);
            assertThat(page.statusCode()).as(query + " -> " + page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isLessThanOrEqualTo(limit);
            body.get("items").forEach(item -> {
                ids.add(item.get("id").asText());
                each.accept(item);
            });
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(pages).as("pages of " + path).isLessThan(100);
        return ids;
    }

    private static UUID patient() {
        return ConsultationFixture.patient(db, server.hasher, clinic, "Api" + NAMES.incrementAndGet(), null);
    }

    private static LocalDate today() {
        return server.clock.clinicToday();
    }

    private static HttpResponse<String> checkIn(String token, UUID patient, UUID doctorId, String reason,
                                                Map<String, String> headers) {
        return ApiClient.send(server, "POST", api("/visits"), token, checkInJson(patient, doctorId, reason), headers);
    }

    private static String checkInJson(UUID patient, UUID doctorId, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patientId", patient.toString());
        body.put("doctorId", doctorId.toString());
        if (reason != null) {
            body.put("reason", reason);
        }
        return Json.write(body);
    }

    private static String noteJson(String diagnosis) {
        Map<String, Object> note = new HashMap<>();
        note.put("bpSystolic", 128);
        note.put("bpDiastolic", 84);
        note.put("pulse", 88);
        note.put("temperature", 37.5);
        note.put("weight", 70.00);
        note.put("chiefComplaint", "Fever");
        note.put("diagnosis", diagnosis);
        note.put("followUpOn", today().plusDays(7).toString());
        return Json.write(note);
    }

    private static HttpResponse<String> post(String token, String path, String body) {
        return ApiClient.send(server, "POST", api(path), token, body, Map.of());
    }

    private static HttpResponse<String> put(String token, String path, String body, String ifMatch) {
        return ApiClient.send(server, "PUT", api(path), token, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static String doctorToken(UUID doctorId) {
        var user = db.tenants().inClinic(clinic.id(), tx -> tx.select(APP_USER.ID, APP_USER.USERNAME).from(DOCTOR)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(DOCTOR.CLINIC_ID.eq(clinic.id().value()), DOCTOR.ID.eq(doctorId))
                .fetchSingle());
        return server.accessTokens.issue(new Principal(clinic.id(), user.value1(), user.value2(), Role.DOCTOR, null));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int visits() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT_VISIT,
                PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value())));
    }

    private static int notes() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(DOCTOR_NOTE,
                DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value())));
    }

    private static int visitsOf(UUID patient) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT_VISIT,
                PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.PATIENT_ID.eq(patient)));
    }

    private static String status(String visitId) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(PATIENT_VISIT.STATUS).from(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(UUID.fromString(visitId)))
                .fetchSingle(PATIENT_VISIT.STATUS));
    }

    private static UUID noteId(String visitId) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(DOCTOR_NOTE.ID).from(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value()), DOCTOR_NOTE.VISIT_ID.eq(UUID.fromString(visitId)))
                .fetchSingle(DOCTOR_NOTE.ID));
    }

    private static int audited(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }
}
