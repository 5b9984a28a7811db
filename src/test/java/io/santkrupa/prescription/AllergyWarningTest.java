package io.santkrupa.prescription;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A doctor prescribing a medicine of a class the patient is recorded as allergic to is stopped,
 * on the page and over the API, with nothing written; prescribing it anyway takes an explicit
 * confirmation, and the override is audited (by class and id, never the allergy text).
 */
@ExtendWith(TestDatabaseExtension.class)
class AllergyWarningTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static UUID amoxicillin;
    private static UUID cefixime;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        amoxicillin = ConsultationFixture.medicine(db, clinic, "Amoxicillin 500 mg", true);
        cefixime = ConsultationFixture.medicine(db, clinic, "Cefixime 200 mg", true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_page_warns_about_amoxicillin_for_a_penicillin_allergy_writes_nothing_and_keeps_what_was_typed() {
        TestBrowser doctor = signedIn();
        UUID visit = visitOfAllergicPatient();
        doctor.get(page(visit));
        long overrides = audited("prescription.allergy_override");

        HttpResponse<String> warned = doctor.post(page(visit) + "/prescriptions", rx(amoxicillin, Map.of()));

        assertThat(warned.statusCode()).isEqualTo(409);
        assertThat(warned.body()).contains("Allergy warning: nothing was saved")
                .contains("Amoxicillin 500 mg is one of the penicillins, and the patient is recorded as allergic to penicillins.")
                .contains("name=\"allergyOverride\"")
                .contains("value=\"Twice a day\"").contains("value=\"7\"");
        assertThat(prescriptionsOf(visit)).isZero();
        assertThat(audited("prescription.allergy_override")).isEqualTo(overrides);
    }

    @Test
    void a_confirmed_override_writes_the_prescription_and_audits_the_override_without_the_allergy_text() {
        TestBrowser doctor = signedIn();
        UUID visit = visitOfAllergicPatient();
        doctor.get(page(visit));
        long before = audited("prescription.allergy_override");

        HttpResponse<String> written = doctor.post(page(visit) + "/prescriptions",
                rx(cefixime, Map.of("allergyOverride", "on")));

        assertThat(written.statusCode()).as(written.body()).isEqualTo(303);
        assertThat(prescriptionsOf(visit)).isEqualTo(1);
        assertThat(audited("prescription.allergy_override")).isEqualTo(before + 1);
        String detail = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("prescription.allergy_override"))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc()).limit(1).fetchSingle(AUDIT_EVENT.DETAIL));
        assertThat(detail).contains("Cephalosporins").contains("cross-reacts with Penicillins").contains(cefixime.toString())
                .doesNotContainIgnoringCase("rash");
    }

    @Test
    void a_medicine_of_no_allergy_class_is_written_without_a_warning() {
        TestBrowser doctor = signedIn();
        UUID visit = visitOfAllergicPatient();
        doctor.get(page(visit));

        HttpResponse<String> written = doctor.post(page(visit) + "/prescriptions", rx(clinic.row("medicine"), Map.of()));

        assertThat(written.statusCode()).as(written.body()).isEqualTo(303);
        assertThat(prescriptionsOf(visit)).isEqualTo(1);
    }

    @Test
    void the_api_answers_409_allergy_conflict_with_the_conflicts_and_writes_on_allergy_override_true() throws Exception {
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        UUID visit = visitOfAllergicPatient();
        String path = "/clinic/" + clinic.slug() + "/api/v1/prescriptions";
        Map<String, Object> item = Map.of("medicineId", amoxicillin.toString(), "dose", "1 capsule",
                "frequency", "three times a day", "durationDays", 5);

        HttpResponse<String> refused = OpenApiContract.check(ApiClient.send(server, "POST", path, token,
                Json.write(Map.of("visitId", visit.toString(), "items", List.of(item))), Map.of()));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:allergy-conflict");
        assertThat(problem.at("/conflicts/0/medicineId").asText()).isEqualTo(amoxicillin.toString());
        assertThat(problem.at("/conflicts/0/allergyClass").asText()).isEqualTo("Penicillins");
        assertThat(problem.at("/conflicts/0/crossReactive").asBoolean()).isFalse();
        assertThat(prescriptionsOf(visit)).isZero();

        String confirmed = Json.write(Map.of("visitId", visit.toString(), "items", List.of(item), "allergyOverride", true));
        OpenApiContract.served().verifyRequest("POST", path, confirmed);
        HttpResponse<String> created = OpenApiContract.check(ApiClient.send(server, "POST", path, token, confirmed, Map.of()));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(prescriptionsOf(visit)).isEqualTo(1);
        UUID id = UUID.fromString(json(created).get("id").asText());
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("prescription.allergy_override"),
                AUDIT_EVENT.ENTITY_ID.eq(id)))).isEqualTo(1);
    }

    private static TestBrowser signedIn() {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor")).statusCode()).isEqualTo(303);
        return browser;
    }

    /** A visit in consultation with the fixture's doctor, of a patient recorded as allergic to penicillin. */
    private static UUID visitOfAllergicPatient() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Allergic", null);
        db.tenants().inClinic(clinic.id(), tx -> tx.update(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT)
                .set(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.ALLERGIES, "Penicillin (rash)")
                .where(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.CLINIC_ID.eq(clinic.id().value()),
                        io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.ID.eq(patient)).execute());
        return ConsultationFixture.visit(db, clinic, patient, clinic.row("doctor"), server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now(server.clock));
    }

    private static Map<String, String> rx(UUID medicine, Map<String, String> extra) {
        Map<String, String> form = new HashMap<>(Map.of("medicine_1", medicine.toString(), "dose_1", "1 capsule",
                "frequency_1", "Twice a day", "duration_1", "7"));
        form.putAll(extra);
        return form;
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    private static int prescriptionsOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PRESCRIPTION,
                PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION.VISIT_ID.eq(visit)));
    }

    private static long audited(String action) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action)));
    }
}
