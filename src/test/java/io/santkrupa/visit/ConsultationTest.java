package io.santkrupa.visit;

import io.santkrupa.db.jooq.santkrupa.tables.records.DoctorNoteRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.PatientVisitRecord;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consultation of a visit over HTTP: start, note with vitals, prescription, test order,
 * completion; every refusal (validation, stale version, closed visit, another doctor, another
 * role) writes nothing; the page reads a fixed number of queries whatever the patient's past.
 */
@ExtendWith(TestDatabaseExtension.class)
class ConsultationTest {

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

    private static TestBrowser signedIn(Clinic c, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String page(Clinic c, UUID visit) {
        return "/clinic/" + c.slug() + "/visits/" + visit;
    }

    private static UUID waitingVisit() {
        return ConsultationFixture.waitingVisit(db, clinic, clinic.row("patient"), server.clock.clinicToday());
    }

    /** A waiting visit, opened and started by the fixture's doctor. */
    private static UUID startedVisit(TestBrowser doctor) {
        UUID visit = waitingVisit();
        doctor.get(page(clinic, visit));
        assertThat(doctor.post(page(clinic, visit) + "/start", Map.of()).statusCode()).isEqualTo(303);
        return visit;
    }

    private static Map<String, String> vitals() {
        Map<String, String> form = new HashMap<>();
        form.put("bpSystolic", "128");
        form.put("bpDiastolic", "84");
        form.put("pulse", "78");
        form.put("respiratoryRate", "16");
        form.put("temperature", "38.4");
        form.put("spo2", "97");
        form.put("weight", "61.5");
        form.put("height", "158");
        form.put("chiefComplaint", "Fever for three days");
        form.put("diagnosis", "");
        form.put("notes", "Fluids and rest.");
        form.put("followUpOn", server.clock.clinicToday().plusDays(7).toString());
        form.put("version", "");
        return form;
    }

    private static PatientVisitRecord visitRow(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(visit)).fetchSingle());
    }

    private static DoctorNoteRecord note(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value()), DOCTOR_NOTE.VISIT_ID.eq(visit)).fetchOne());
    }

    private static List<String> auditActions(String requestId) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.ACTION).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .orderBy(AUDIT_EVENT.OCCURRED_AT).fetch(AUDIT_EVENT.ACTION));
    }

    private static List<String> actionsOf(HttpResponse<String> response) {
        return auditActions(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void the_doctor_starts_records_prescribes_orders_a_test_and_completes_the_visit() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = waitingVisit();
        UUID second = ConsultationFixture.medicine(db, clinic, "Cetirizine " + UUID.randomUUID(), true);

        HttpResponse<String> waiting = doctor.get(page(clinic, visit));
        assertThat(waiting.statusCode()).isEqualTo(200);
        assertThat(waiting.body()).contains("Start consultation").doesNotContain("action=\"" + page(clinic, visit) + "/note");
        assertThat(waiting.body().indexOf("Penicillin")).as("allergies come first")
                .isLessThan(waiting.body().indexOf("Blood group"));

        HttpResponse<String> started = doctor.post(page(clinic, visit) + "/start", Map.of());
        assertThat(started.statusCode()).isEqualTo(303);
        assertThat(started.headers().firstValue("Location")).hasValue(page(clinic, visit) + "?done=started#note");
        assertThat(actionsOf(started)).containsExactly("consultation.start");
        assertThat(visitRow(visit).getStatus()).isEqualTo("in_consultation");
        assertThat(visitRow(visit).getStartedAt()).isNotNull();

        HttpResponse<String> open = doctor.get(page(clinic, visit) + "?done=started");
        assertThat(open.body()).contains("Consultation started.").contains("name=\"bpSystolic\"")
                .contains("Save and complete visit").contains("Write a prescription").contains("Order lab tests");
        HttpResponse<String> saved = doctor.post(page(clinic, visit) + "/note", vitals());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(actionsOf(saved)).containsExactly("consultation.note");
        DoctorNoteRecord note = note(visit);
        assertThat(note.getBpSystolic()).isEqualTo((short) 128);
        assertThat(note.getBpDiastolic()).isEqualTo((short) 84);
        assertThat(note.getTemperatureC()).isEqualByComparingTo("38.4");
        assertThat(note.getWeightKg()).isEqualByComparingTo("61.5");
        assertThat(note.getSpo2Percent()).isEqualTo((short) 97);
        assertThat(note.getFollowUpOn()).isEqualTo(server.clock.clinicToday().plusDays(7));
        assertThat(note.getDoctorId()).isEqualTo(clinic.row("doctor"));
        assertThat(note.getVersion()).isEqualTo(1);

        doctor.get(page(clinic, visit));
        Map<String, String> rx = new HashMap<>(Map.of(
                "medicine_1", clinic.row("medicine").toString(), "dose_1", "1 tablet", "frequency_1", "Three times a day",
                "duration_1", "5", "instructions_1", "after food",
                "medicine_2", second.toString(), "dose_2", "1 tablet", "frequency_2", "At bedtime", "duration_2", "10"));
        rx.put("advice", "Drink plenty of water.");
        HttpResponse<String> prescribed = doctor.post(page(clinic, visit) + "/prescriptions", rx);
        assertThat(prescribed.statusCode()).as(prescribed.body()).isEqualTo(303);
        assertThat(actionsOf(prescribed)).containsExactly("prescription.create");
        var items = db.tenants().inClinic(clinic.id(), tx -> tx.select(PRESCRIPTION_ITEM.POSITION, PRESCRIPTION_ITEM.MEDICINE_ID,
                        PRESCRIPTION_ITEM.DURATION_DAYS)
                .from(PRESCRIPTION_ITEM).join(PRESCRIPTION).on(PRESCRIPTION.CLINIC_ID.eq(PRESCRIPTION_ITEM.CLINIC_ID),
                        PRESCRIPTION.ID.eq(PRESCRIPTION_ITEM.PRESCRIPTION_ID))
                .where(PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION.VISIT_ID.eq(visit))
                .orderBy(PRESCRIPTION_ITEM.POSITION).fetch());
        assertThat(items).hasSize(2);
        assertThat(items.get(0).value2()).isEqualTo(clinic.row("medicine"));
        assertThat(items.get(1).value1()).isEqualTo((short) 2);
        assertThat(items.get(1).value2()).isEqualTo(second);
        assertThat(items.get(1).value3()).isEqualTo((short) 10);

        doctor.get(page(clinic, visit));
        HttpResponse<String> ordered = doctor.post(page(clinic, visit) + "/test-orders",
                Map.of("test_" + clinic.row("lab_test"), "on", "clinicalNotes", "Pale; rule out anaemia"));
        assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(303);
        assertThat(actionsOf(ordered)).containsExactly("test_order.create");
        var order = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.VISIT_ID.eq(visit)).fetchSingle());
        assertThat(order.getStatus()).isEqualTo("ordered");
        assertThat(order.getOrderedBy()).isEqualTo(clinic.row("doctor"));
        assertThat(order.getPatientId()).isEqualTo(clinic.row("patient"));

        HttpResponse<String> before = doctor.get(page(clinic, visit));
        assertThat(before.body()).contains("Paracetamol 500 mg tablet").contains("At bedtime")
                .contains("Drink plenty of water.").contains("Haemoglobin").contains("Ordered");
        Map<String, String> completing = vitals();
        completing.put("diagnosis", "Viral fever");
        completing.put("version", ConsultationFixture.noteVersion(before));
        HttpResponse<String> completed = doctor.post(page(clinic, visit) + "/complete", completing);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(303);
        assertThat(completed.headers().firstValue("Location")).hasValue(page(clinic, visit) + "?done=completed");
        assertThat(actionsOf(completed)).containsExactly("consultation.note", "consultation.complete");
        assertThat(visitRow(visit).getStatus()).isEqualTo("completed");
        assertThat(visitRow(visit).getEndedAt()).isNotNull();
        assertThat(note(visit).getDiagnosis()).isEqualTo("Viral fever");
        assertThat(note(visit).getVersion()).isEqualTo(2);

        HttpResponse<String> done = doctor.get(page(clinic, visit) + "?done=completed");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Visit completed.").contains("Viral fever").contains("128/84 mmHg")
                .contains("38.4 °C").doesNotContain("<form method=\"post\" action=\"" + page(clinic, visit));
        assertThat(actionsOf(done)).containsExactly("patient.read");
    }

    @Test
    void out_of_range_vitals_get_a_message_next_to_each_field_keep_what_was_typed_and_write_nothing() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = startedVisit(doctor);
        Map<String, String> form = vitals();
        form.put("bpSystolic", "1200");
        form.put("pulse", "10");
        form.put("respiratoryRate", "81");
        form.put("temperature", "37.25");
        form.put("spo2", "101");
        form.put("weight", "0");
        form.put("height", "300");
        form.put("followUpOn", server.clock.clinicToday().minusDays(1).toString());

        HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/note", form);

        assertThat(refused.statusCode()).isEqualTo(422);
        for (String field : List.of("bpSystolic", "pulse", "respiratoryRate", "temperature", "spo2", "weight", "height",
                "followUpOn")) {
            assertThat(refused.body()).as(field)
                    .contains("name=\"" + field + "\"")
                    .contains("aria-describedby=\"note-" + field + "-error\"")
                    .contains("<small id=\"note-" + field + "-error\"");
        }
        assertThat(refused.body()).contains("value=\"1200\"").contains("value=\"37.25\"").contains("Fluids and rest.")
                .contains("from 40 to 300 mmHg").contains("at most one decimal").contains("nothing was saved");
        assertThat(refused.body()).doesNotContain("aria-describedby=\"note-bpDiastolic-error\"");
        assertThat(note(visit)).as("no note written").isNull();
        assertThat(actionsOf(refused)).containsExactly("patient.read");
    }

    @Test
    void blood_pressure_needs_both_values_the_higher_one_first() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = startedVisit(doctor);
        Map<String, String> half = vitals();
        half.put("bpDiastolic", "");
        assertThat(doctor.post(page(clinic, visit) + "/note", half).body())
                .contains("Enter the diastolic pressure too, or neither.");
        Map<String, String> upsideDown = vitals();
        upsideDown.put("bpSystolic", "80");
        upsideDown.put("bpDiastolic", "120");
        HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/note", upsideDown);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("The systolic pressure must be higher than the diastolic.");
        assertThat(note(visit)).isNull();
    }

    @Test
    void a_stale_note_version_is_refused_and_overwrites_nothing() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = startedVisit(doctor);
        Map<String, String> first = vitals();
        first.put("diagnosis", "Dengue suspected");
        assertThat(doctor.post(page(clinic, visit) + "/note", first).statusCode()).isEqualTo(303);
        String opened = ConsultationFixture.noteVersion(doctor.get(page(clinic, visit)));
        assertThat(opened).isEqualTo("1");

        Map<String, String> otherTab = vitals();
        otherTab.put("diagnosis", "Dengue confirmed");
        otherTab.put("version", opened);
        assertThat(doctor.post(page(clinic, visit) + "/note", otherTab).statusCode()).isEqualTo(303);

        Map<String, String> stale = vitals();
        stale.put("diagnosis", "Malaria");
        stale.put("version", opened);
        HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/note", stale);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("changed elsewhere").contains("nothing was saved")
                .contains("Dengue confirmed").contains("Malaria");
        assertThat(ConsultationFixture.noteVersion(refused)).as("the next save is a deliberate overwrite").isEqualTo("2");
        assertThat(note(visit).getDiagnosis()).isEqualTo("Dengue confirmed");
        assertThat(note(visit).getVersion()).isEqualTo(2);

        Map<String, String> createdMeanwhile = vitals();
        createdMeanwhile.put("diagnosis", "Typhoid");
        createdMeanwhile.put("version", "");
        assertThat(doctor.post(page(clinic, visit) + "/note", createdMeanwhile).statusCode())
                .as("a form opened before the note existed").isEqualTo(409);
        assertThat(doctor.post(page(clinic, visit) + "/complete", createdMeanwhile).statusCode()).isEqualTo(409);
        assertThat(note(visit).getDiagnosis()).isEqualTo("Dengue confirmed");
        assertThat(visitRow(visit).getStatus()).isEqualTo("in_consultation");
    }

    @Test
    void completing_needs_a_diagnosis_and_writes_nothing_without_one() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = startedVisit(doctor);

        HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/complete", vitals());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Record a diagnosis before completing the visit.")
                .contains("aria-describedby=\"note-diagnosis-error\"").contains("Fever for three days");
        assertThat(visitRow(visit).getStatus()).isEqualTo("in_consultation");
        assertThat(visitRow(visit).getEndedAt()).isNull();
        assertThat(note(visit)).isNull();
    }

    @Test
    void a_completed_visit_is_shown_read_only_and_refuses_every_change() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = clinic.row("patient_visit");

        HttpResponse<String> shown = doctor.get(page(clinic, visit));

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Viral fever").contains("128/84 mmHg").contains("1 tablet")
                .doesNotContain("name=\"bpSystolic\"").doesNotContain("Start consultation")
                .doesNotContain("Write a prescription").doesNotContain("Order lab tests");
        long prescriptions = count(PRESCRIPTION, PRESCRIPTION.VISIT_ID.eq(visit));
        long orders = count(TEST_ORDER, TEST_ORDER.VISIT_ID.eq(visit));
        for (String action : List.of("start", "note", "complete", "prescriptions", "test-orders")) {
            HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/" + action,
                    Map.of("medicine_1", clinic.row("medicine").toString(), "dose_1", "1", "frequency_1", "daily",
                            "duration_1", "1", "test_" + clinic.row("lab_test"), "on", "diagnosis", "Changed",
                            "version", "1"));
            assertThat(refused.statusCode()).as(action).isEqualTo(303);
            assertThat(refused.headers().firstValue("Location")).as(action).hasValue(page(clinic, visit) + "?done=closed");
        }
        assertThat(doctor.get(page(clinic, visit) + "?done=closed").body()).contains("nothing was changed");
        assertThat(note(visit).getDiagnosis()).isEqualTo("Viral fever");
        assertThat(visitRow(visit).getStatus()).isEqualTo("completed");
        assertThat(count(PRESCRIPTION, PRESCRIPTION.VISIT_ID.eq(visit))).isEqualTo(prescriptions);
        assertThat(count(TEST_ORDER, TEST_ORDER.VISIT_ID.eq(visit))).isEqualTo(orders);
    }

    @Test
    void in_an_expired_clinic_a_visit_in_consultation_is_read_only() {
        Clinic expired = WebFixture.clinicWithLogins(db, server.hasher);
        UUID visit = ConsultationFixture.visit(db, expired, expired.row("patient"), expired.row("doctor"),
                server.clock.clinicToday(), "in_consultation", OffsetDateTime.now());
        TestBrowser doctor = signedIn(expired, "doctor");
        PlatformFixture.setStatus(db, expired, "expired");

        HttpResponse<String> shown = doctor.get(page(expired, visit));

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("subscription has expired").doesNotContain("name=\"bpSystolic\"")
                .doesNotContain("Write a prescription");
        assertThat(doctor.post(page(expired, visit) + "/note", vitals()).statusCode()).isEqualTo(403);
    }

    @Test
    void a_waiting_visit_takes_no_note_before_the_consultation_starts() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        UUID visit = waitingVisit();
        doctor.get(page(clinic, visit));

        HttpResponse<String> refused = doctor.post(page(clinic, visit) + "/note", vitals());

        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(refused.headers().firstValue("Location")).hasValue(page(clinic, visit) + "?done=not-started");
        assertThat(note(visit)).isNull();
        assertThat(visitRow(visit).getStatus()).isEqualTo("waiting");
    }

    @Test
    void another_doctor_reads_the_visit_but_cannot_change_it() {
        ConsultationFixture.doctor(db, server.hasher, clinic, "dr-rao");
        TestBrowser colleague = signedIn(clinic, "dr-rao");
        UUID visit = waitingVisit();

        HttpResponse<String> shown = colleague.get(page(clinic, visit));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("only they can change it").doesNotContain("Start consultation");

        assertThat(colleague.post(page(clinic, visit) + "/start", Map.of()).statusCode()).isEqualTo(403);
        assertThat(colleague.post(page(clinic, visit) + "/note", vitals()).statusCode()).isEqualTo(403);
        assertThat(visitRow(visit).getStatus()).isEqualTo("waiting");
        assertThat(note(visit)).isNull();
    }

    @Test
    void only_doctors_reach_the_consultation_routes() {
        UUID visit = waitingVisit();
        for (String username : List.of("reception", "lab", "admin", "asha")) {
            TestBrowser browser = signedIn(clinic, username);
            assertThat(browser.get(page(clinic, visit)).statusCode()).as(username).isEqualTo(403);
            browser.get("/clinic/" + clinic.slug());
            for (String action : List.of("start", "note", "complete", "prescriptions", "test-orders")) {
                assertThat(browser.post(page(clinic, visit) + "/" + action, vitals()).statusCode())
                        .as(username + " " + action).isEqualTo(403);
            }
        }
        assertThat(visitRow(visit).getStatus()).isEqualTo("waiting");
    }

    @Test
    void a_visit_of_another_clinic_an_unknown_or_a_malformed_id_is_the_same_404() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        List<String> bodies = new ArrayList<>();
        for (String id : List.of(other.row("patient_visit").toString(), UUID.randomUUID().toString(), "not-an-id")) {
            HttpResponse<String> response = doctor.get("/clinic/" + clinic.slug() + "/visits/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            bodies.add(response.body());
        }
        assertThat(bodies).containsOnly(bodies.getFirst());
        doctor.get("/clinic/" + clinic.slug());
        assertThat(doctor.post("/clinic/" + clinic.slug() + "/visits/" + other.row("patient_visit") + "/start", Map.of())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void opening_the_page_is_an_audited_read_of_the_patient() {
        TestBrowser doctor = signedIn(clinic, "doctor");
        HttpResponse<String> response = doctor.get(page(clinic, clinic.row("patient_visit")));
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        var events = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId)).fetch());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getAction()).isEqualTo("patient.read");
            assertThat(event.getEntityType()).isEqualTo("patient");
            assertThat(event.getEntityId()).isEqualTo(clinic.row("patient"));
            assertThat(event.getDetail()).isEqualTo("consultation");
        });
    }

    @Test
    void a_test_card_links_its_report_file_and_the_doctor_downloads_it_audited() {
        Clinic fresh = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser doctor = signedIn(fresh, "doctor");
        UUID patient = fresh.row("patient");
        UUID withoutReport = ConsultationFixture.pastConsultation(db, fresh, patient, 3);
        UUID visit = ConsultationFixture.waitingVisit(db, fresh, patient, server.clock.clinicToday());
        String report = "/clinic/" + fresh.slug() + "/orders/" + fresh.row("test_order") + "/report";

        // the card of this visit's order (the fixture's visit) and of an earlier test (on a later visit)
        for (UUID shownVisit : List.of(fresh.row("patient_visit"), visit)) {
            String body = doctor.get(page(fresh, shownVisit)).body();
            assertThat(body).as("visit " + shownVisit).contains("<a href=\"" + report + "\">Download the report (cbc.pdf)"
                    + "<span class=\"visually-hidden\"> of Haemoglobin</span></a>");
            assertThat(body.split("/orders/", -1)).as("only the order with a file links one").hasSize(2);
        }
        int withoutFile = db.tenants().inClinic(fresh.id(), tx -> tx.fetchCount(TEST_ORDER,
                TEST_ORDER.VISIT_ID.eq(withoutReport), TEST_ORDER.REPORT_FILE_ID.isNull()));
        assertThat(withoutFile).as("the earlier consultation's test has no file").isEqualTo(1);

        HttpResponse<String> download = doctor.get(report);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("cbc.pdf");
        assertThat(download.body()).isEqualTo("%PDF-1.4\n% cbc.pdf\n");
        String requestId = download.headers().firstValue("X-Request-Id").orElseThrow();
        List<String> audited = db.tenants().inClinic(fresh.id(), tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.ENTITY_ID)
                .from(AUDIT_EVENT).where(AUDIT_EVENT.CLINIC_ID.eq(fresh.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .fetch(r -> r.value1() + " " + r.value2()));
        assertThat(audited).containsExactly("test_order.report_download " + fresh.row("test_order"));
    }

    @Test
    void the_page_costs_a_fixed_number_of_queries_whatever_the_patients_past_and_pages_it() {
        Clinic fresh = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser doctor = signedIn(fresh, "doctor");
        UUID patient = fresh.row("patient");
        UUID visit = ConsultationFixture.waitingVisit(db, fresh, patient, server.clock.clinicToday());
        doctor.get(page(fresh, visit));
        assertThat(doctor.post(page(fresh, visit) + "/start", Map.of()).statusCode()).isEqualTo(303);

        server.queries.reset();
        HttpResponse<String> little = doctor.get(page(fresh, visit));
        int withLittleHistory = server.queries.count();
        assertThat(little.body()).doesNotContain("Older visits");

        for (int daysAgo = 1; daysAgo <= 30; daysAgo++) {
            ConsultationFixture.pastConsultation(db, fresh, patient, daysAgo);
        }
        server.queries.reset();
        HttpResponse<String> much = doctor.get(page(fresh, visit));
        assertThat(much.statusCode()).isEqualTo(200);
        // resolve slug; session (set context + find); page (set context + visit + audit + other visits +
        // this visit's prescriptions + earlier ones + this visit's orders + earlier ones + medicines + lab tests)
        assertThat(server.queries.count()).isEqualTo(withLittleHistory).isEqualTo(13);
        // 25 other visits a page, newest first: the fixture's visit of today, then 1 to 24 days ago
        assertThat(much.body()).contains("Viral fever").contains("Past diagnosis 1</td>").contains("Past diagnosis 24</td>")
                .doesNotContain("Past diagnosis 25</td>").contains("13.1 g/dL").contains("12 – 15.5 g/dL");

        Matcher older = Pattern.compile("href=\"([^\"]*\\?visitsBefore=[^\"#]+)").matcher(much.body());
        assertThat(older.find()).as("a link to older visits").isTrue();
        HttpResponse<String> second = doctor.get(older.group(1).replace("&amp;", "&"));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("Past diagnosis 25</td>").contains("Past diagnosis 30</td>")
                .doesNotContain("Past diagnosis 24</td>");

        Matcher olderRx = Pattern.compile("href=\"([^\"]*\\?prescriptionsBefore=[^\"#]+)").matcher(much.body());
        assertThat(olderRx.find()).as("a link to older prescriptions").isTrue();
        assertThat(doctor.get(olderRx.group(1)).statusCode()).isEqualTo(200);
        Matcher olderResults = Pattern.compile("href=\"([^\"]*\\?resultsBefore=[^\"#]+)").matcher(much.body());
        assertThat(olderResults.find()).as("a link to older tests").isTrue();
        assertThat(doctor.get(olderResults.group(1)).statusCode()).isEqualTo(200);
        assertThat(doctor.get(page(fresh, visit) + "?visitsBefore=garbage").statusCode()).isEqualTo(200);
    }

    private static long count(org.jooq.Table<?> table, org.jooq.Condition condition) {
        return db.tenants().inClinic(clinic.id(), tx -> (long) tx.fetchCount(table, condition));
    }
}
