package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
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

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: a patient whose date of birth is unknown could only leave it blank. Now the desk gives
 * her age in years instead, kept as an approximate date of birth that every page calls approximate.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientAgeTest {

    private static final Pattern CHART = Pattern.compile("/clinic/[^/]+/patients/([0-9a-f-]{36})\\?registered");

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
    void the_estimate_is_1_july_of_the_year_that_makes_the_age_given_today() {
        assertThat(PatientAge.estimatedDateOfBirth(45, LocalDate.of(2026, 3, 1))).isEqualTo(LocalDate.of(1980, 7, 1));
        assertThat(PatientAge.estimatedDateOfBirth(45, LocalDate.of(2026, 7, 1))).isEqualTo(LocalDate.of(1981, 7, 1));
        assertThat(PatientAge.estimatedDateOfBirth(45, LocalDate.of(2026, 12, 31))).isEqualTo(LocalDate.of(1981, 7, 1));
        assertThat(PatientAge.estimatedDateOfBirth(0, LocalDate.of(2026, 3, 1))).isEqualTo(LocalDate.of(2025, 7, 1));
        for (LocalDate day = LocalDate.of(2025, 1, 1); day.isBefore(LocalDate.of(2027, 1, 1)); day = day.plusDays(1)) {
            for (int years : new int[] {0, 1, 45, 130}) {
                LocalDate estimate = PatientAge.estimatedDateOfBirth(years, day);
                assertThat(PatientAge.years(estimate, day)).as(years + " on " + day).isEqualTo(years);
            }
        }
    }

    @Test
    void a_patient_registered_by_age_is_shown_as_approximate_everywhere() {
        LocalDate today = LocalDate.now(server.clock);
        LocalDate estimate = PatientAge.estimatedDateOfBirth(45, today);
        TestBrowser desk = desk();
        Map<String, String> form = patient("Kamala", "Wagh", "+91 98200 31001");
        form.put("ageYears", "45");
        UUID id = register(desk, form);

        var row = db.tenants().readInClinic(clinic.id(), tx -> tx.selectFrom(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.id().value()), PATIENT.ID.eq(id)).fetchSingle());
        assertThat(row.getDateOfBirth()).isEqualTo(estimate);
        assertThat(row.getDateOfBirthApproximate()).isTrue();

        String chart = desk.get("/clinic/" + clinic.slug() + "/patients/" + id).body();
        assertThat(chart).contains("<th scope=\"row\">Date of birth</th><td>not known; born about " + estimate.getYear()
                + " (approx. 45 y)</td>").doesNotContain(estimate.toString());
        String found = desk.get("/clinic/" + clinic.slug() + "/patients?q=wagh").body();
        assertThat(found).contains("about " + estimate.getYear() + " (approx. 45 y)").doesNotContain(estimate.toString());

        // the edit form gives the age back, and saving it unchanged changes nothing
        String edit = desk.get("/clinic/" + clinic.slug() + "/patients/" + id + "/edit").body();
        assertThat(Html.inputValue(edit, "ageYears")).hasValue("45");
        assertThat(Html.inputValue(edit, "dateOfBirth")).hasValue("");
        form.put("version", "1");
        assertThat(desk.post("/clinic/" + clinic.slug() + "/patients/" + id + "/edit", form).statusCode()).isEqualTo(303);
        assertThat(db.tenants().<Integer>readInClinic(clinic.id(), tx -> tx.fetchValue(PATIENT.VERSION,
                PATIENT.CLINIC_ID.eq(clinic.id().value()).and(PATIENT.ID.eq(id))))).isEqualTo(1);

        // the doctor's consultation page
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, id, today);
        TestBrowser doctor = server.browser();
        doctor.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        assertThat(doctor.get("/clinic/" + clinic.slug() + "/visits/" + visit).body())
                .contains("<li><strong>Age</strong> approx. 45 y</li>");
    }

    @Test
    void a_date_of_birth_and_an_age_together_or_an_impossible_age_are_refused_at_the_age() {
        TestBrowser desk = desk();
        Map<String, String> both = patient("Usha", "Kadam", "+91 98200 31002");
        both.put("ageYears", "60");
        HttpResponse<String> refused = desk.post("/clinic/" + clinic.slug() + "/patients", both);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "ageYears")).hasValue("Give the date of birth or the age, not both.");

        for (String age : new String[] {"131", "forty", "-3", "4.5"}) {
            Map<String, String> wrong = patient("Usha", "Kadam", "+91 98200 31002");
            wrong.put("dateOfBirth", "");
            wrong.put("ageYears", age);
            HttpResponse<String> page = desk.post("/clinic/" + clinic.slug() + "/patients", wrong);
            assertThat(page.statusCode()).as(age).isEqualTo(422);
            assertThat(Html.fieldError(page.body(), "ageYears")).as(age)
                    .hasValue("Enter the age as a whole number of years, from 0 to 130.");
            assertThat(Html.inputValue(page.body(), "ageYears")).as(age).hasValue(age);
        }
    }

    @Test
    void the_api_takes_an_age_instead_of_a_date_of_birth_and_says_the_date_is_approximate() {
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        LocalDate estimate = PatientAge.estimatedDateOfBirth(72, LocalDate.now(server.clock));
        HttpResponse<String> created = ApiClient.send(server, "POST", api("/patients"), token,
                Json.write(Map.of("firstName", "Dattatray", "lastName", "Mane", "phone", "98200 31003", "ageYears", 72)),
                Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode patient = json(created);
        assertThat(patient.get("dateOfBirth").asText()).isEqualTo(estimate.toString());
        assertThat(patient.get("dateOfBirthApproximate").asBoolean()).isTrue();
        String id = patient.get("id").asText();
        JsonNode read = json(ApiClient.get(server, api("/patients/" + id), token));
        assertThat(read.get("dateOfBirthApproximate").asBoolean()).isTrue();
        JsonNode listed = json(ApiClient.get(server, api("/patients?q=mane"), token));
        assertThat(listed.at("/items/0/dateOfBirthApproximate").asBoolean()).isTrue();

        // the real date found later replaces the estimate
        HttpResponse<String> updated = ApiClient.send(server, "PUT", api("/patients/" + id), token,
                Json.write(Map.of("firstName", "Dattatray", "lastName", "Mane", "phone", "98200 31003",
                        "dateOfBirth", "1954-03-09")),
                Map.of("If-Match", "\"" + read.get("version").asInt() + "\""));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).get("dateOfBirth").asText()).isEqualTo("1954-03-09");
        assertThat(json(updated).get("dateOfBirthApproximate").asBoolean()).isFalse();

        HttpResponse<String> both = ApiClient.send(server, "POST", api("/patients"), token, Json.write(Map.of(
                "firstName", "A", "lastName", "B", "phone", "98200 31004", "ageYears", 30, "dateOfBirth", "1990-01-01")),
                Map.of());
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(both))).containsExactly("ageYears");
        HttpResponse<String> text = ApiClient.send(server, "POST", api("/patients"), token, Json.write(Map.of(
                "firstName", "A", "lastName", "B", "phone", "98200 31004", "ageYears", "thirty")), Map.of());
        assertThat(text.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(text))).containsExactly("ageYears");
        HttpResponse<String> huge = ApiClient.send(server, "POST", api("/patients"), token,
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"phone\":\"98200 31004\",\"ageYears\":1e999999999}", Map.of());
        assertThat(huge.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(huge))).containsExactly("ageYears");
    }

    @Test
    void a_patient_registered_by_age_is_a_possible_duplicate_of_the_same_woman_with_her_date_of_birth() {
        TestBrowser desk = desk();
        LocalDate today = LocalDate.now(server.clock);
        Map<String, String> byAge = patient("Shobha", "Salunkhe", "+91 98200 31005");
        byAge.put("dateOfBirth", "");
        byAge.put("ageYears", "50");
        UUID first = register(desk, byAge);

        // her real date of birth, within a year of the estimate
        Map<String, String> exact = patient("Shobha", "Salunkhe", "098200 31005");
        exact.put("dateOfBirth", PatientAge.estimatedDateOfBirth(50, today).plusMonths(3).toString());
        HttpResponse<String> again = desk.post("/clinic/" + clinic.slug() + "/patients", exact);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("/patients/" + first + "\"").contains("(approx. 50 y)");

        // twenty years younger: someone else
        exact.put("dateOfBirth", PatientAge.estimatedDateOfBirth(30, today).toString());
        assertThat(desk.post("/clinic/" + clinic.slug() + "/patients", exact).statusCode()).isEqualTo(303);
    }

    private static TestBrowser desk() {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "reception", WebFixture.password("reception")).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + clinic.slug() + "/patients/new");
        return browser;
    }

    private static Map<String, String> patient(String first, String last, String phone) {
        Map<String, String> form = new HashMap<>();
        form.put("firstName", first);
        form.put("lastName", last);
        form.put("dateOfBirth", "1966-10-02");
        form.put("gender", "female");
        form.put("phone", phone);
        return form;
    }

    private static UUID register(TestBrowser desk, Map<String, String> form) {
        form.remove("ageYears", "");
        if (form.containsKey("ageYears")) {
            form.put("dateOfBirth", "");
        }
        HttpResponse<String> done = desk.post("/clinic/" + clinic.slug() + "/patients", form);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Matcher m = CHART.matcher(done.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).isTrue();
        return UUID.fromString(m.group(1));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }
}
