package io.santkrupa.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.PatientVisitRecord;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.ReceptionFixture;
import io.santkrupa.testing.ReceptionFixture.Doctor;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clinic's day is its own: at 00:30 in India (19:00 UTC the evening before) the queue, the
 * tokens, registration and the audit log of a clinic in Asia/Kolkata are already on the new day,
 * while a clinic in Europe/London at the same instant is still on the old one. Through the real
 * server and PostgreSQL, on a clock set to those instants.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicTimeZoneTest {

    /** 23:50 IST on Friday 4 December 2026. */
    private static final Instant BEFORE_MIDNIGHT_IN_INDIA = Instant.parse("2026-12-04T18:20:00Z");
    /** 00:30 IST on Saturday 5 December 2026; 19:00 GMT on Friday 4 December in London. */
    private static final Instant AFTER_MIDNIGHT_IN_INDIA = Instant.parse("2026-12-04T19:00:00Z");
    private static final LocalDate FOURTH = LocalDate.of(2026, 12, 4);
    private static final LocalDate FIFTH = LocalDate.of(2026, 12, 5);

    private static final Pattern CHECKED_IN = Pattern.compile("/clinic/[^/]+/queue\\?doctor=([0-9a-f-]{36})&checkedIn=(\\d+)");
    private static final AtomicInteger NAMES = new AtomicInteger();

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
    void at_00_30_in_india_check_in_takes_token_1_of_5_december_and_a_visit_of_23_50_stays_on_4_december() {
        Clinic pune = WebFixture.clinicWithLogins(db, server.hasher);
        Doctor doctor = doctor(pune);
        UUID lateEvening = patient(pune);
        UUID afterMidnight = patient(pune);

        server.clock.setTo(BEFORE_MIDNIGHT_IN_INDIA);
        TestBrowser evening = signedIn(pune, "reception");
        assertThat(checkIn(evening, pune, lateEvening, doctor)).isEqualTo(1);

        server.clock.setTo(AFTER_MIDNIGHT_IN_INDIA);
        TestBrowser night = signedIn(pune, "reception");
        assertThat(night.get(path(pune, "/patients/" + afterMidnight + "/check-in")).body())
                .contains("Check in for today, Sat 5 Dec 2026");
        assertThat(checkIn(night, pune, afterMidnight, doctor)).as("a new day, a new first token").isEqualTo(1);

        assertThat(visitOf(pune, lateEvening).getVisitDate()).isEqualTo(FOURTH);
        assertThat(visitOf(pune, afterMidnight).getVisitDate()).isEqualTo(FIFTH);
        HttpResponse<String> queue = night.get(path(pune, "/queue?doctor=" + doctor.id()));
        assertThat(queue.body())
                .contains("Today's queue <small>Sat 5 Dec 2026</small>")
                .contains(afterMidnight.toString()).doesNotContain(lateEvening.toString())
                .contains("<th scope=\"col\">Times (IST)</th>")
                .contains("in 00:30")
                .contains("Updated at 00:30 IST");

        // the API: today is the clinic's, and 4 December still holds the visit of 23:50
        String token = ApiClient.token(server, db, pune, Role.RECEPTIONIST);
        JsonNode today = ApiClient.json(ApiClient.get(server, api(pune, "/visits?doctorId=" + doctor.id()), token));
        assertThat(today.get("items")).singleElement().satisfies(v -> {
            assertThat(v.get("patientId").asText()).isEqualTo(afterMidnight.toString());
            assertThat(v.get("visitDate").asText()).isEqualTo("2026-12-05");
            assertThat(v.get("token").asInt()).isEqualTo(1);
            assertThat(OffsetDateTime.parse(v.get("checkedInAt").asText()).toInstant()).isEqualTo(AFTER_MIDNIGHT_IN_INDIA);
        });
        JsonNode yesterday = ApiClient.json(ApiClient.get(server,
                api(pune, "/visits?doctorId=" + doctor.id() + "&date=2026-12-04"), token));
        assertThat(yesterday.get("items")).singleElement()
                .satisfies(v -> assertThat(v.get("patientId").asText()).isEqualTo(lateEvening.toString()));
        assertThat(ApiClient.json(ApiClient.get(server, api(pune, "/me"), token)).get("clinicTimeZone").asText())
                .isEqualTo("Asia/Kolkata");
    }

    @Test
    void a_clinic_in_london_is_still_on_4_december_at_the_same_instant() {
        Clinic london = WebFixture.clinicWithLogins(db, server.hasher);
        server.clock.setTo(AFTER_MIDNIGHT_IN_INDIA);
        moveTo(london, "Europe/London");
        Doctor doctor = doctor(london);
        UUID patient = patient(london);

        TestBrowser reception = signedIn(london, "reception");
        assertThat(reception.get(path(london, "/patients/" + patient + "/check-in")).body())
                .contains("Check in for today, Fri 4 Dec 2026");
        assertThat(checkIn(reception, london, patient, doctor)).isEqualTo(1);

        assertThat(visitOf(london, patient).getVisitDate()).isEqualTo(FOURTH);
        assertThat(reception.get(path(london, "/queue?doctor=" + doctor.id())).body())
                .contains("Today's queue <small>Fri 4 Dec 2026</small>")
                .contains(patient.toString())
                .contains("in 19:00")
                .contains("<th scope=\"col\">Times (London Time)</th>");
    }

    @Test
    void a_baby_born_on_5_december_registers_at_00_30_in_india_but_is_not_born_yet_in_london() {
        Clinic pune = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic london = WebFixture.clinicWithLogins(db, server.hasher);
        server.clock.setTo(AFTER_MIDNIGHT_IN_INDIA);
        moveTo(london, "Europe/London");

        TestBrowser india = signedIn(pune, "reception");
        india.get(path(pune, "/patients/new"));
        HttpResponse<String> registered = india.post(path(pune, "/patients"), newborn());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(303);

        TestBrowser england = signedIn(london, "reception");
        england.get(path(london, "/patients/new"));
        HttpResponse<String> refused = england.post(path(london, "/patients"), newborn());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "dateOfBirth")).hasValue("The date of birth cannot be in the future.");
    }

    @Test
    void the_audit_log_shows_the_clinics_times_and_takes_its_days() {
        Clinic pune = WebFixture.clinicWithLogins(db, server.hasher);
        server.clock.setTo(AFTER_MIDNIGHT_IN_INDIA);
        event(pune, BEFORE_MIDNIGHT_IN_INDIA);
        event(pune, AFTER_MIDNIGHT_IN_INDIA);
        TestBrowser admin = signedIn(pune, "admin");

        HttpResponse<String> fifth = admin.get(path(pune, "/audit?action=time_zone_probe&from=2026-12-05&to=2026-12-05"));
        assertThat(fifth.body()).contains("<th scope=\"col\">When (IST)</th>");
        assertThat(times(fifth.body())).containsExactly("5 Dec 2026, 00:30:00");

        HttpResponse<String> fourth = admin.get(path(pune, "/audit?action=time_zone_probe&from=2026-12-04&to=2026-12-04"));
        assertThat(times(fourth.body())).containsExactly("4 Dec 2026, 23:50:00");

        assertThat(times(admin.get(path(pune, "/audit?action=time_zone_probe")).body()))
                .containsExactly("5 Dec 2026, 00:30:00", "4 Dec 2026, 23:50:00");
    }

    @Test
    void a_from_after_to_in_the_audit_log_says_so_at_the_dates_and_lists_nothing() {
        Clinic pune = WebFixture.clinicWithLogins(db, server.hasher);
        server.clock.setTo(AFTER_MIDNIGHT_IN_INDIA);
        event(pune, AFTER_MIDNIGHT_IN_INDIA);
        TestBrowser admin = signedIn(pune, "admin");

        HttpResponse<String> page = admin.get(path(pune, "/audit?action=time_zone_probe&from=2026-12-05&to=2026-12-04"));

        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body().replaceAll("\\s+", " "))
                .contains("<small id=\"to-error\" class=\"error-message\">\u201cTo\u201d (4 Dec 2026) is before "
                        + "\u201cFrom\u201d (5 Dec 2026): no day is in between. Swap them, or clear one.</small>")
                .contains("name=\"from\" type=\"date\"").contains("value=\"2026-12-05\"")
                .containsPattern("name=\"to\" type=\"date\"[^>]*value=\"2026-12-04\"[^>]*aria-invalid=\"true\" aria-describedby=\"to-error\"")
                .doesNotContain("No events match.");
        assertThat(times(page.body())).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** The clinic admin chooses the zone on the settings page, as a clinic would. */
    private static void moveTo(Clinic clinic, String zone) {
        TestBrowser admin = signedIn(clinic, "admin");
        HttpResponse<String> settings = admin.get(path(clinic, "/settings"));
        Map<String, String> form = new HashMap<>();
        for (String field : List.of("name", "address", "city", "state", "postal_code", "phone", "email", "website")) {
            form.put(field, Html.inputValue(settings.body(), field).orElse(""));
        }
        form.put("version", Html.inputValue(settings.body(), "version").orElseThrow());
        form.put("time_zone", zone);
        HttpResponse<String> saved = admin.post(path(clinic, "/settings"), form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        String stored = db.tenants().inClinic(clinic.id(), tx -> tx.select(CLINIC.TIME_ZONE).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.TIME_ZONE));
        assertThat(stored).isEqualTo(zone);
    }

    private static Doctor doctor(Clinic clinic) {
        int n = NAMES.incrementAndGet();
        return ReceptionFixture.doctor(db, server.hasher, clinic, "tzdoc" + n, "Dr Midnight " + n, true);
    }

    private static UUID patient(Clinic clinic) {
        int n = NAMES.incrementAndGet();
        return ReceptionFixture.patients(db, clinic,
                List.<String[]>of(new String[] {"Night" + n, "Owl" + n, "+91 97000 " + String.format("%05d", n)})).getFirst();
    }

    private static Map<String, String> newborn() {
        int n = NAMES.incrementAndGet();
        Map<String, String> form = new HashMap<>();
        form.put("firstName", "Baby" + n);
        form.put("lastName", "Midnight");
        form.put("dateOfBirth", "2026-12-05");
        form.put("gender", "female");
        form.put("phone", "+91 98000 " + String.format("%05d", n));
        for (String empty : List.of("email", "address", "emergencyContactName", "emergencyContactPhone", "bloodGroup",
                "allergies")) {
            form.put(empty, "");
        }
        return form;
    }

    /** An audit event that happened at {@code at} (the trail's times are the database's, not the test clock's). */
    private static void event(Clinic clinic, Instant at) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.CLINIC_ID, clinic.id().value()).set(AUDIT_EVENT.ID, Ids.newId())
                .set(AUDIT_EVENT.OCCURRED_AT, at.atOffset(ZoneOffset.UTC))
                .set(AUDIT_EVENT.ACTOR_ROLE, "receptionist").set(AUDIT_EVENT.ACTION, "time_zone_probe")
                .execute());
    }

    /** The times of the audit log's rows, in order. */
    private static List<String> times(String html) {
        List<String> times = new ArrayList<>();
        Matcher m = Pattern.compile("<td class=\"nowrap\"[^>]*>(\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d:\\d\\d)</td>").matcher(html);
        while (m.find()) {
            times.add(m.group(1));
        }
        return times;
    }

    private static TestBrowser signedIn(Clinic clinic, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + clinic.slug());
        return browser;
    }

    /** Checks the patient in through the form; the token the redirect reports. */
    private static int checkIn(TestBrowser reception, Clinic clinic, UUID patient, Doctor doctor) {
        reception.get(path(clinic, "/patients/" + patient + "/check-in"));
        HttpResponse<String> done = reception.post(path(clinic, "/patients/" + patient + "/check-in"),
                Map.of("doctor", doctor.id().toString()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Matcher m = CHECKED_IN.matcher(done.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).isTrue();
        return Integer.parseInt(m.group(2));
    }

    private static PatientVisitRecord visitOf(Clinic clinic, UUID patient) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.PATIENT_ID.eq(patient))
                .fetchSingle());
    }

    private static String path(Clinic clinic, String rest) {
        return "/clinic/" + clinic.slug() + rest;
    }

    private static String api(Clinic clinic, String rest) {
        return "/clinic/" + clinic.slug() + "/api/v1" + rest;
    }
}
