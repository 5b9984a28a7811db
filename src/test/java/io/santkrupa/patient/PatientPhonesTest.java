package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
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

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, through the real server and PostgreSQL: "98200 11001" did not find "+91 98200 11001",
 * and the same woman registered again with "+91" became a second record without her allergy.
 * Numbers are stored in E.164 whatever way they were typed, found by the whole number in any form
 * or by their last digits, shown as the clinic writes them, and the duplicate check compares the
 * E.164 number with the name and date of birth.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientPhonesTest {

    private static final Pattern CHART = Pattern.compile("/clinic/[^/]+/patients/([0-9a-f-]{36})\\?registered");

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_number_registered_with_its_country_code_is_found_however_the_desk_types_it_and_in_this_clinic_only() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        UUID sunita = register(desk(clinic), clinic, patient("Sunita", "Gaikwad", "+91 98200 11001"));
        register(desk(other), other, patient("Sunita", "Gaikwad", "+91 98200 11001"));
        // another woman whose number ends with the same four digits
        UUID lata = register(desk(clinic), clinic, patient("Lata", "Bhosale", "+91 99700 21001"));

        assertThat(db.tenants().<String>readInClinic(clinic.id(), tx -> tx.fetchValue(PATIENT.PHONE,
                PATIENT.CLINIC_ID.eq(clinic.id().value()).and(PATIENT.ID.eq(sunita))))).isEqualTo("+919820011001");
        TestBrowser desk = desk(clinic);
        for (String typed : List.of("98200 11001", "9820011001", "11001", "+919820011001", "098200 11001",
                "+91 98200 11001", "0091 98200 11001", "200 11001")) {
            assertThat(found(desk, clinic, typed)).as(typed).containsExactly(sunita);
        }
        assertThat(found(desk, clinic, "1001")).as("the last digits of both").containsExactlyInAnyOrder(sunita, lata);
        assertThat(found(desk, clinic, "+91 98200 1")).containsExactly(sunita);
        assertThat(found(desk, clinic, "98200 11002")).isEmpty();

        // shown as the clinic writes it: a number of its own country nationally
        String results = desk.get(search(clinic, "11001")).body();
        assertThat(results).contains("<td class=\"nowrap\" data-label=\"Phone\">098200 11001</td>").contains("Matching by end of the phone number.");
        assertThat(desk.get("/clinic/" + clinic.slug() + "/patients/" + sunita).body())
                .contains("<th scope=\"row\">Phone</th><td>098200 11001</td>");

        // the API finds her the same way, and answers E.164
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        for (String typed : List.of("11001", "098200 11001")) {
            JsonNode page = json(ApiClient.get(server, api(clinic, "/patients?q=" + enc(typed)), token));
            assertThat(page.get("items")).as(typed).singleElement()
                    .satisfies(p -> assertThat(p.get("phone").asText()).isEqualTo("+919820011001"));
        }
    }

    @Test
    void the_same_woman_registered_again_without_the_country_code_is_caught_with_her_allergy_in_sight() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Map<String, String> first = patient("Rekha", "Pawar", "+91 98200 11001");
        first.put("allergies", "Sulfa drugs");
        UUID rekha = register(desk(clinic), clinic, first);

        TestBrowser desk = desk(clinic);
        HttpResponse<String> again = desk.post("/clinic/" + clinic.slug() + "/patients",
                patient("REKHA", "pawar", "98200 11001"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("This patient may already be registered")
                .contains("href=\"/clinic/" + clinic.slug() + "/patients/" + rekha + "\"")
                .contains("<strong>Allergies: Sulfa drugs</strong>")
                .contains("098200 11001")
                .contains("value=\"98200 11001\"");             // what the desk typed, kept
        assertThat(patients(clinic)).isEqualTo(1);

        // a different date of birth: another person with the same name and phone (a daughter named
        // after her mother), registered without a question
        Map<String, String> daughter = patient("Rekha", "Pawar", "098200 11001");
        daughter.put("dateOfBirth", "2012-08-30");
        register(desk, clinic, daughter);
        assertThat(patients(clinic)).isEqualTo(2);

        // the API's check is the same
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        HttpResponse<String> apiAgain = ApiClient.send(server, "POST", api(clinic, "/patients"), token,
                Json.write(Map.of("firstName", "Rekha", "lastName", "Pawar", "phone", "9820011001",
                        "dateOfBirth", "1988-02-14")), Map.of());
        assertThat(apiAgain.statusCode()).as(apiAgain.body()).isEqualTo(409);
        assertThat(json(apiAgain).get("duplicates")).singleElement()
                .satisfies(d -> assertThat(d.get("id").asText()).isEqualTo(rekha.toString()));
    }

    @Test
    void an_invalid_number_is_refused_at_its_field_and_the_api_names_the_field() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser desk = desk(clinic);
        Map<String, String> form = patient("Meena", "Kale", "98200 1100");
        form.put("emergencyContactPhone", "11001");

        HttpResponse<String> refused = desk.post("/clinic/" + clinic.slug() + "/patients", form);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "phone")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Not a valid phone number. Type it as it is dialled in India"));
        assertThat(Html.fieldError(refused.body(), "emergencyContactPhone")).isPresent();
        assertThat(patients(clinic)).isZero();

        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        HttpResponse<String> api = ApiClient.send(server, "POST", api(clinic, "/patients"), token,
                Json.write(Map.of("firstName", "Meena", "lastName", "Kale", "phone", "call me",
                        "emergencyContactPhone", "+91 22")), Map.of());
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(api))).containsExactlyInAnyOrder("phone", "emergencyContactPhone");
        assertThat(patients(clinic)).isZero();
    }

    @Test
    void the_api_takes_any_way_of_typing_and_answers_e164_for_both_phones() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        HttpResponse<String> created = ApiClient.send(server, "POST", api(clinic, "/patients"), token,
                Json.write(Map.of("firstName", "Anil", "lastName", "Jadhav", "phone", "098200 11001",
                        "emergencyContactName", "Sarika Jadhav", "emergencyContactPhone", "+44 7400 123456")), Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("phone").asText()).isEqualTo("+919820011001");
        assertThat(json(created).get("emergencyContactPhone").asText()).isEqualTo("+447400123456");
        // on the chart: her number nationally, the contact's abroad internationally
        String chart = desk(clinic).get("/clinic/" + clinic.slug() + "/patients/" + json(created).get("id").asText()).body();
        assertThat(chart).contains("098200 11001").contains("Sarika Jadhav +44 7400 123456");
    }

    @Test
    void an_edit_that_types_the_same_number_another_way_changes_nothing() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID id = register(desk(clinic), clinic, patient("Vijay", "Shinde", "+91 98200 11001"));
        TestBrowser desk = desk(clinic);
        String edit = desk.get("/clinic/" + clinic.slug() + "/patients/" + id + "/edit").body();
        assertThat(Html.inputValue(edit, "phone")).hasValue("098200 11001");

        Map<String, String> same = patient("Vijay", "Shinde", "9820011001");
        same.put("version", "1");
        assertThat(desk.post("/clinic/" + clinic.slug() + "/patients/" + id + "/edit", same).statusCode()).isEqualTo(303);

        var row = db.tenants().readInClinic(clinic.id(), tx -> tx.selectFrom(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.id().value()), PATIENT.ID.eq(id)).fetchSingle());
        assertThat(row.getPhone()).isEqualTo("+919820011001");
        assertThat(row.getVersion()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private static TestBrowser desk(Clinic clinic) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "reception", WebFixture.password("reception")).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + clinic.slug() + "/patients/new");
        return browser;
    }

    private static Map<String, String> patient(String first, String last, String phone) {
        Map<String, String> form = new HashMap<>();
        form.put("firstName", first);
        form.put("lastName", last);
        form.put("dateOfBirth", "1988-02-14");
        form.put("gender", "female");
        form.put("phone", phone);
        return form;
    }

    private static UUID register(TestBrowser desk, Clinic clinic, Map<String, String> form) {
        HttpResponse<String> done = desk.post("/clinic/" + clinic.slug() + "/patients", form);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Matcher m = CHART.matcher(done.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).isTrue();
        return UUID.fromString(m.group(1));
    }

    private static List<UUID> found(TestBrowser desk, Clinic clinic, String q) {
        HttpResponse<String> page = desk.get(search(clinic, q));
        assertThat(page.statusCode()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        Matcher m = Pattern.compile("/patients/([0-9a-f-]{36})\"").matcher(page.body());
        while (m.find()) {
            ids.add(UUID.fromString(m.group(1)));
        }
        return ids;
    }

    private static String search(Clinic clinic, String q) {
        return "/clinic/" + clinic.slug() + "/patients?q=" + enc(q);
    }

    /** The patients the desk registered (the fixture's own patient aside). */
    private static int patients(Clinic clinic) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.fetchCount(PATIENT,
                PATIENT.CLINIC_ID.eq(clinic.id().value()), PATIENT.ID.ne(clinic.row("patient"))));
    }

    private static String api(Clinic clinic, String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
