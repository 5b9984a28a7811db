package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Jwts;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's tokens end to end: issue, use, expiry, forgery, refresh rotation and reuse, logout. */
@ExtendWith(TestDatabaseExtension.class)
class ApiTokenTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WebTestServer server;
    private static Clinic clinicA;
    private static Clinic clinicB;

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        clinicA = WebFixture.clinicWithLogins(db, server.hasher);
        clinicB = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_token_from_username_and_password_opens_the_api_of_its_clinic() throws Exception {
        JsonNode tokens = token(clinicA, "doctor", WebFixture.password("doctor"));
        assertThat(tokens.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asLong()).isBetween(1L, 900L);
        HttpResponse<String> me = get(clinicA, "/api/v1/me", tokens.get("accessToken").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(me.body());
        assertThat(body.get("role").asText()).isEqualTo("doctor");
        assertThat(body.get("clinic").asText()).isEqualTo(clinicA.slug());
        assertThat(me.body()).doesNotContain("clinic_id").doesNotContain("password");
    }

    @Test
    void wrong_credentials_get_401_problem_json() throws Exception {
        HttpResponse<String> response = post(clinicA, "/api/v1/auth/token", "{\"username\":\"doctor\",\"password\":\"nope\"}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.MAPPER.readTree(response.body()).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void a_malformed_body_gets_400_and_an_unknown_field_422_naming_it() throws Exception {
        assertThat(post(clinicA, "/api/v1/auth/token", "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post(clinicA, "/api/v1/auth/token",
                "{\"username\":\"doctor\",\"password\":\"x\",\"admin\":true}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.MAPPER.readTree(unknown.body()).at("/errors/0/field").asText()).isEqualTo("admin");
        HttpResponse<String> missing = post(clinicA, "/api/v1/auth/token", "{\"username\":\"doctor\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(Json.MAPPER.readTree(missing.body()).at("/errors/0/field").asText()).isEqualTo("password");
    }

    @Test
    void a_token_of_another_clinic_gets_the_same_404_as_an_unknown_clinic() throws Exception {
        String tokenOfB = token(clinicB, "doctor", WebFixture.password("doctor")).get("accessToken").asText();
        HttpResponse<String> foreign = get(clinicA, "/api/v1/me", tokenOfB);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(server.url("/clinic/no-such-clinic/api/v1/me")))
                .header("Authorization", "Bearer " + tokenOfB).GET());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
    }

    @Test
    void expired_tampered_foreign_key_and_unsigned_tokens_are_all_refused() throws Exception {
        String token = token(clinicA, "reception", WebFixture.password("reception")).get("accessToken").asText();
        assertThat(get(clinicA, "/api/v1/me", token).statusCode()).isEqualTo(200);

        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"receptionist\"", "\"doctor\"").getBytes(StandardCharsets.UTF_8));
        assertThat(elevated).isNotEqualTo(parts[1]);
        assertThat(get(clinicA, "/api/v1/me", parts[0] + "." + elevated + "." + parts[2]).statusCode()).isEqualTo(401);

        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertThat(get(clinicA, "/api/v1/me", unsigned).statusCode()).isEqualTo(401);

        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String forged = Jwts.builder()
                .subject(payloadField(payload, "sub")).issuer("santkrupa").audience().add("santkrupa-api").and()
                .claim("clinic", clinicA.id().toString()).claim("role", "clinic_admin").claim("username", "admin")
                .issuedAt(new Date()).expiration(Date.from(Instant.now().plusSeconds(300)))
                .signWith(new SecretKeySpec(otherKey, "HmacSHA256"), Jwts.SIG.HS256).compact();
        assertThat(get(clinicA, "/api/v1/me", forged).statusCode()).isEqualTo(401);

        server.clock.advance(Duration.ofMinutes(16));
        assertThat(get(clinicA, "/api/v1/me", token).statusCode()).isEqualTo(401);
    }

    @Test
    void refresh_rotates_and_presenting_a_used_refresh_token_revokes_the_family() throws Exception {
        JsonNode first = token(clinicA, "lab", WebFixture.password("lab"));
        String r1 = first.get("refreshToken").asText();
        HttpResponse<String> rotated = post(clinicA, "/api/v1/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode second = Json.MAPPER.readTree(rotated.body());
        String r2 = second.get("refreshToken").asText();
        assertThat(r2).isNotEqualTo(r1);
        assertThat(get(clinicA, "/api/v1/me", second.get("accessToken").asText()).statusCode()).isEqualTo(200);

        assertThat(post(clinicA, "/api/v1/auth/refresh", "{\"refreshToken\":\"" + r1 + "\"}").statusCode())
                .as("reuse of r1").isEqualTo(401);
        assertThat(post(clinicA, "/api/v1/auth/refresh", "{\"refreshToken\":\"" + r2 + "\"}").statusCode())
                .as("r2 was revoked with its family").isEqualTo(401);
    }

    @Test
    void a_refresh_token_works_only_in_its_own_clinic_and_logout_revokes_it() throws Exception {
        String refreshOfA = token(clinicA, "admin", WebFixture.password("admin")).get("refreshToken").asText();
        assertThat(post(clinicB, "/api/v1/auth/refresh", "{\"refreshToken\":\"" + refreshOfA + "\"}").statusCode())
                .isEqualTo(401);
        assertThat(post(clinicA, "/api/v1/auth/logout", "{\"refreshToken\":\"" + refreshOfA + "\"}").statusCode())
                .isEqualTo(204);
        assertThat(post(clinicA, "/api/v1/auth/refresh", "{\"refreshToken\":\"" + refreshOfA + "\"}").statusCode())
                .isEqualTo(401);
    }

    private static String payloadField(String payloadJson, String field) throws IOException {
        return Json.MAPPER.readTree(payloadJson).get(field).asText();
    }

    static JsonNode token(Clinic clinic, String username, String password) throws IOException {
        HttpResponse<String> response = post(clinic, "/api/v1/auth/token",
                Json.write(java.util.Map.of("username", username, "password", password)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    static HttpResponse<String> get(Clinic clinic, String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(server.url("/clinic/" + clinic.slug() + path)))
                .header("Authorization", "Bearer " + token).GET());
    }

    static HttpResponse<String> post(Clinic clinic, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(server.url("/clinic/" + clinic.slug() + path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
