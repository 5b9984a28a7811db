package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.FieldError;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One input rule for every text of every request (issue 12, finding 7): a NUL, another control
 * character, an unpaired surrogate or a text-direction override -- in a sign-in, a search, an
 * API body's text, name or number -- gets a 422 naming the field, before any handler runs, and
 * nothing is written; before, a NUL reached PostgreSQL as a 500 (even unauthenticated).
 */
@ExtendWith(TestDatabaseExtension.class)
class InputRuleTest {

    private static final List<String> REFUSED = List.of("a\u0000b", "bell\u0007", "del\u007F", "c1\u0085",
            "report\u202Efdp.exe", "iso\u2066late", "lone\uD800", "lone\uDC00 low");

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

    @Test
    void the_rule_takes_every_language_tabs_and_line_breaks_and_refuses_the_rest() {
        for (String text : List.of("Asha Patil", "आशा पाटील", "ਪਟਿਆਲਾ", "Ünal Öztürk", "line\nbreak\r\nand\ttab",
                "emoji 🙂 pairs", "عربي", "")) {
            assertThat(InputRule.storable(text)).as(text).isTrue();
        }
        for (String text : REFUSED) {
            assertThat(InputRule.storable(text)).as(text.codePoints().mapToObj(Integer::toHexString).toList().toString())
                    .isFalse();
        }
        assertThat(InputRule.reasonableNumber("36.6")).isTrue();
        assertThat(InputRule.reasonableNumber("1e300")).isTrue();
        assertThat(InputRule.reasonableNumber("1e400")).isFalse();
        assertThat(InputRule.reasonableNumber("1e1000000")).isFalse();
        assertThat(InputRule.reasonableNumber("1".repeat(41))).isFalse();
    }

    @Test
    void an_unauthenticated_token_request_with_a_nul_gets_422_naming_the_field() {
        for (String bad : REFUSED) {
            String body = "{\"username\":" + jsonString(bad) + ",\"password\":\"whatever\"}";
            HttpResponse<String> response = ApiClient.send(server, "POST", api("/auth/token"), null, body);
            assertThat(response.statusCode()).as(bad).isEqualTo(422);
            assertThat(fieldErrors(json(response))).containsExactly("username");
        }
    }

    @Test
    void a_sign_in_form_with_a_nul_gets_422_naming_the_field() {
        HttpResponse<String> response = server.browser().signIn(clinic.slug(), "a\u0000b", "whatever");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("The field username contains characters that cannot be stored");
    }

