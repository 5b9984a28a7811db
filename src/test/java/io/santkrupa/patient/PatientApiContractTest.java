package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.ApiRateLimits;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of the patients and auth endpoints, success and error alike, through real HTTP
 * against PostgreSQL, each checked against the OpenAPI document by {@link OpenApiContract}:
 * what a client generated from the document would be given is what the server sends.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientApiContractTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String reception;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        reception = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void signing_in_refreshing_and_signing_out() throws Exception {
        HttpResponse<String> signedIn = call("POST", "/auth/token", null, credentials("reception"), Map.of());
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String refreshToken = json(signedIn).get("refreshToken").asText();

        HttpResponse<String> refreshed = call("POST", "/auth/refresh", null,
                Json.write(Map.of("refreshToken", refreshToken)), Map.of());
        assertThat(refreshed.statusCode()).isEqualTo(200);
        // the used refresh token is spent
        assertThat(call("POST", "/auth/refresh", null, Json.write(Map.of("refreshToken", refreshToken)), Map.of())
                .statusCode()).isEqualTo(401);
        assertThat(call("POST", "/auth/logout", null,
                Json.write(Map.of("refreshToken", json(refreshed).get("refreshToken").asText())), Map.of())
                .statusCode()).isEqualTo(204);

        String wrongPassword = Json.write(Map.of("username", "reception", "password", "not it"));
        assertThat(call("POST", "/auth/token", null, wrongPassword, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/auth/token", null, "{\"username\":\"\"}", Map.of()).statusCode()).isEqualTo(422);
        assertThat(call("POST", "/auth/token", null, "{not json", Map.of()).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/auth/refresh", null, "{}", Map.of()).statusCode()).isEqualTo(422);
    }

    @Test
    void me_for_staff_and_for_a_patient() {
        assertThat(call("GET", "/me", reception, null, Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> patient = call("GET", "/me", ApiClient.token(server, db, clinic, Role.PATIENT), null, Map.of());
        assertThat(patient.statusCode()).isEqualTo(200);
        assertThat(patient.body()).contains("\"patientId\"");
        assertThat(call("GET", "/me", null, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/me", "not-a-token", null, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void registering_a_patient_and_its_refusals() throws Exception {
        String body = patientJson("Contract", "Registered", "98300 10001");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> created = call("POST", "/patients", reception, body, Map.of("Idempotency-Key", key));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> replayed = call("POST", "/patients", reception, body, Map.of("Idempotency-Key", key));
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        HttpResponse<String> duplicate = call("POST", "/patients", reception, body, Map.of());
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).get("duplicates")).isNotEmpty();
        String anyway = Json.write(withMember(body, "registerAnyway", true));
        assertThat(call("POST", "/patients", reception, anyway, Map.of()).statusCode()).isEqualTo(201);

        assertThat(call("POST", "/patients", reception, body.replace("98300 10001", "98300 10002"),
                Map.of("Idempotency-Key", key)).statusCode()).as("same key, another request").isEqualTo(422);
        HttpResponse<String> invalid = call("POST", "/patients", reception,
                "{\"firstName\":\"\",\"lastName\":\"X\",\"phone\":\"12\",\"gender\":7,\"alergies\":\"x\"}", Map.of());
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).get("errors")).isNotEmpty();
        assertThat(call("POST", "/patients", reception, "{not json", Map.of()).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/patients", ApiClient.token(server, db, clinic, Role.DOCTOR), body, Map.of())
                .statusCode()).isEqualTo(403);
        assertThat(call("POST", "/patients", null, body, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> form = OpenApiContract.check(ApiClient.send(server, "POST", api("/patients"), reception,
                null, Map.of("Content-Type", "application/x-www-form-urlencoded")));
        assertThat(form.statusCode()).isEqualTo(415);
    }

    @Test
    void finding_patients_page_by_page_and_its_refusals() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call("POST", "/patients", reception, patientJson("Page" + i, "Contractlist", "98300 2000" + i),
                    Map.of()).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> first = call("GET", "/patients?q=contractlist&limit=2", reception, null, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        String next = json(first).get("next").asText();
        HttpResponse<String> last = call("GET", "/patients?q=contractlist&limit=2&cursor=" + next, reception, null, Map.of());
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(json(last).get("next").isNull()).isTrue();
        assertThat(call("GET", "/patients?q=" + clinic.code(), reception, null, Map.of()).statusCode()).isEqualTo(200);

        assertThat(call("GET", "/patients?limit=0", reception, null, Map.of()).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/patients?cursor=garbage", reception, null, Map.of()).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/patients", ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN), null, Map.of())
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/patients", null, null, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void reading_and_editing_a_patient_and_their_refusals() throws Exception {
        JsonNode patient = json(call("POST", "/patients", reception, patientJson("Contract", "Edited", "98300 30001"),
                Map.of()));
        String path = "/patients/" + patient.get("id").asText();
        String etag = "\"" + patient.get("version").asInt() + "\"";
        String edit = patientJson("Contract", "Edited-Again", "98300 30001");

        assertThat(call("GET", path, reception, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("PUT", path, reception, edit, Map.of()).statusCode()).isEqualTo(428);
        HttpResponse<String> saved = call("PUT", path, reception, edit, Map.of("If-Match", etag));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(call("PUT", path, reception, edit, Map.of("If-Match", etag)).statusCode()).isEqualTo(412);
        String current = saved.headers().firstValue("ETag").orElseThrow();
        assertThat(call("PUT", path, reception, "{\"firstName\":\"C\",\"lastName\":\"\",\"phone\":\"98300 30001\"}",
                Map.of("If-Match", current)).statusCode()).isEqualTo(422);
        assertThat(call("PUT", path, reception, "[]", Map.of("If-Match", current)).statusCode()).isEqualTo(400);
        assertThat(call("PUT", path, ApiClient.token(server, db, clinic, Role.DOCTOR), edit, Map.of("If-Match", current))
                .statusCode()).isEqualTo(403);

        assertThat(call("GET", "/patients/" + UUID.randomUUID(), reception, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/patients/not-a-uuid", reception, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/patients/" + UUID.randomUUID(), reception, edit, Map.of("If-Match", current))
                .statusCode()).isEqualTo(404);
        // another clinic's token: 404 at clinic A, and A's id at the other clinic's own API
        String foreign = ApiClient.token(server, db, other, Role.RECEPTIONIST);
        assertThat(call("GET", path, foreign, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(OpenApiContract.check(ApiClient.get(server, "/clinic/" + other.slug() + "/api/v1" + path, foreign))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void the_bodies_a_client_sends_are_valid_by_the_document() throws Exception {
        OpenApiContract contract = OpenApiContract.served();
        String patient = patientJson("Valid", "Request", "98300 40001");
        contract.verifyRequest("POST", api("/patients"), patient);
        contract.verifyRequest("POST", api("/patients"), Json.write(withMember(patient, "registerAnyway", true)));
        contract.verifyRequest("PUT", api("/patients/" + UUID.randomUUID()), patient);
        contract.verifyRequest("POST", api("/auth/token"), credentials("reception"));
        contract.verifyRequest("POST", api("/auth/refresh"), "{\"refreshToken\":\"r\"}");
        // and a misspelt field is refused by the document as it is by the server
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> contract.verifyRequest("POST", api("/patients"),
                patient.replace("allergies", "alergies"))).hasMessageContaining("alergies");
    }

    @Test
    void over_the_rate_limit_the_answer_is_a_documented_429() {
        try (WebTestServer limited = new WebTestServer(db, new ApiRateLimits.Limits(1, Duration.ofHours(1)))) {
            String token = ApiClient.token(limited, db, clinic, Role.RECEPTIONIST);
            String me = api("/me");
            assertThat(OpenApiContract.check(ApiClient.get(limited, me, token)).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = OpenApiContract.check(ApiClient.get(limited, me, token));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /** {@code method} on the clinic's API, the answer checked against the OpenAPI document. */
    private static HttpResponse<String> call(String method, String path, String token, String body,
                                             Map<String, String> headers) {
        return OpenApiContract.check(ApiClient.send(server, method, api(path), token, body, headers));
    }

    private static String credentials(String username) {
        return Json.write(Map.of("username", username, "password", WebFixture.password(username)));
    }

    private static String patientJson(String first, String last, String phone) {
        return Json.write(Map.of("firstName", first, "lastName", last, "phone", phone, "gender", "female",
                "dateOfBirth", "1990-04-12", "bloodGroup", "B+", "allergies", "Penicillin"));
    }

    private static Map<String, Object> withMember(String json, String name, Object value) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new LinkedHashMap<>(Json.MAPPER.readValue(json, Map.class));
        map.put(name, value);
        return map;
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }
}
