package io.santkrupa.web;

import io.santkrupa.testing.ApiClient;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Nothing a clinic's user can ask tells them what exists in another clinic: another clinic's
 * patient id, an id that exists nowhere and a malformed id get the same 404, byte for byte; a
 * name unique per clinic can be reused by another clinic, and a duplicate's error names only
 * one's own clinic. And every read of a record leaves its audit event, tied to the request.
 */
@ExtendWith(TestDatabaseExtension.class)
class NoExistenceOracleTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinicA;
    private static Clinic clinicB;
    private static TestBrowser doctorA;
    private static String doctorAToken;

    @BeforeAll
    static void startServerWithTwoClinics(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinicA = WebFixture.clinicWithLogins(db, server.hasher);
        clinicB = WebFixture.clinicWithLogins(db, server.hasher);
        doctorA = ApiClient.signedIn(server, clinicA, Role.DOCTOR);
        doctorAToken = ApiClient.token(server, db, clinicA, Role.DOCTOR);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The ids that must be indistinguishable: another clinic's, nobody's, and malformed ones. */
    private static Map<String, String> idsThatAreNotAsRecords() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("clinic B's patient", clinicB.row("patient").toString());
        ids.put("a random uuid", UUID.randomUUID().toString());
        ids.put("not-an-id", "not-an-id");
        ids.put("1 OR 1=1", "1 OR 1=1");
        return ids;
    }

    @Test
    void a_patient_page_is_the_same_404_whether_the_id_is_another_clinics_unknown_or_malformed() {
        List<String> bodies = new ArrayList<>();
        for (var id : idsThatAreNotAsRecords().entrySet()) {
            HttpResponse<String> response = doctorA.get("/clinic/" + clinicA.slug() + "/patients/" + enc(id.getValue()));
            assertThat(response.statusCode()).as(id.getKey()).isEqualTo(404);
            assertThat(response.body()).as(id.getKey()).doesNotContain(clinicB.row("patient").toString());
            bodies.add(response.body());
        }
        assertThat(bodies).as("page bodies").containsOnly(bodies.getFirst());
    }

    @Test
    void a_patient_in_the_api_is_the_same_404_whether_the_id_is_another_clinics_unknown_or_malformed() {
        List<String> bodies = new ArrayList<>();
        for (var id : idsThatAreNotAsRecords().entrySet()) {
            HttpResponse<String> response = ApiClient.get(server,
                    "/clinic/" + clinicA.slug() + "/api/v1/patients/" + enc(id.getValue()), doctorAToken);
            assertThat(response.statusCode()).as(id.getKey()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(id.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            bodies.add(response.body());
        }
        assertThat(bodies).as("API bodies").containsOnly(bodies.getFirst());

        HttpResponse<String> unknownClinic = ApiClient.get(server,
                "/clinic/no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8) + "/api/v1/patients/"
                        + clinicA.row("patient"), doctorAToken);
        assertThat(unknownClinic.statusCode()).isEqualTo(404);
        assertThat(unknownClinic.body()).as("an unknown clinic").isEqualTo(bodies.getFirst());
    }

    @Test
    void the_doctors_own_patient_is_found_on_both_channels() {
        // the other tests' 404s must come from the id, not from a broken session or token
        String id = clinicA.row("patient").toString();
        assertThat(doctorA.get("/clinic/" + clinicA.slug() + "/patients/" + id).statusCode()).isEqualTo(200);
        HttpResponse<String> api = ApiClient.get(server, "/clinic/" + clinicA.slug() + "/api/v1/patients/" + id, doctorAToken);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains(id);
    }

    @Test
    void a_medicine_name_taken_only_in_another_clinic_is_free_and_a_duplicate_names_no_other_clinic() {
        String name = "Walkermycin " + UUID.randomUUID();
        insertMedicine(clinicB.id(), name);

        insertMedicine(clinicA.id(), name); // B's row does not make A's insert a duplicate

        DataAccessException duplicate = catchThrowableOfType(DataAccessException.class,
                () -> insertMedicine(clinicA.id(), name));
        assertThat(duplicate).as("a second %s in clinic A", name).isNotNull();
        assertThat(duplicate.sqlState()).isEqualTo("23505");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = duplicate; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        assertThat(messages.toString()).doesNotContain(clinicB.id().toString());
        assertThat(messages.toString()).doesNotContain(clinicB.row("medicine").toString());
        int inB = db.tenants().inClinic(clinicB.id(), tx -> tx.fetchCount(MEDICINE, MEDICINE.NAME.eq(name)));
        assertThat(inB).as("clinic B's medicine").isEqualTo(1);
    }

    @Test
    void reading_a_patient_page_leaves_an_audit_event_tied_to_the_request() {
        UUID patient = clinicA.row("patient");
        UUID doctor = ApiClient.userId(db, clinicA.id(), WebFixture.USERNAMES.get(Role.DOCTOR));

        HttpResponse<String> response = doctorA.get("/clinic/" + clinicA.slug() + "/patients/" + patient);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        List<AuditEventRecord> events = db.tenants().inClinic(clinicA.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinicA.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .fetch());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getAction()).isEqualTo("patient.read");
            assertThat(event.getOutcome()).isEqualTo("success");
            assertThat(event.getEntityType()).isEqualTo("patient");
            assertThat(event.getEntityId()).isEqualTo(patient);
            assertThat(event.getActorUserId()).isEqualTo(doctor);
            assertThat(event.getActorRole()).isEqualTo("doctor");
        });
    }

    @Test
    void reading_a_patient_over_the_api_leaves_an_audit_event_tied_to_the_request() {
        UUID patient = clinicA.row("patient");
        UUID doctor = ApiClient.userId(db, clinicA.id(), WebFixture.USERNAMES.get(Role.DOCTOR));

        HttpResponse<String> response = ApiClient.get(server,
                "/clinic/" + clinicA.slug() + "/api/v1/patients/" + patient, doctorAToken);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        var event = db.tenants().inClinic(clinicA.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinicA.id().value()), AUDIT_EVENT.ACTION.eq("patient.read"),
                        AUDIT_EVENT.ENTITY_ID.eq(patient), AUDIT_EVENT.ACTOR_USER_ID.eq(doctor),
                        AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .fetch());
        assertThat(event).hasSize(1);
    }

    private static void insertMedicine(ClinicId clinic, String name) {
        db.tenants().inClinic(clinic, tx -> tx.insertInto(MEDICINE)
                .set(MEDICINE.CLINIC_ID, clinic.value())
                .set(MEDICINE.ID, Ids.newId())
                .set(MEDICINE.NAME, name)
                .set(MEDICINE.STRENGTH, "500 mg")
                .execute());
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
