package io.santkrupa.visit;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for completing a visit, wherever the doctor completes it -- the consultation page,
 * the queue's Complete, the API: its note records a diagnosis. Without one nothing changes and
 * the doctor is told where to write it; with one the visit completes, and the page then offers
 * the next waiting patient.
 */
@ExtendWith(TestDatabaseExtension.class)
class VisitCompletionRuleTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UUID inConsultation() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Rule" + UUID.randomUUID().toString().substring(0, 6),
                null);
        return ConsultationFixture.visit(db, clinic, patient, clinic.row("doctor"), server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now());
    }

    private static String status(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(PATIENT_VISIT.STATUS).from(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(visit))
                .fetchSingle(PATIENT_VISIT.STATUS));
    }

    private static void noteWithoutDiagnosis(UUID visit) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(DOCTOR_NOTE)
                .set(DOCTOR_NOTE.CLINIC_ID, clinic.id().value()).set(DOCTOR_NOTE.ID, io.santkrupa.db.Ids.newId())
                .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, tx.select(PATIENT_VISIT.PATIENT_ID)
                        .from(PATIENT_VISIT).where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(visit))
                        .fetchSingle(PATIENT_VISIT.PATIENT_ID))
                .set(DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor")).set(DOCTOR_NOTE.CHIEF_COMPLAINT, "Headache")
                .execute());
    }

    @Test
    void the_queue_refuses_to_complete_without_a_diagnosis_and_sends_the_doctor_to_write_it() {
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        for (boolean withNote : new boolean[] {false, true}) {
            UUID visit = inConsultation();
            if (withNote) {
                noteWithoutDiagnosis(visit); // a note, but no diagnosis in it
            }
            doctor.get("/clinic/" + clinic.slug() + "/queue");
            HttpResponse<String> refused = doctor.post("/clinic/" + clinic.slug() + "/queue/" + visit + "/consultation",
                    Map.of("to", "completed"));
            assertThat(refused.statusCode()).isEqualTo(303);
            String location = refused.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo("/clinic/" + clinic.slug() + "/visits/" + visit + "?refused=no_diagnosis#note-heading");
            assertThat(status(visit)).isEqualTo("in_consultation");
            assertThat(doctor.get(location.replace("#note-heading", "")).body())
                    .contains("Record a diagnosis in the visit&#39;s note before completing it.");
        }
    }

    @Test
    void the_api_refuses_to_complete_without_a_diagnosis_and_completes_with_one() {
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        UUID visit = inConsultation();
        HttpResponse<String> refused = ApiClient.send(server, "POST",
                "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit + "/complete", token, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(refused).get("detail").asText()).contains("Record a diagnosis");
        assertThat(status(visit)).isEqualTo("in_consultation");

        // a note that does not exist yet is written at version 0
        HttpResponse<String> note = ApiClient.send(server, "PUT", "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit + "/note",
                token, "{\"diagnosis\":\"Migraine\"}", Map.of("If-Match", "\"0\""));
        assertThat(note.statusCode()).as(note.body()).isIn(200, 201);
        HttpResponse<String> completed = ApiClient.send(server, "POST",
                "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit + "/complete", token, null);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(status(visit)).isEqualTo("completed");
    }

    @Test
    void the_consultation_page_refuses_without_a_diagnosis_and_then_offers_the_next_waiting_patient() {
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        UUID visit = inConsultation();
        UUID nextPatient = ConsultationFixture.patient(db, server.hasher, clinic, "Nextinline", null);
        UUID next = ConsultationFixture.waitingVisit(db, clinic, nextPatient, server.clock.clinicToday());
        String page = "/clinic/" + clinic.slug() + "/visits/" + visit;
        doctor.get(page);
        HttpResponse<String> refused = doctor.post(page + "/complete", Map.of("chiefComplaint", "Fever"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(status(visit)).isEqualTo("in_consultation");

        doctor.get(page);
        HttpResponse<String> completed = doctor.post(page + "/complete", Map.of("diagnosis", "Viral fever"));
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(303);
        HttpResponse<String> done = doctor.get(page + "?done=completed");
        assertThat(done.body()).contains("Next patient: token").contains("Nextinline");

        // the button starts that consultation and opens it
        HttpResponse<String> started = doctor.post("/clinic/" + clinic.slug() + "/queue/" + next + "/consultation",
                Map.of("to", "in_consultation"));
        assertThat(started.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/visits/" + next);
        assertThat(status(next)).isEqualTo("in_consultation");
    }
}
