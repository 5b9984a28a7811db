package io.santkrupa.prescription;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.OpenApiContract;
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
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prescriptions over the API, through real HTTP against PostgreSQL: written by the visit's own
 * doctor during the consultation (the page's validation with field paths, its refusals, an
 * Idempotency-Key), read with the items and audited like the printed page, and refused to other
 * roles and other clinics with nothing written.
 */
@ExtendWith(TestDatabaseExtension.class)
class PrescriptionApiTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String doctor;
    private static UUID medicine;
    private static UUID secondMedicine;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
        medicine = clinic.row("medicine");
        secondMedicine = ConsultationFixture.medicine(db, clinic, "Cetirizine", true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_visits_doctor_prescribes_and_gets_201_with_the_items_location_and_an_audit_row() throws Exception {
        UUID visit = visit(clinic, "in_consultation");

        String body = prescription(visit, item(medicine, "1 tablet", "twice a day", 5, "after food"),
                item(secondMedicine, "1 tablet", "at night", 3, null));
        OpenApiContract.served().verifyRequest("POST", api("/prescriptions"), body);
        HttpResponse<String> created = post(doctor, body, Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode rx = json(created);
        UUID id = UUID.fromString(rx.get("id").asText());
        assertThat(created.headers().firstValue("Location")).hasValue(api("/prescriptions/" + id));
        assertThat(rx.get("visitId").asText()).isEqualTo(visit.toString());
        assertThat(rx.get("items")).hasSize(2);
        assertThat(rx.at("/items/0/position").asInt()).isEqualTo(1);
        assertThat(rx.at("/items/0/medicineId").asText()).isEqualTo(medicine.toString());
        assertThat(rx.at("/items/0/medicine").asText()).startsWith("Paracetamol 500 mg");
        assertThat(rx.at("/items/0/durationDays").asInt()).isEqualTo(5);
        assertThat(rx.at("/items/0/instructions").asText()).isEqualTo("after food");
        assertThat(rx.at("/items/1/instructions").asText()).isEmpty();
        assertThat(rx.at("/doctor/licenseNumber").asText()).startsWith("MMC-");
        assertThat(created.body()).doesNotContain("clinicId").doesNotContain("clinic_id");
        assertThat(audited("prescription.create", id)).isEqualTo(1);
        assertThat(audited("prescription.read", id)).isZero();

        HttpResponse<String> read = get(api("/prescriptions/" + id), doctor);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(rx);
        assertThat(audited("prescription.read", id)).isEqualTo(1);
    }

    @Test
    void invalid_items_get_422_naming_each_field_by_its_path_and_nothing_is_written() throws Exception {
        UUID visit = visit(clinic, "in_consultation");

        HttpResponse<String> refused = post(doctor, prescription(visit,
                item(medicine, "", "twice a day", 5, null),
                item(UUID.randomUUID(), "1 tablet", "", 0, null),
                item(other.row("medicine"), "1 tablet", "daily", 3, "x".repeat(301))), Map.of());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(json(refused))).containsExactlyInAnyOrder("items[0].dose", "items[1].medicineId",
                "items[1].frequency", "items[1].durationDays", "items[2].medicineId", "items[2].instructions");

        HttpResponse<String> fraction = post(doctor, "{\"visitId\":\"" + visit + "\",\"items\":[{\"medicineId\":\""
                + medicine + "\",\"dose\":\"1\",\"frequency\":\"daily\",\"durationDays\":2.5}]}", Map.of());
        assertThat(fraction.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(fraction))).containsExactly("items[0].durationDays");

        HttpResponse<String> misspelt = post(doctor, "{\"visitId\":\"" + visit + "\",\"items\":[{\"medicineId\":\""
                + medicine + "\",\"dosage\":\"1\",\"frequency\":\"daily\",\"durationDays\":2}]}", Map.of());
        assertThat(misspelt.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(misspelt))).containsExactly("items[0].dosage");

        HttpResponse<String> empty = post(doctor, "{\"visitId\":\"" + visit + "\",\"items\":[]}", Map.of());
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(empty))).containsExactly("items");

        HttpResponse<String> noVisit = post(doctor, "{}", Map.of());
        assertThat(noVisit.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(noVisit))).containsExactly("visitId");

        HttpResponse<String> badVisit = post(doctor, "{\"visitId\":\"not-a-uuid\",\"items\":[]}", Map.of());
        assertThat(badVisit.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(badVisit))).containsExactly("visitId");

        assertThat(prescriptionsOf(clinic, visit)).isZero();
    }

    @Test
    void a_visit_not_in_consultation_gets_409_and_one_of_another_doctor_or_unknown_gets_422_on_visit_id() throws Exception {
        UUID waiting = visit(clinic, "waiting");
        UUID completed = visit(clinic, "completed");
        UUID colleague = ConsultationFixture.doctor(db, server.hasher, clinic, "rx-colleague-" + UUID.randomUUID().toString().substring(0, 6));
        UUID colleaguesVisit = ConsultationFixture.visit(db, clinic, patient(clinic), colleague, server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now());

        for (UUID visit : List.of(waiting, completed)) {
            HttpResponse<String> refused = post(doctor, prescription(visit, item(medicine, "1", "daily", 2, null)), Map.of());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused).get("type").asText()).isEqualTo("urn:santkrupa:problem:conflict");
            assertThat(prescriptionsOf(clinic, visit)).isZero();
        }
        for (UUID visit : List.of(colleaguesVisit, UUID.randomUUID())) {
            HttpResponse<String> refused = post(doctor, prescription(visit, item(medicine, "1", "daily", 2, null)), Map.of());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(fieldErrors(json(refused))).containsExactly("visitId");
        }
        assertThat(prescriptionsOf(clinic, colleaguesVisit)).isZero();
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_writes_one_prescription() throws Exception {
        UUID visit = visit(clinic, "in_consultation");
        String body = prescription(visit, item(medicine, "1 tablet", "daily", 3, null));
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = post(doctor, body, Map.of("Idempotency-Key", key));
        HttpResponse<String> retry = post(doctor, body, Map.of("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(prescriptionsOf(clinic, visit)).isEqualTo(1);

        HttpResponse<String> different = post(doctor, prescription(visit, item(medicine, "2 tablets", "daily", 3, null)),
                Map.of("Idempotency-Key", key));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(json(different).get("type").asText()).isEqualTo("urn:santkrupa:problem:idempotency-key-reused");
        assertThat(prescriptionsOf(clinic, visit)).isEqualTo(1);
    }

    @Test
    void roles_without_the_permission_get_403_and_no_token_401() {
        UUID visit = visit(clinic, "in_consultation");
        String body = prescription(visit, item(medicine, "1", "daily", 2, null));
        String prescription = api("/prescriptions/" + clinic.row("prescription"));
        for (Role role : List.of(Role.RECEPTIONIST, Role.LAB_TECHNICIAN, Role.CLINIC_ADMIN, Role.PATIENT)) {
            String token = ApiClient.token(server, db, clinic, role);
            assertThat(post(token, body, Map.of()).statusCode()).as(role + " writes").isEqualTo(403);
            assertThat(get(prescription, token).statusCode()).as(role + " reads").isEqualTo(403);
        }
        assertThat(post(null, body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(prescription, null).statusCode()).isEqualTo(401);
        assertThat(prescriptionsOf(clinic, visit)).isZero();
    }

    @Test
    void another_clinics_token_or_ids_get_404_or_a_422_and_write_nothing() throws Exception {
        String foreign = ApiClient.token(server, db, other, Role.DOCTOR);
        UUID visitOfA = visit(clinic, "in_consultation");
        String body = prescription(visitOfA, item(medicine, "1", "daily", 2, null));

        // B's token on A's URLs: the unknown-clinic 404
        assertThat(post(foreign, body, Map.of()).statusCode()).isEqualTo(404);
        assertThat(get(api("/prescriptions/" + clinic.row("prescription")), foreign).statusCode())
                .isEqualTo(404);
        // B's own API with A's ids: A's prescription is not found, A's visit and medicine are not B's
        String apiOfB = "/clinic/" + other.slug() + "/api/v1";
        HttpResponse<String> read = get(apiOfB + "/prescriptions/" + clinic.row("prescription"), foreign);
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).isEqualTo(get(apiOfB + "/prescriptions/" + UUID.randomUUID(), foreign).body());
        HttpResponse<String> intoA = send("POST", apiOfB + "/prescriptions", foreign, body, Map.of());
        assertThat(intoA.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(intoA))).containsExactly("visitId");
        UUID visitOfB = visit(other, "in_consultation");
        HttpResponse<String> medicineOfA = send("POST", apiOfB + "/prescriptions", foreign,
                prescription(visitOfB, item(medicine, "1", "daily", 2, null)), Map.of());
        assertThat(medicineOfA.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(medicineOfA))).containsExactly("items[0].medicineId");

        assertThat(prescriptionsOf(clinic, visitOfA)).isZero();
        assertThat(prescriptionsOf(other, visitOfB)).isZero();
    }

    /** A visit of a new patient with the fixture's doctor, today, in {@code status}. */
    private static UUID visit(Clinic c, String status) {
        return ConsultationFixture.visit(db, c, patient(c), c.row("doctor"), server.clock.clinicToday(), status, OffsetDateTime.now());
    }

    private static UUID patient(Clinic c) {
        return ConsultationFixture.patient(db, server.hasher, c, "Rx", null);
    }

    private static Map<String, Object> item(UUID medicineId, String dose, String frequency, int days, String instructions) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("medicineId", medicineId.toString());
        item.put("dose", dose);
        item.put("frequency", frequency);
        item.put("durationDays", days);
        if (instructions != null) {
            item.put("instructions", instructions);
        }
        return item;
    }

    @SafeVarargs
    private static String prescription(UUID visit, Map<String, Object>... items) {
        return Json.write(Map.of("visitId", visit.toString(), "items", List.of(items), "advice", "Plenty of fluids"));
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        return send("POST", api("/prescriptions"), token, body, headers);
    }

    /** Every answer is checked against the OpenAPI document, as a generated client would read it. */
    private static HttpResponse<String> send(String method, String path, String token, String body,
                                             Map<String, String> headers) {
        return OpenApiContract.check(ApiClient.send(server, method, path, token, body, headers));
    }

    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static int prescriptionsOf(Clinic c, UUID visit) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(PRESCRIPTION,
                PRESCRIPTION.CLINIC_ID.eq(c.id().value()), PRESCRIPTION.VISIT_ID.eq(visit)));
    }

    private static int audited(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }
}