    @Test
    void searches_and_filters_with_a_nul_get_422_naming_the_parameter() {
        TestBrowser desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String nul = URLEncoder.encode("Pat\u0000il", StandardCharsets.UTF_8);
        HttpResponse<String> search = desk.get("/clinic/" + clinic.slug() + "/patients?q=" + nul);
        assertThat(search.statusCode()).isEqualTo(422);
        assertThat(search.body()).contains("The field q contains characters that cannot be stored");
        assertThat(admin.get("/clinic/" + clinic.slug() + "/audit?actor=" + nul).statusCode()).isEqualTo(422);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        HttpResponse<String> api = ApiClient.get(server, api("/patients?q=" + nul), token);
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(api))).containsExactly("q");
    }

    @Test
    void an_api_write_with_bad_text_a_bad_field_name_or_a_huge_number_changes_nothing() {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        int patients = count();
        Map<String, String> bodies = Map.of(
                "lastName", "{\"firstName\":\"Asha\",\"lastName\":\"Pat\\u0000il\",\"gender\":\"female\"}",
                "allergies", "{\"firstName\":\"Asha\",\"lastName\":\"Patil\",\"gender\":\"female\",\"allergies\":\"x\\ud800\"}",
                "firstName", "{\"firstName\":\"As\\u202Eha\",\"lastName\":\"Patil\",\"gender\":\"female\"}",
                "(body)", "{\"first\\u0000Name\":\"Asha\",\"lastName\":\"Patil\",\"gender\":\"female\"}",
                "address", "{\"firstName\":\"Asha\",\"lastName\":\"Patil\",\"gender\":\"female\",\"address\":1e1000000}");
        for (var bad : bodies.entrySet()) {
            HttpResponse<String> response = ApiClient.send(server, "POST", api("/patients"), token, bad.getValue(),
                    Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
            assertThat(response.statusCode()).as(bad.getValue()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(fieldErrors(json(response))).as(bad.getValue()).containsExactly(bad.getKey());
        }
        assertThat(count()).isEqualTo(patients);
    }

    /** Jackson would take the last of the two names silently; a proxy or a log may read the first. */
    @Test
    void a_field_given_twice_gets_422_naming_it_and_changes_nothing() {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        int patients = count();
        for (String body : List.of(
                "{\"firstName\":\"Asha\",\"lastName\":\"Patil\",\"gender\":\"female\",\"lastName\":\"Shah\"}",
                "{\"lastName\":\"Shah\",\"firstName\":\"Asha\",\"lastName\":\"Shah\",\"gender\":\"female\"}")) {
            HttpResponse<String> response = ApiClient.send(server, "POST", api("/patients"), token, body,
                    Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
            assertThat(response.statusCode()).as(body).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(fieldErrors(json(response))).as(body).containsExactly("lastName");
        }
        assertThat(count()).isEqualTo(patients);

        // the same name in two objects is no duplicate; inside a nested object, its path is named
        InputRule.checkJson("{\"items\":[{\"dose\":\"1\"},{\"dose\":\"2\"}],\"dose\":\"3\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> InputRule.checkJson("{\"items\":[{\"dose\":\"1\"},{\"dose\":\"2\",\"dose\":\"2\"}]}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.errors())
                        .extracting(FieldError::field).containsExactly("items[1].dose"));
    }

    @Test
    void a_form_too_large_to_read_gets_413_not_500() {
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        doctor.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient"));
        int events = db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT));
        HttpResponse<String> response = doctor.postFile("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient")
                        + "/documents", Map.of("title", "x".repeat(250_000)), "file", "scan.pdf", "application/pdf",
                "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT))).isEqualTo(events);
    }

    /** Found by the fuzz (HostileInputFuzzTest): Jetty's reading of the charset threw, and every route answered 500. */
    @Test
    void a_content_type_naming_a_charset_that_cannot_be_read_gets_415_not_500() throws Exception {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        int patients = count();
        for (String charset : List.of("\"\u00e9\"", "no-such-charset", "utf-8 utf-8")) {
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url(api("/patients"))))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json; charset=" + charset)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"Asha\",\"lastName\":\"Patil\",\"phone\":\"98200 11001\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as(charset + ": " + api.body()).isEqualTo(415);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            TestBrowser desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.url("/clinic/" + clinic.slug() + "/patients")))
                    .header("Cookie", "santkrupa_session=" + desk.cookies.get("santkrupa_session"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=" + charset)
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + desk.csrf() + "&firstName=Asha&lastName=Patil"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(charset).isEqualTo(415);
            assertThat(page.body()).contains("names a charset this server cannot read");
        }
        assertThat(count()).isEqualTo(patients);
    }

    /** Found by the fuzz: a file name is text too -- "report\u202Efdp.exe" shows as "reportexe.pdf" -- and was stored. */
    @Test
    void an_upload_whose_file_name_has_refused_characters_gets_422_naming_the_field_and_stores_nothing() {
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        String patient = clinic.row("patient").toString();
        doctor.get("/clinic/" + clinic.slug() + "/patients/" + patient);
        int files = db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(STORED_FILE));
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        for (String[] lie : List.of(new String[] {"report\u202Efdp.exe", "application/pdf"},
                new String[] {"scan\u2066.pdf", "application/pdf"}, new String[] {"c1\u0085.pdf", "application/pdf"})) {
            HttpResponse<String> page = doctor.postFile("/clinic/" + clinic.slug() + "/patients/" + patient + "/documents",
                    Map.of("title", "Scan", "reportType", "imaging"), "file", lie[0], lie[1], pdf);
            assertThat(page.statusCode()).as(lie[0]).isEqualTo(422);
            assertThat(page.body()).contains("The field file contains characters that cannot be stored");
        }
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(STORED_FILE))).isEqualTo(files);
    }

    /**
     * Found by the fuzz's long run: a JSON body that ends before its Content-Length (the client
     * stops sending) made reading it throw, a 500. Now a 400 problem, nothing written.
     */
    @Test
    void a_json_body_shorter_than_its_content_length_gets_400_not_500() throws Exception {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        int patients = count();
        String body = "{\"firstName\":\"Asha\",\"lastName\":\"Patil\",\"phone\":\"98200 11001\"}";
        URI base = URI.create(server.url("/"));
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + api("/patients") + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (body.length() + 100) + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                    .contains("could not be read");
        }
        assertThat(count()).isEqualTo(patients);
    }

    private static int count() {
        return db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT));
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }
}
