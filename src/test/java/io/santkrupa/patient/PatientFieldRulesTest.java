package io.santkrupa.patient;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.phone.PhoneNumbers;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every rule of the patient form, each on its own: a form valid in every other field, with one
 * wrong value, comes back from the registration page with a message at that field and at no
 * other, and the API's {@code errors} name that field and no other; nothing is registered. Values
 * at each rule's limits are taken, so the rules are exactly as wide as they say.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientFieldRulesTest {

    private static final Pattern FIELD_ERROR = Pattern.compile("<small id=\"([A-Za-z]+)-error\" class=\"error-message\">([^<]*)</small>");
    /** The fixture clinic's numbers are India's: a number that is none of its plan (nor another's with +) gets this. */
    private static final String PHONE_RULE = ((PhoneNumbers.Refused) PhoneNumbers.of("IN").read("1")).message();
    private static final String AGE_RULE = "Enter the age as a whole number of years, from 0 to 130.";

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static TestBrowser reception;
    private static String token;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A patient valid in every field, each optional one filled in too. */
    private static Map<String, String> valid() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("firstName", "Kavita" + UUID.randomUUID().toString().substring(0, 6));
        form.put("lastName", "Joshi");
        form.put("dateOfBirth", "1990-04-12");
        form.put("gender", "female");
        form.put("phone", "+91 98200 12345");
        form.put("email", "kavita@example.com");
        form.put("address", "12 MG Road, Pune");
        form.put("emergencyContactName", "Mohan Joshi");
        form.put("emergencyContactPhone", "+91 98200 54321");
        form.put("bloodGroup", "B+");
        form.put("allergies", "Penicillin");
        return form;
    }

    static Stream<Arguments> wrongValues() {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        return Stream.of(
                arguments("firstName", "", "Enter the first name."),
                arguments("firstName", "x".repeat(101), "Use at most 100 characters."),
                arguments("lastName", "", "Enter the last name."),
                arguments("lastName", "x".repeat(101), "Use at most 100 characters."),
                arguments("dateOfBirth", "12/04/1990", "Enter the date as YYYY-MM-DD, e.g. 1985-04-12."),
                arguments("dateOfBirth", today.plusDays(2).toString(), "The date of birth cannot be in the future."),
                arguments("dateOfBirth", today.minusYears(130).minusDays(2).toString(),
                        "Check the year: that is more than 130 years ago."),
                arguments("gender", "robot", "Choose one of the listed options."),
                arguments("ageYears", "40", "Give the date of birth or the age, not both."),
                arguments("ageYears", "-1", AGE_RULE),
                arguments("ageYears", "131", AGE_RULE),
                arguments("phone", "", "Enter a phone number."),
                arguments("phone", "98200 1", PHONE_RULE),
                arguments("phone", "98200 1234S", PHONE_RULE),
                arguments("phone", "91+9820012345", PHONE_RULE),
                arguments("phone", "+91 98200 12345 678901", PHONE_RULE),
                arguments("phone", "1 2 3 4 5 6", PHONE_RULE),
                arguments("phone", "+91 98200 12345" + " ".repeat(15) + "1", "Use at most 30 characters."),
                arguments("email", "not-an-address", "Enter an email address like name@example.com, or leave it empty."),
                arguments("email", "a".repeat(243) + "@example.com", "Enter an email address like name@example.com, or leave it empty."),
                arguments("address", "x".repeat(501), "Use at most 500 characters."),
                arguments("emergencyContactName", "x".repeat(101), "Use at most 100 characters."),
                arguments("emergencyContactPhone", "+91 22", PHONE_RULE),
                arguments("emergencyContactPhone", "call me maybe", PHONE_RULE),
                arguments("emergencyContactPhone", "+91 98200 12345 678901", PHONE_RULE),
                arguments("emergencyContactPhone", "098200 54321" + " ".repeat(18) + "1", "Use at most 30 characters."),
                arguments("bloodGroup", "C+", "Choose a blood group from the list, or \"Not known\"."),
                arguments("allergies", "x".repeat(1001), "Use at most 1000 characters."));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("wrongValues")
    void one_wrong_field_gets_its_message_at_that_field_only_on_the_page_and_in_the_api(String field, String value,
                                                                                         String message) {
        int before = patients();
        Map<String, String> form = valid();
        form.put(field, value);

        reception.get("/clinic/" + clinic.slug() + "/patients/new");
        HttpResponse<String> page = reception.post("/clinic/" + clinic.slug() + "/patients", form);
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(page.body())).as("the page's messages, by field").containsExactly(Map.entry(field, message));
        assertThat(page.body()).as("the field is marked invalid and points at its message")
                .containsPattern("id=\"" + field + "\"[^>]*aria-invalid=\"true\" aria-describedby=\"" + field + "-error");

        HttpResponse<String> api = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/patients", token,
                json(form));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(422);
        JsonNode problem = ApiClient.json(api);
        assertThat(ApiClient.fieldErrors(problem)).as("the API's errors").containsExactly(field);
        assertThat(problem.at("/errors/0/message").asText()).isEqualTo(message);

        assertThat(patients()).as("nothing registered").isEqualTo(before);
    }

    @Test
    void values_at_every_rules_limits_are_taken() {
        LocalDate today = LocalDate.now(server.clock);
        Map<String, String> form = valid();
        form.put("firstName", "F" + "x".repeat(99));
        form.put("lastName", "L" + "x".repeat(99));
        form.put("dateOfBirth", today.minusYears(130).plusDays(1).toString());
        form.put("phone", "+91" + " ".repeat(9) + "98200" + " ".repeat(8) + "12345");
        form.put("email", "k@" + "e".repeat(249) + ".in");
        form.put("address", "x".repeat(500));
        form.put("emergencyContactName", "x".repeat(100));
        form.put("emergencyContactPhone", "098200 54321");
        form.put("bloodGroup", "ab-");
        form.put("allergies", "x".repeat(1000));
        assertThat(form.get("phone")).hasSize(30);
        assertThat(form.get("email")).hasSize(254);

        reception.get("/clinic/" + clinic.slug() + "/patients/new");
        HttpResponse<String> page = reception.post("/clinic/" + clinic.slug() + "/patients", form);
        assertThat(page.statusCode()).as(Html.formError(page.body()).orElse("") + fieldErrors(page.body())).isEqualTo(303);

        form.put("firstName", "G" + "x".repeat(99));
        form.put("dateOfBirth", today.toString());
        form.put("gender", "");
        form.put("bloodGroup", "");
        HttpResponse<String> api = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/patients", token,
                Json.write(form));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
        JsonNode created = ApiClient.json(api);
        assertThat(created.get("gender").asText()).as("no gender given: unknown").isEqualTo("unknown");
        assertThat(created.get("bloodGroup").isNull()).as("no blood group given").isTrue();

        form.put("firstName", "H" + "x".repeat(99));
        form.put("dateOfBirth", "");
        form.put("ageYears", "130");
        reception.get("/clinic/" + clinic.slug() + "/patients/new");
        HttpResponse<String> byAge = reception.post("/clinic/" + clinic.slug() + "/patients", form);
        assertThat(byAge.statusCode()).as("the oldest age instead of a date of birth: "
                + Html.formError(byAge.body()).orElse("") + fieldErrors(byAge.body())).isEqualTo(303);
    }

    /** The form as the API takes it: the same fields, the age a JSON number. */
    private static String json(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>(form);
        if (form.containsKey("ageYears")) {
            body.put("ageYears", Integer.parseInt(form.get("ageYears")));
        }
        return Json.write(body);
    }

    /** The messages shown next to fields, by field, in page order. */
    private static Map<String, String> fieldErrors(String html) {
        Map<String, String> errors = new LinkedHashMap<>();
        Matcher m = FIELD_ERROR.matcher(html);
        while (m.find()) {
            errors.put(m.group(1), Html.unescape(m.group(2)));
        }
        return errors;
    }

    private static int patients() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(clinic.id().value())));
    }
}
