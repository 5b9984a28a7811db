package io.santkrupa.visit;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: the temperature had to be °C, and 101.2 °F was refused. The note takes either unit,
 * converts °F to °C with one decimal and stores that once; the page shows °C with °F beside it.
 */
@ExtendWith(TestDatabaseExtension.class)
class TemperatureUnitTest {

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
    void conversions_round_to_one_decimal() {
        assertThat(BodyTemperature.celsius(new BigDecimal("101.2"))).isEqualByComparingTo("38.4");
        assertThat(BodyTemperature.celsius(new BigDecimal("98.6"))).isEqualByComparingTo("37.0");
        assertThat(BodyTemperature.celsius(new BigDecimal("77"))).isEqualByComparingTo("25.0");
        assertThat(BodyTemperature.celsius(new BigDecimal("113.0"))).isEqualByComparingTo("45.0");
        assertThat(BodyTemperature.fahrenheit(new BigDecimal("38.4"))).isEqualByComparingTo("101.1");
        assertThat(BodyTemperature.fahrenheit(new BigDecimal("37.0"))).isEqualByComparingTo("98.6");
    }

    @Test
    void the_page_takes_fahrenheit_stores_celsius_once_and_shows_both() {
        TestBrowser doctor = doctor();
        UUID visit = startedVisit(doctor);
        String open = doctor.get(page(visit)).body();
        assertThat(open).contains("<option value=\"C\" >°C</option>").contains("<option value=\"F\" >°F</option>");

        HttpResponse<String> saved = doctor.post(page(visit) + "/note", note("101.2", "F"));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(temperatureOf(visit)).isEqualByComparingTo("38.4");
        // the form shows what is stored: °C
        String again = doctor.get(page(visit)).body();
        assertThat(Html.inputValue(again, "temperature")).hasValue("38.4");
        assertThat(again).contains("<option value=\"C\" selected>°C</option>");

        Map<String, String> complete = note("38.4", "C");
        complete.put("diagnosis", "Viral fever");
        complete.put("version", "1");
        assertThat(doctor.post(page(visit) + "/complete", complete).statusCode()).isEqualTo(303);
        assertThat(doctor.get(page(visit)).body()).contains("<dt>Temperature</dt><dd>38.4 °C (101.1 °F)</dd>");
    }

    @Test
    void out_of_range_fahrenheit_is_refused_at_the_field_and_nothing_is_written() {
        TestBrowser doctor = doctor();
        UUID visit = startedVisit(doctor);

        HttpResponse<String> refused = doctor.post(page(visit) + "/note", note("200", "F"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("<small id=\"note-temperature-error\" class=\"error-message\">"
                + "Temperature: from 77 to 113 °F, at most one decimal.</small>")
                .contains("value=\"200\"").contains("<option value=\"F\" selected>°F</option>");
        // the same number in °C is out of range too, with the °C message
        HttpResponse<String> celsius = doctor.post(page(visit) + "/note", note("101.2", ""));
        assertThat(Html.fieldError(celsius.body(), "note-temperature")).hasValue(
                "Temperature: from 25 to 45 °C, at most one decimal.");
        HttpResponse<String> kelvin = doctor.post(page(visit) + "/note", note("310", "K"));
        assertThat(Html.fieldError(kelvin.body(), "note-temperatureUnit")).hasValue("Choose °C or °F.");
        assertThat(temperatureOf(visit)).isNull();
    }

    @Test
    void the_api_takes_a_temperature_unit_and_answers_celsius() {
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, clinic.row("patient"), LocalDate.now(server.clock));
        String note = "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit + "/note";
        assertThat(ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit + "/start",
                token, null, Map.of()).statusCode()).isEqualTo(200);

        HttpResponse<String> tooHot = put(token, note, "{\"temperature\":200,\"temperatureUnit\":\"F\"}", "\"0\"");
        assertThat(tooHot.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(tooHot))).containsExactly("temperature");
        HttpResponse<String> unknownUnit = put(token, note, "{\"temperature\":37,\"temperatureUnit\":\"K\"}", "\"0\"");
        assertThat(fieldErrors(json(unknownUnit))).containsExactly("temperatureUnit");
        HttpResponse<String> celsiusByDefault = put(token, note, "{\"temperature\":101.2}", "\"0\"");
        assertThat(fieldErrors(json(celsiusByDefault))).containsExactly("temperature");
        HttpResponse<String> huge = put(token, note, "{\"temperature\":1e999999999,\"temperatureUnit\":\"F\"}", "\"0\"");
        assertThat(huge.statusCode()).isEqualTo(422);
        assertThat(temperatureOf(visit)).isNull();

        HttpResponse<String> saved = put(token, note, "{\"temperature\":101.2,\"temperatureUnit\":\"F\"}", "\"0\"");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).get("temperature").decimalValue()).isEqualByComparingTo("38.4");
        assertThat(temperatureOf(visit)).isEqualByComparingTo("38.4");
    }

    private static TestBrowser doctor() {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor")).statusCode()).isEqualTo(303);
        return browser;
    }

    private static UUID startedVisit(TestBrowser doctor) {
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, clinic.row("patient"), LocalDate.now(server.clock));
        doctor.get(page(visit));
        assertThat(doctor.post(page(visit) + "/start", Map.of()).statusCode()).isEqualTo(303);
        return visit;
    }

    private static Map<String, String> note(String temperature, String unit) {
        Map<String, String> form = new HashMap<>();
        form.put("temperature", temperature);
        form.put("temperatureUnit", unit);
        form.put("chiefComplaint", "Fever since yesterday");
        form.put("version", "");
        return form;
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    private static BigDecimal temperatureOf(UUID visit) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.select(DOCTOR_NOTE.TEMPERATURE_C).from(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value()), DOCTOR_NOTE.VISIT_ID.eq(visit))
                .fetchOptional(DOCTOR_NOTE.TEMPERATURE_C).orElse(null));
    }

    private static HttpResponse<String> put(String token, String path, String body, String ifMatch) {
        return ApiClient.send(server, "PUT", path, token, body, Map.of("If-Match", ifMatch));
    }
}
