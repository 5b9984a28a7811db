package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.API_IDEMPOTENCY_KEY;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The register of patients over the API, through real HTTP against PostgreSQL: search with
 * keyset pages, register (validation, duplicates, Idempotency-Key), read with an ETag, edit with
 * If-Match, and another clinic's token or ids getting 404 with nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientApiTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String reception;
    private static String doctor;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        reception = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registering_answers_201_with_the_patient_its_location_and_etag_and_is_audited() throws Exception {
        HttpResponse<String> created = post(reception, patientJson("Asha", "Api-Kulkarni", "98200 11111"), Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode patient = json(created);
        assertThat(patient.get("code").asText()).startsWith("PT-" + clinic.code() + "-");
        int version = patient.get("version").asInt();
        assertThat(created.headers().firstValue("Location")).hasValue(api("/patients/" + patient.get("id").asText()));
        assertThat(created.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
        assertThat(created.body()).doesNotContain("clinic_id").doesNotContain("clinicId");
        assertThat(audited("patient.create", UUID.fromString(patient.get("id").asText()))).isEqualTo(1);

        HttpResponse<String> read = ApiClient.get(server, api("/patients/" + patient.get("id").asText()), doctor);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("lastName").asText()).isEqualTo("Api-Kulkarni");
    }

    @Test
    void invalid_fields_get_422_naming_each_field_and_nothing_is_written() throws Exception {
        int before = patients();
        HttpResponse<String> refused = post(reception,
                "{\"firstName\":\"\",\"lastName\":\"X\",\"phone\":\"12\",\"dateOfBirth\":\"2999-01-01\",\"gender\":7}",
                Map.of());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(problem)).containsExactlyInAnyOrder("firstName", "phone", "dateOfBirth", "gender");

        HttpResponse<String> unknown = post(reception, "{\"firstName\":\"A\",\"lastName\":\"B\",\"phone\":\"9820011111\","
                + "\"alergies\":\"penicillin\"}", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknown))).containsExactly("alergies");

        assertThat(post(reception, "{not json", Map.of()).statusCode()).isEqualTo(400);
        assertThat(post(reception, "[1,2]", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<String> form = ApiClient.send(server, "POST", api("/patients"), reception, null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(patients()).isEqualTo(before);
    }

    @Test
    void a_possible_duplicate_gets_409_with_the_matches_until_registered_anyway() throws Exception {
        HttpResponse<String> first = post(reception, patientJson("Ravi", "Twice", "98200 22222"), Map.of());
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(auditDetails("patient.create", UUID.fromString(json(first).get("id").asText())))
                .containsExactly("registered");
        HttpResponse<String> duplicate = post(reception, patientJson("Ravi", "Twice", "98200 22222"), Map.of());
        assertThat(duplicate.statusCode()).isEqualTo(409);
        JsonNode problem = json(duplicate);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:possible-duplicate");
        assertThat(problem.get("duplicates")).hasSize(1);
        assertThat(problem.at("/duplicates/0/lastName").asText()).isEqualTo("Twice");

        String anyway = patientJson("Ravi", "Twice", "98200 22222").replace("}", ",\"registerAnyway\":true}");
        HttpResponse<String> registered = post(reception, anyway, Map.of());
        assertThat(registered.statusCode()).isEqualTo(201);
        assertThat(auditDetails("patient.create", UUID.fromString(json(registered).get("id").asText())))
                .as("the audit log keeps that the desk was warned").containsExactly("registered despite a possible duplicate");
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_creates_nothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = patientJson("Meera", "Idempotent", "98200 33333");
        HttpResponse<String> first = post(reception, body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        int after = patients();

        HttpResponse<String> retry = post(reception, body, Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(patients()).isEqualTo(after);
        UUID claim = db.tenants().inClinic(clinic.id(), tx -> tx.select(API_IDEMPOTENCY_KEY.ID).from(API_IDEMPOTENCY_KEY)
                .where(API_IDEMPOTENCY_KEY.CLINIC_ID.eq(clinic.id().value()), API_IDEMPOTENCY_KEY.IDEMPOTENCY_KEY.eq(key))
                .fetchSingle(API_IDEMPOTENCY_KEY.ID));
        assertThat(auditDetails("api.replay", claim)).as("the replay is audited, naming the route")
                .containsExactly("POST /clinic/{slug}/api/v1/patients");

        // the stored fingerprint is keyed by the server: not a hash anyone could recompute from the body
        byte[] stored = db.tenants().inClinic(clinic.id(), tx -> tx.select(API_IDEMPOTENCY_KEY.REQUEST_HMAC)
                .from(API_IDEMPOTENCY_KEY)
                .where(API_IDEMPOTENCY_KEY.CLINIC_ID.eq(clinic.id().value()), API_IDEMPOTENCY_KEY.IDEMPOTENCY_KEY.eq(key))
                .fetchSingle(API_IDEMPOTENCY_KEY.REQUEST_HMAC));
        String path = api("/patients");
        byte[] plain = MessageDigest.getInstance("SHA-256").digest(("POST\n" + path + "?\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(stored).hasSize(32).isNotEqualTo(plain);
        assertThat(stored).isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> different = post(reception, patientJson("Meera", "Other", "98200 33334"),
                Map.of("Idempotency-Key", key));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(json(different).get("type").asText()).isEqualTo("urn:santkrupa:problem:idempotency-key-reused");
        assertThat(patients()).isEqualTo(after);
    }

    @Test
    void the_same_key_sent_to_another_address_or_with_another_query_gets_422_not_the_first_answer() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = patientJson("Leela", "Keyed", "98200 33335");
        HttpResponse<String> first = ApiClient.send(server, "POST", api("/patients?source=desk"), reception, body,
                Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        int after = patients();

        for (String other : List.of(api("/patients?source=kiosk"), api("/visits"))) {
            HttpResponse<String> reused = ApiClient.send(server, "POST", other, reception, body,
                    Map.of("Idempotency-Key", key));
            assertThat(reused.statusCode()).as(other + ": " + reused.body()).isEqualTo(422);
            assertThat(json(reused).get("type").asText()).as(other).isEqualTo("urn:santkrupa:problem:idempotency-key-reused");
            assertThat(reused.headers().firstValue("Idempotent-Replayed")).as(other).isEmpty();
        }
        assertThat(patients()).isEqualTo(after);
    }

    @Test
    void a_key_whose_request_was_refused_is_free_for_the_corrected_request() throws Exception {
        String key = UUID.randomUUID().toString();
        int before = patients();
        HttpResponse<String> refused = post(reception, patientJson("", "Corrected", "98200 33336"),
                Map.of("Idempotency-Key", key));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(refused))).containsExactly("firstName");

        HttpResponse<String> corrected = post(reception, patientJson("Nila", "Corrected", "98200 33336"),
                Map.of("Idempotency-Key", key));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(patients()).isEqualTo(before + 1);
        HttpResponse<String> retried = post(reception, patientJson("Nila", "Corrected", "98200 33336"),
                Map.of("Idempotency-Key", key));
        assertThat(retried.body()).isEqualTo(corrected.body());
        assertThat(patients()).isEqualTo(before + 1);
    }

    @Test
    void concurrent_retries_with_one_key_create_one_patient() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = patientJson("Kiran", "Concurrent", "98200 44444");
        int before = patients();
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> post(reception, body, Map.of("Idempotency-Key", key)));
        }
        var pool = Executors.newFixedThreadPool(6);
        try {
            Set<Integer> statuses = new HashSet<>();
            Set<String> created = new HashSet<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 201) {
                    created.add(json(r).get("id").asText());
                }
            }
            assertThat(statuses).isSubsetOf(201, 409).contains(201);
            assertThat(created).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(patients()).isEqualTo(before + 1);
    }

    @Test
    void an_edit_needs_the_current_etag_a_stale_one_gets_412_and_overwrites_nothing() throws Exception {
        JsonNode patient = json(post(reception, patientJson("Sita", "Versioned", "98200 55555"), Map.of()));
        String path = api("/patients/" + patient.get("id").asText());
        String edit = patientJson("Sita", "Versioned-Rao", "98200 55555");
        int v = patient.get("version").asInt();
        String current = "\"" + v + "\"";
        String next = "\"" + (v + 1) + "\"";

        assertThat(ApiClient.send(server, "PUT", path, reception, edit, Map.of()).statusCode()).isEqualTo(428);
        HttpResponse<String> saved = ApiClient.send(server, "PUT", path, reception, edit, Map.of("If-Match", current));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).get("version").asInt()).isEqualTo(v + 1);
        assertThat(saved.headers().firstValue("ETag")).hasValue(next);

        HttpResponse<String> stale = ApiClient.send(server, "PUT", path, reception,
                patientJson("Sita", "Overwritten", "98200 55555"), Map.of("If-Match", current));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(json(ApiClient.get(server, path, reception)).get("lastName").asText()).isEqualTo("Versioned-Rao");

        HttpResponse<String> invalid = ApiClient.send(server, "PUT", path, reception,
                "{\"firstName\":\"Sita\",\"lastName\":\"\",\"phone\":\"98200 55555\"}", Map.of("If-Match", next));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(invalid))).containsExactly("lastName");
    }

    @Test
    void the_list_pages_with_a_cursor_through_every_match_exactly_once() throws Exception {
        Set<String> registered = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            JsonNode p = json(post(reception, patientJson("Page" + i, "Zzpaged", "98201 0000" + i), Map.of()));
            registered.add(p.get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "/patients?q=zzpaged&limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = ApiClient.get(server, api(query), reception);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isLessThanOrEqualTo(3);
            body.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(Set.copyOf(seen)).isEqualTo(registered);

        assertThat(ApiClient.get(server, api("/patients?limit=0"), reception).statusCode()).isEqualTo(400);
        assertThat(ApiClient.get(server, api("/patients?limit=101"), reception).statusCode()).isEqualTo(400);
        HttpResponse<String> badCursor = ApiClient.get(server, api("/patients?cursor=garbage"), reception);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(fieldErrors(json(badCursor))).containsExactly("cursor");
    }

    @Test
    void another_clinics_token_or_ids_get_404_and_change_nothing() throws Exception {
        String foreignToken = ApiClient.token(server, db, other, Role.RECEPTIONIST);
        String patientOfA = clinic.row("patient").toString();
        assertThat(ApiClient.get(server, api("/patients/" + patientOfA), foreignToken).statusCode()).isEqualTo(404);
        assertThat(ApiClient.get(server, api("/patients"), foreignToken).statusCode()).isEqualTo(404);
        int before = patients();
        assertThat(post(foreignToken, patientJson("Evil", "Twin", "98200 66666"), Map.of()).statusCode()).isEqualTo(404);
        // B's own API, with A's patient id
        String path = "/clinic/" + other.slug() + "/api/v1/patients/" + patientOfA;
        assertThat(ApiClient.get(server, path, foreignToken).statusCode()).isEqualTo(404);
        assertThat(ApiClient.send(server, "PUT", path, foreignToken, patientJson("Evil", "Twin", "98200 66666"),
                Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(404);
        assertThat(patients()).isEqualTo(before);
    }

    @Test
    void roles_without_the_permission_get_403() {
        String lab = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String admin = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
        assertThat(ApiClient.get(server, api("/patients"), lab).statusCode()).isEqualTo(403);
        assertThat(ApiClient.get(server, api("/patients"), admin).statusCode()).isEqualTo(403);
        assertThat(post(doctor, patientJson("Doc", "Registers", "98200 77777"), Map.of()).statusCode()).isEqualTo(403);
        assertThat(ApiClient.get(server, api("/patients"), null).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        return ApiClient.send(server, "POST", api("/patients"), token, body, headers);
    }

    private static String patientJson(String first, String last, String phone) {
        return Json.write(Map.of("firstName", first, "lastName", last, "phone", phone, "gender", "female",
                "dateOfBirth", "1990-04-12", "allergies", "Penicillin"));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static int patients() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(clinic.id().value())));
    }

    private static List<String> auditDetails(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        AUDIT_EVENT.ENTITY_ID.eq(entity))
                .fetch(AUDIT_EVENT.DETAIL));
    }

    private static int audited(String action, UUID entity) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }
}
