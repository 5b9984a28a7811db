package io.santkrupa.patient;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.PatientRecord;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ReceptionFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reception desk's patient work through the real server: registering (code, audit,
 * validation, duplicates, the clinic's patient limit, also under concurrency), editing with
 * optimistic concurrency, searching by code, name and phone page by page, and the visit history
 * of a patient's record -- each page at a fixed number of queries.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReceptionTest {

    private static final Pattern CHART = Pattern.compile("/clinic/[^/]+/patients/([0-9a-f-]{36})\\?(registered|saved)");

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- registration

    @Test
    void reception_registers_a_patient_with_the_next_code_and_an_audit_event() {
        TestBrowser reception = signedIn(clinic, "reception");
        assertThat(reception.get(path(clinic, "/patients/new")).statusCode()).isEqualTo(200);

        HttpResponse<String> done = reception.post(path(clinic, "/patients"), form("Kavita", "Deshmukh", "+91 90000 10001"));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        UUID id = chartId(done);
        PatientRecord row = patient(clinic, id);
        int year = server.clock.clinicToday().getYear();
        assertThat(row.getCode()).matches("PT-" + clinic.code() + "-" + year + "-\\d{3,}");
        assertThat(row.getFirstName()).isEqualTo("Kavita");
        assertThat(row.getPhone()).isEqualTo("+919000010001");      // stored in E.164
        assertThat(row.getBloodGroup()).isEqualTo("O+");
        assertThat(row.getDateOfBirth()).isEqualTo(LocalDate.of(1990, 5, 17));
        assertThat(row.getVersion()).isEqualTo(1);

        AuditEventRecord event = onlyEvent(clinic, "patient.create", id);
        assertThat(event.getOutcome()).isEqualTo("success");
        assertThat(event.getActorUserId()).isEqualTo(userId(clinic, "reception"));
        assertThat(event.getDetail()).doesNotContain("Kavita").doesNotContain("90000");

        HttpResponse<String> chart = reception.get(done.headers().firstValue("Location").orElseThrow());
        assertThat(chart.body()).contains("Registered").contains(row.getCode()).contains("Edit details")
                .contains("Check in for a doctor");
    }

    @Test
    void codes_of_one_clinic_count_up_without_gaps_or_repeats() {
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/patients/new"));
        List<Integer> sequence = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = chartId(reception.post(path(clinic, "/patients"), form("Seq" + i, "Counter", "+91 90000 2000" + i)));
            String code = patient(clinic, id).getCode();
            sequence.add(Integer.parseInt(code.substring(code.lastIndexOf('-') + 1)));
        }
        assertThat(sequence.get(1)).isEqualTo(sequence.get(0) + 1);
        assertThat(sequence.get(2)).isEqualTo(sequence.get(1) + 1);
    }

    @Test
    void an_invalid_form_comes_back_with_a_message_at_each_field_what_was_typed_and_nothing_written() {
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/patients/new"));
        int before = patientCount(clinic);
        Map<String, String> bad = form("", "Kulkarni", "12ab");
        bad.put("dateOfBirth", server.clock.clinicToday().plusDays(3).toString());
        bad.put("bloodGroup", "C+");
        bad.put("email", "not-an-address");
        bad.put("emergencyContactPhone", "+91 22");

        HttpResponse<String> page = reception.post(path(clinic, "/patients"), bad);

        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body())
                .contains("nothing was saved")
                .contains("Enter the first name.")
                .contains("The date of birth cannot be in the future.")
                .contains("Not a valid phone number. Type it as it is dialled in India (e.g. 081234 56789), "
                        + "or with + and the country code (e.g. +91 81234 56789).")
                .contains("aria-describedby=\"emergencyContactPhone-error\"")
                .contains("Choose a blood group from the list")
                .contains("Enter an email address like name@example.com")
                .contains("aria-invalid=\"true\" aria-describedby=\"firstName-error\"")
                .contains("<small id=\"firstName-error\" class=\"error-message\">")
                .contains("value=\"Kulkarni\"")
                .contains("value=\"12ab\"")
                .contains("value=\"not-an-address\"");
        assertThat(patientCount(clinic)).isEqualTo(before);
    }

    @Test
    void a_possible_duplicate_is_offered_and_registered_only_when_the_desk_says_so() {
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/patients/new"));
        UUID first = chartId(reception.post(path(clinic, "/patients"), form("Meera", "Joshi", "+91 99999 11111")));
        int before = patientCount(clinic);

        // same person, typed differently: other case, the phone without spaces
        HttpResponse<String> offered = reception.post(path(clinic, "/patients"), form("meera", "JOSHI", "+919999911111"));

        assertThat(offered.statusCode()).isEqualTo(409);
        assertThat(offered.body()).contains("may already be registered")
                .contains("href=\"/clinic/" + clinic.slug() + "/patients/" + first + "\"")
                .contains("name=\"registerAnyway\"")
                .contains("value=\"meera\"");
        assertThat(patientCount(clinic)).isEqualTo(before);

        Map<String, String> anyway = form("meera", "JOSHI", "+919999911111");
        anyway.put("registerAnyway", "yes");
        HttpResponse<String> registered = reception.post(path(clinic, "/patients"), anyway);

        assertThat(registered.statusCode()).isEqualTo(303);
        assertThat(chartId(registered)).isNotEqualTo(first);
        assertThat(patientCount(clinic)).isEqualTo(before + 1);
    }

    @Test
    void the_same_name_and_phone_in_another_clinic_is_no_duplicate() {
        TestBrowser there = signedIn(other, "reception");
        there.get(path(other, "/patients/new"));
        assertThat(there.post(path(other, "/patients"), form("Ravi", "Shinde", "+91 98888 22222")).statusCode()).isEqualTo(303);

        TestBrowser here = signedIn(clinic, "reception");
        here.get(path(clinic, "/patients/new"));
        HttpResponse<String> response = here.post(path(clinic, "/patients"), form("Ravi", "Shinde", "+91 98888 22222"));

        assertThat(response.statusCode()).isEqualTo(303);
    }

    @Test
    void at_the_clinics_patient_limit_registration_is_refused_with_a_clear_message() {
        Clinic small = WebFixture.clinicWithLogins(db, server.hasher);
        setPatientLimit(small, patientCount(small) + 1);
        TestBrowser reception = signedIn(small, "reception");
        // said before the form is filled in: one place left, then none
        assertThat(reception.get(path(small, "/patients/new")).body())
                .contains("id=\"capacity-notice\"").contains("One more patient can be registered");

        assertThat(reception.post(path(small, "/patients"), form("Last", "Place", "+91 90000 30001")).statusCode())
                .isEqualTo(303);
        HttpResponse<String> newForm = reception.get(path(small, "/patients/new"));
        assertThat(newForm.body()).contains("id=\"capacity\"").contains("reached its limit of")
                .doesNotContain("name=\"firstName\"");
        int full = patientCount(small);
        HttpResponse<String> refused = reception.post(path(small, "/patients"), form("One", "Toomany", "+91 90000 30002"));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("reached its limit of " + full + " patients").contains("value=\"Toomany\"");
        assertThat(patientCount(small)).isEqualTo(full);
        List<AuditEventRecord> denied = db.tenants().inClinic(small.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(small.id().value()), AUDIT_EVENT.ACTION.eq("patient.create"),
                        AUDIT_EVENT.OUTCOME.eq("denied"))
                .fetch());
        assertThat(denied).hasSize(1);
    }

    @Test
    void two_registrations_at_once_at_one_below_the_limit_admit_exactly_one() throws Exception {
        Clinic small = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser first = signedIn(small, "reception");
        TestBrowser second = signedIn(small, "reception");
        first.get(path(small, "/patients/new"));
        second.get(path(small, "/patients/new"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                int before = patientCount(small);
                setPatientLimit(small, before + 1);
                CyclicBarrier together = new CyclicBarrier(2);
                int r = round;
                Future<Integer> a = pool.submit(() -> {
                    together.await();
                    return first.post(path(small, "/patients"), form("Racer", "Alpha" + r, "+91 90000 4000" + r)).statusCode();
                });
                Future<Integer> b = pool.submit(() -> {
                    together.await();
                    return second.post(path(small, "/patients"), form("Racer", "Beta" + r, "+91 90000 5000" + r)).statusCode();
                });

                assertThat(List.of(a.get(), b.get())).as("round " + round).containsExactlyInAnyOrder(303, 409);
                assertThat(patientCount(small)).as("round " + round).isEqualTo(before + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- editing

    @Test
    void an_edit_saves_bumps_the_version_and_records_which_fields_changed() {
        UUID id = registered(clinic, "Sunil", "Pawar", "+91 90000 60001");
        TestBrowser reception = signedIn(clinic, "reception");
        HttpResponse<String> edit = reception.get(path(clinic, "/patients/" + id + "/edit"));
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("value=\"Sunil\"").contains("name=\"version\" value=\"1\"");

        Map<String, String> changed = form("Sunil", "Pawar", "+91 90000 60002");
        changed.put("version", "1");
        HttpResponse<String> saved = reception.post(path(clinic, "/patients/" + id + "/edit"), changed);

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("?saved"));
        PatientRecord row = patient(clinic, id);
        assertThat(row.getPhone()).isEqualTo("+919000060002");
        assertThat(row.getVersion()).isEqualTo(2);
        assertThat(onlyEvent(clinic, "patient.update", id).getDetail()).isEqualTo("changed phone");
        assertThat(reception.get(path(clinic, "/patients/" + id + "?saved")).body()).contains("Details saved.");
    }

    @Test
    void a_stale_edit_overwrites_nothing_and_says_so() {
        UUID id = registered(clinic, "Anita", "More", "+91 90000 70001");
        TestBrowser desk1 = signedIn(clinic, "reception");
        TestBrowser desk2 = signedIn(clinic, "reception");
        desk1.get(path(clinic, "/patients/" + id + "/edit"));
        desk2.get(path(clinic, "/patients/" + id + "/edit"));

        Map<String, String> first = form("Anita", "More", "+91 90000 70002");
        first.put("version", "1");
        assertThat(desk1.post(path(clinic, "/patients/" + id + "/edit"), first).statusCode()).isEqualTo(303);

        Map<String, String> second = form("Anita", "More", "+91 90000 70001");
        second.put("address", "12 Station Road");
        second.put("version", "1");
        HttpResponse<String> stale = desk2.post(path(clinic, "/patients/" + id + "/edit"), second);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("Someone else changed these details").contains("not saved")
                .contains("090000 70002")                    // their version, shown as the clinic writes it
                .contains("12 Station Road")                 // the desk's entry, kept
                .contains("name=\"version\" value=\"2\"");   // saving again is a deliberate choice
        PatientRecord row = patient(clinic, id);
        assertThat(row.getPhone()).isEqualTo("+919000070002");
        assertThat(row.getAddress()).isEmpty();
        assertThat(row.getVersion()).isEqualTo(2);

        second.put("version", "2");
        assertThat(desk2.post(path(clinic, "/patients/" + id + "/edit"), second).statusCode()).isEqualTo(303);
        assertThat(patient(clinic, id).getAddress()).isEqualTo("12 Station Road");
    }

    @Test
    void an_invalid_edit_changes_nothing() {
        UUID id = registered(clinic, "Pooja", "Naik", "+91 90000 80001");
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/patients/" + id + "/edit"));
        Map<String, String> bad = form("Pooja", "", "+91 90000 80001");
        bad.put("version", "1");

        HttpResponse<String> page = reception.post(path(clinic, "/patients/" + id + "/edit"), bad);

        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("Enter the last name.").contains("aria-describedby=\"lastName-error\"");
        assertThat(patient(clinic, id).getLastName()).isEqualTo("Naik");
        assertThat(patient(clinic, id).getVersion()).isEqualTo(1);
    }

    @Test
    void another_clinics_patient_cannot_be_edited_nor_its_form_opened() {
        UUID theirs = other.row("patient");
        TestBrowser reception = signedIn(clinic, "reception");
        assertThat(reception.get(path(clinic, "/patients/" + theirs + "/edit")).statusCode()).isEqualTo(404);
        Map<String, String> edit = form("Evil", "Edit", "+91 90000 90001");
        edit.put("version", "1");
        assertThat(reception.post(path(clinic, "/patients/" + theirs + "/edit"), edit).statusCode()).isEqualTo(404);
        assertThat(reception.post(path(clinic, "/patients/not-an-id/edit"), edit).statusCode()).isEqualTo(404);
        String name = db.tenants().inClinic(other.id(), tx -> tx.fetchValue(PATIENT.FIRST_NAME,
                PATIENT.CLINIC_ID.eq(other.id().value()).and(PATIENT.ID.eq(theirs))));
        assertThat(name).isEqualTo("Asha");
    }

    @Test
    void the_doctor_sees_no_edit_link_and_may_not_register() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        HttpResponse<String> chart = doctor.get(path(clinic, "/patients/" + clinic.row("patient")));
        assertThat(chart.body()).doesNotContain("Edit details").doesNotContain("/check-in");
        assertThat(doctor.get(path(clinic, "/patients/new")).statusCode()).isEqualTo(403);
        assertThat(doctor.post(path(clinic, "/patients"), form("No", "Way", "+91 90000 90002")).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- search

    @Test
    void search_finds_by_code_name_prefix_and_phone_prefix_in_this_clinic_only() {
        Clinic c = WebFixture.clinicWithLogins(db, server.hasher);
        Map<String, UUID> ids = insertPatients(c, List.of(
                new String[] {"Sanjay", "Wadekar", "+91 93333 00001"},
                new String[] {"Wasim", "Khan", "+91 93333 00002"},
                new String[] {"Priya", "Wadia", "+91 94444 00003"},
                new String[] {"Émile", "Zola", "+33 6 1234 5678"}));
        insertPatients(other, List.<String[]>of(new String[] {"Sanjay", "Wadekar", "+91 93333 00001"}));
        TestBrowser reception = signedIn(c, "reception");

        assertThat(found(reception, c, "wad")).containsExactlyInAnyOrder(ids.get("Wadekar"), ids.get("Wadia"));
        assertThat(found(reception, c, "WA")).containsExactlyInAnyOrder(ids.get("Wadekar"), ids.get("Wadia"),
                ids.get("Khan"));                                                       // first name Wasim
        assertThat(found(reception, c, "priya wad")).containsExactly(ids.get("Wadia"));   // first and last
        assertThat(found(reception, c, "wadia priya")).containsExactly(ids.get("Wadia")); // last and first
        assertThat(found(reception, c, "Émi")).containsExactly(ids.get("Zola"));
        assertThat(found(reception, c, "+91 93333")).containsExactlyInAnyOrder(ids.get("Wadekar"), ids.get("Khan"));
        assertThat(found(reception, c, "+9194444")).containsExactly(ids.get("Wadia"));
        // digits without + are the number's last digits (before V037 they were its first ones)
        assertThat(found(reception, c, "3 00001")).containsExactly(ids.get("Wadekar"));
        assertThat(found(reception, c, "0 0003")).containsExactly(ids.get("Wadia"));
        assertThat(found(reception, c, "9194444")).isEmpty();
        assertThat(found(reception, c, "5678")).containsExactly(ids.get("Zola"));
        assertThat(found(reception, c, "093333 00002")).containsExactly(ids.get("Khan"));
        String code = db.tenants().inClinic(c.id(), tx -> tx.fetchValue(PATIENT.CODE,
                PATIENT.CLINIC_ID.eq(c.id().value()).and(PATIENT.ID.eq(ids.get("Khan")))));
        assertThat(found(reception, c, code.toLowerCase())).containsExactly(ids.get("Khan"));
        assertThat(found(reception, c, "PT-NOPE-2026-001")).isEmpty();
        assertThat(found(reception, c, "%")).isEmpty();
        assertThat(found(reception, c, "_")).isEmpty();
    }

    @Test
    void the_search_page_explains_itself_without_anyones_patient_as_an_example() {
        TestBrowser reception = signedIn(other, "reception");
        // a search that finds nobody: whatever patient data is on the page came from the page itself
        HttpResponse<String> page = reception.get(path(other, "/patients?q=" + enc("Nobody Matches")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("No patients match.").contains("starts with PT-");
        // the demo clinics' codes and patients (sunrise: Asha Patil, +91 98200 ...; lotus: +91 99700 ...),
        // the fixture's patient in every clinic, and another clinic's code
        assertThat(page.body()).doesNotContain("PT-SUN").doesNotContain("PT-LOT").doesNotContain("Asha")
                .doesNotContain("Patil").doesNotContain("98200").doesNotContain("99700")
                .doesNotContain("PT-" + clinic.code()).doesNotContain("PT-" + other.code() + "-");
    }

    @Test
    void search_pages_through_more_than_one_page_in_order_at_a_fixed_number_of_queries() {
        Clinic c = WebFixture.clinicWithLogins(db, server.hasher);
        List<String[]> people = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // names out of order on purpose; phones share a prefix
            people.add(new String[] {"First" + (char) ('a' + (i * 7) % 26), "Pager" + String.format("%02d", (i * 37) % 60),
                    "+91 95555 0" + String.format("%04d", i)});
        }
        insertPatients(c, people);
        TestBrowser reception = signedIn(c, "reception");

        for (String q : List.of("pager", "+91 95555")) {
            List<UUID> all = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            String next = "/clinic/" + c.slug() + "/patients?q=" + enc(q);
            int pages = 0;
            while (next != null) {
                server.queries.reset();
                HttpResponse<String> page = reception.get(next);
                assertThat(page.statusCode()).isEqualTo(200);
                // resolve slug; session (set context + find); search (set context + the clinic's phone
                // country, to read the query and show the numbers + one query + its audit event)
                assertThat(server.queries.count()).as(q + " page " + (pages + 1)).isEqualTo(7);
                all.addAll(ids(page.body()));
                keys.addAll(q.startsWith("+") ? phones(page.body()) : names(page.body()));
                Matcher more = Pattern.compile("href=\"(\\?q=[^\"]*after=[^\"]+)\"").matcher(page.body());
                next = more.find() ? "/clinic/" + c.slug() + "/patients" + more.group(1).replace("&amp;", "&") : null;
                pages++;
            }
            assertThat(pages).as(q).isEqualTo(3);
            assertThat(all).as(q).hasSize(60).doesNotHaveDuplicates();
            assertThat(keys).as(q + ": in order across pages").isSorted();
        }
    }

    // ---------------------------------------------------------------- the record

    @Test
    void the_visit_history_pages_back_at_a_fixed_number_of_queries() {
        UUID id = registered(clinic, "Ganesh", "Kale", "+91 90000 91001");
        UUID doctor = clinic.row("doctor");
        db.tenants().inClinic(clinic.id(), tx -> {
            for (int i = 0; i < 30; i++) {
                LocalDate day = LocalDate.of(2024, 1, 1).plusDays(i);
                tx.insertInto(PATIENT_VISIT)
                        .set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, Ids.newId())
                        .set(PATIENT_VISIT.PATIENT_ID, id).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                        .set(PATIENT_VISIT.VISIT_DATE, day).set(PATIENT_VISIT.TOKEN_NUMBER, 1)
                        .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, "Visit " + day)
                        .set(PATIENT_VISIT.CHECKED_IN_AT, day.atTime(9, 0).atOffset(ZoneOffset.UTC))
                        .execute();
            }
            return null;
        });
        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/patients/" + id));

        server.queries.reset();
        HttpResponse<String> first = reception.get(path(clinic, "/patients/" + id));
        // resolve slug; session (set context + find); chart (set context + patient + audit + visits), no notes;
        // the desk's portal panel, its lab reports and its prescriptions to print, in the chart's transaction (one query each)
        assertThat(server.queries.count()).isEqualTo(10);
        assertThat(first.body()).contains("Visit 2024-01-30").doesNotContain("Visit 2024-01-05");
        Matcher older = Pattern.compile("href=\"([^\"]*visitsBefore=[^\"#]+)").matcher(first.body());
        assertThat(older.find()).as("a link to older visits").isTrue();

        server.queries.reset();
        HttpResponse<String> second = reception.get(older.group(1));
        assertThat(server.queries.count()).isEqualTo(10); // the same, the next page of visits
        assertThat(second.body()).contains("Visit 2024-01-05").contains("Visit 2024-01-01")
                .doesNotContain("Visit 2024-01-06").doesNotContain("visitsBefore=");
    }

    // ---------------------------------------------------------------- helpers

    /** Signed in, and on the dashboard: the browser holds the session's CSRF token. */
    private static TestBrowser signedIn(Clinic c, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + c.slug());
        return browser;
    }

    private static String path(Clinic c, String rest) {
        return "/clinic/" + c.slug() + rest;
    }

    private static Map<String, String> form(String first, String last, String phone) {
        Map<String, String> form = new HashMap<>();
        form.put("firstName", first);
        form.put("lastName", last);
        form.put("dateOfBirth", "1990-05-17");
        form.put("gender", "female");
        form.put("phone", phone);
        form.put("email", "");
        form.put("address", "");
        form.put("emergencyContactName", "");
        form.put("emergencyContactPhone", "");
        form.put("bloodGroup", "O+");
        form.put("allergies", "");
        return form;
    }

    /** Registers through the page, as the desk does; the new patient's id. */
    private static UUID registered(Clinic c, String first, String last, String phone) {
        TestBrowser reception = signedIn(c, "reception");
        reception.get(path(c, "/patients/new"));
        Map<String, String> form = form(first, last, phone);
        form.put("registerAnyway", "yes");
        return chartId(reception.post(path(c, "/patients"), form));
    }

    private static UUID chartId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        Matcher m = CHART.matcher(response.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).as("redirect to the chart").isTrue();
        return UUID.fromString(m.group(1));
    }

    private static PatientRecord patient(Clinic c, UUID id) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(c.id().value()), PATIENT.ID.eq(id)).fetchSingle());
    }

    private static int patientCount(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(c.id().value())));
    }

    private static void setPatientLimit(Clinic c, int limit) {
        PlatformFixture.setLimits(db, c, null, limit, null);
    }

    private static AuditEventRecord onlyEvent(Clinic c, String action, UUID entity) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(c.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        AUDIT_EVENT.ENTITY_ID.eq(entity))
                .fetchSingle());
    }

    private static UUID userId(Clinic c, String username) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchValue(APP_USER.ID,
                APP_USER.CLINIC_ID.eq(c.id().value()).and(APP_USER.USERNAME.eq(username))));
    }

    /** Inserts patients (first, last, phone) directly; their ids by last name. */
    private static Map<String, UUID> insertPatients(Clinic c, List<String[]> people) {
        List<UUID> ids = ReceptionFixture.patients(db, c, people);
        Map<String, UUID> byLastName = new HashMap<>();
        for (int i = 0; i < people.size(); i++) {
            byLastName.put(people.get(i)[1], ids.get(i));
        }
        return byLastName;
    }

    private static List<UUID> found(TestBrowser browser, Clinic c, String q) {
        HttpResponse<String> page = browser.get("/clinic/" + c.slug() + "/patients?q=" + enc(q));
        assertThat(page.statusCode()).as(q).isEqualTo(200);
        return ids(page.body());
    }

    private static List<UUID> ids(String html) {
        List<UUID> ids = new ArrayList<>();
        Matcher m = Pattern.compile("/patients/([0-9a-f-]{36})\"").matcher(html);
        while (m.find()) {
            ids.add(UUID.fromString(m.group(1)));
        }
        return ids;
    }

    private static List<String> names(String html) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<td>([^<,]+), ([^<]+)</td>").matcher(html);
        while (m.find()) {
            names.add(m.group(1).toLowerCase() + " " + m.group(2).toLowerCase());
        }
        return names;
    }

    private static List<String> phones(String html) {
        List<String> phones = new ArrayList<>();
        Matcher m = Pattern.compile("<td class=\"nowrap\">([+0-9][0-9 ]+)</td>").matcher(html);
        while (m.find()) {
            phones.add(m.group(1).replaceAll("[^0-9]", ""));
        }
        return phones;
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
