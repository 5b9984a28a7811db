package io.santkrupa.prescription;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prescriptions from the consultation page -- several items, each filled row validated, all or
 * nothing -- and the printable view, for doctors and for the one patient it belongs to.
 */
@ExtendWith(TestDatabaseExtension.class)
class PrescriptionTest {

    private static final Pattern PRINT_LINK = Pattern.compile("href=\"(/clinic/[^/]+/prescriptions/([0-9a-f-]{36}))\"");

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
        // what the printed prescription shows of the clinic and the doctor
        // as the clinic admin keeps them (the settings page)
        db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).set(CLINIC.PHONE, "+91 20 2555 0101").set(CLINIC.CITY, "Pune")
                .set(CLINIC.ADDRESS, "12 FC Road").where(CLINIC.ID.eq(clinic.id().value())).execute());
        db.tenants().inClinic(clinic.id(), tx -> tx.update(DOCTOR).set(DOCTOR.QUALIFICATION, "MBBS, MD")
                .where(DOCTOR.CLINIC_ID.eq(clinic.id().value()), DOCTOR.ID.eq(clinic.row("doctor"))).execute());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestBrowser signedIn(String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    /** A visit of {@code patient} in consultation with the fixture's doctor, its page open in {@code doctor}. */
    private static UUID visitInConsultation(TestBrowser doctor, UUID patient) {
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, patient, server.clock.clinicToday());
        doctor.get(page(visit));
        assertThat(doctor.post(page(visit) + "/start", Map.of()).statusCode()).isEqualTo(303);
        doctor.get(page(visit));
        return visit;
    }

    private static long prescriptionsOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> (long) tx.fetchCount(PRESCRIPTION,
                PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()).and(PRESCRIPTION.VISIT_ID.eq(visit))));
    }

    private static Map<String, String> row(int n, UUID medicine, String dose, String frequency, String days,
                                           String instructions) {
        Map<String, String> row = new HashMap<>();
        row.put("medicine_" + n, medicine == null ? "" : medicine.toString());
        row.put("dose_" + n, dose);
        row.put("frequency_" + n, frequency);
        row.put("duration_" + n, days);
        row.put("instructions_" + n, instructions);
        return row;
    }

    /** Writes a prescription of two items for a new visit of {@code patient}; returns its print path. */
    private static String prescribe(TestBrowser doctor, UUID patient) {
        UUID visit = visitInConsultation(doctor, patient);
        UUID cetirizine = ConsultationFixture.medicine(db, clinic, "Cetirizine " + UUID.randomUUID().toString().substring(0, 8), true);
        Map<String, String> form = new HashMap<>();
        form.putAll(row(1, clinic.row("medicine"), "1 tablet", "Three times a day", "5", "after food"));
        form.putAll(row(2, cetirizine, "1 tablet", "At bedtime", "10", ""));
        form.put("advice", "Drink plenty of water.\nReturn if the fever persists.");
        HttpResponse<String> saved = doctor.post(page(visit) + "/prescriptions", form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(page(visit) + "?done=prescribed#prescriptions");
        Matcher link = PRINT_LINK.matcher(doctor.get(page(visit)).body());
        assertThat(link.find()).as("a link to the printable prescription").isTrue();
        return link.group(1);
    }

    @Test
    void a_prescription_of_two_items_is_written_at_once_and_prints_cleanly() {
        TestBrowser doctor = signedIn("doctor");
        String print = prescribe(doctor, clinic.row("patient"));
        UUID id = UUID.fromString(print.substring(print.lastIndexOf('/') + 1));

        var items = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PRESCRIPTION_ITEM)
                .where(PRESCRIPTION_ITEM.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION_ITEM.PRESCRIPTION_ID.eq(id))
                .orderBy(PRESCRIPTION_ITEM.POSITION).fetch());
        assertThat(items).extracting(i -> (int) i.getPosition()).containsExactly(1, 2);
        assertThat(items).extracting(i -> i.getFrequency()).containsExactly("Three times a day", "At bedtime");
        assertThat(items).extracting(i -> (int) i.getDurationDays()).containsExactly(5, 10);
        assertThat(items.getFirst().getInstructions()).isEqualTo("after food");
        var prescription = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(PRESCRIPTION)
                .where(PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION.ID.eq(id)).fetchSingle());
        assertThat(prescription.getDoctorId()).isEqualTo(clinic.row("doctor"));
        assertThat(prescription.getPatientId()).isEqualTo(clinic.row("patient"));
        assertThat(prescription.getAdvice()).isEqualTo("Drink plenty of water.\nReturn if the fever persists.");
        long audited = db.tenants().inClinic(clinic.id(), tx -> (long) tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()).and(AUDIT_EVENT.ACTION.eq("prescription.create"))
                        .and(AUDIT_EVENT.ENTITY_ID.eq(id))));
        assertThat(audited).isEqualTo(1);

        UUID visit = prescription.getVisitId();
        Map<String, String> note = new HashMap<>(Map.of("bpSystolic", "128", "bpDiastolic", "84", "pulse", "78",
                "temperature", "38.4", "spo2", "97", "weight", "61.5", "chiefComplaint", "Fever", "diagnosis", "Viral fever",
                "followUpOn", server.clock.clinicToday().plusDays(7).toString(), "version", ""));
        doctor.get(page(visit));
        assertThat(doctor.post(page(visit) + "/note", note).statusCode()).isEqualTo(303);

        server.queries.reset();
        HttpResponse<String> printed = doctor.get(print);
        // resolve slug; session (set context + find); set context + the prescription with its items + audit
        assertThat(server.queries.count()).isEqualTo(6);
        assertThat(printed.statusCode()).isEqualTo(200);
        assertThat(printed.body())
                .contains("<h1>Test Clinic").contains("12 FC Road, Pune").contains("+91 20 2555 0101")
                .contains("MBBS, MD").contains("Licence no. MMC-").contains("Asha Patil")
                .contains("PT-" + clinic.code() + "-2026-001").contains("Age 41 y")
                .contains("Paracetamol 500 mg tablet").contains("Three times a day").contains("10 days")
                .contains("Return if the fever persists.").contains("Signature")
                .contains("/static/consultation.css")
                // what the pad carries besides the medicines, and the way to print it and back
                .contains("<strong>Allergies:</strong> Penicillin")
                .contains("BP 128/84 mmHg · Pulse 78/min · Temp 38.4 °C · SpO2 97% · Weight 61.5 kg")
                .contains("<strong>Diagnosis:</strong> Viral fever")
                .contains("<strong>Follow-up:</strong> " + server.clock.clinicToday().plusDays(7)
                        .format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)))
                .contains("<button type=\"button\" data-print hidden>Print</button>").contains("/static/print.js")
                .contains("Back to the visit");
        HttpResponse<String> css = server.browser().get("/static/consultation.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).contains("@media print").contains("body > header");
    }

    @Test
    void each_filled_row_is_validated_with_its_own_messages_and_nothing_is_written_unless_all_are_valid() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = visitInConsultation(doctor, clinic.row("patient"));
        Map<String, String> form = new HashMap<>();
        form.putAll(row(1, clinic.row("medicine"), "1 tablet", "Twice a day", "5", ""));
        form.putAll(row(2, clinic.row("medicine"), "", "Twice a day", "400", ""));
        form.putAll(row(3, UUID.randomUUID(), "2 ml", "Once a day", "3", ""));
        form.putAll(row(4, null, "", "", "", "with milk"));
        form.putAll(row(5, null, "", "", "", ""));

        HttpResponse<String> refused = doctor.post(page(visit) + "/prescriptions", form);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("nothing was saved")
                .contains("<small id=\"rx-dose-2-error\"").contains("<small id=\"rx-duration-2-error\"")
                .contains("<small id=\"rx-medicine-3-error\"").contains("active catalog; choose another")
                .contains("<small id=\"rx-medicine-4-error\"").contains("<small id=\"rx-dose-4-error\"")
                .contains("<small id=\"rx-frequency-4-error\"").contains("<small id=\"rx-duration-4-error\"")
                .contains("aria-describedby=\"rx-duration-2-error\"")
                .doesNotContain("rx-dose-1-error").doesNotContain("rx-medicine-5-error")
                .contains("value=\"400\"").contains("value=\"with milk\"").contains("value=\"2 ml\"");
        assertThat(prescriptionsOf(visit)).isZero();
    }

    @Test
    void a_prescription_needs_at_least_one_medicine() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = visitInConsultation(doctor, clinic.row("patient"));

        HttpResponse<String> refused = doctor.post(page(visit) + "/prescriptions", Map.of("advice", "Rest"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Add at least one medicine.").contains(">Rest</textarea>");
        assertThat(prescriptionsOf(visit)).isZero();
    }

    @Test
    void an_inactive_medicine_or_another_clinics_is_refused() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = visitInConsultation(doctor, clinic.row("patient"));
        String retired = "Retiredol " + UUID.randomUUID().toString().substring(0, 8);
        UUID inactive = ConsultationFixture.medicine(db, clinic, retired, false);
        assertThat(doctor.get(page(visit)).body()).as("the form offers active medicines only").doesNotContain(retired);

        for (UUID medicine : List.of(inactive, other.row("medicine"))) {
            HttpResponse<String> refused = doctor.post(page(visit) + "/prescriptions",
                    row(1, medicine, "1 tablet", "Once a day", "3", ""));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("<small id=\"rx-medicine-1-error\"");
        }
        assertThat(prescriptionsOf(visit)).isZero();
    }

    @Test
    void a_patient_prints_their_own_prescription_and_gets_404_for_anyone_elses() {
        TestBrowser doctor = signedIn("doctor");
        String ashas = prescribe(doctor, clinic.row("patient"));
        UUID ravi = ConsultationFixture.patient(db, server.hasher, clinic, "Ravi", "ravi");
        String ravis = prescribe(doctor, ravi);
        String ashasId = ashas.substring(ashas.lastIndexOf('/') + 1);
        String ravisId = ravis.substring(ravis.lastIndexOf('/') + 1);

        TestBrowser asha = signedIn("asha");
        HttpResponse<String> own = asha.get("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + ashasId);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("Asha Patil").contains("Paracetamol 500 mg tablet").contains("Back to my record");

        List<String> bodies = new ArrayList<>();
        for (String id : List.of(ravisId, other.row("prescription").toString(), UUID.randomUUID().toString(), "nope")) {
            HttpResponse<String> refused = asha.get("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + id);
            assertThat(refused.statusCode()).as(id).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("Ravi");
            bodies.add(refused.body());
        }
        assertThat(bodies).as("the same 404 whatever the reason").containsOnly(bodies.getFirst());
        assertThat(asha.get(ravis).statusCode()).as("the staff route").isEqualTo(403);

        TestBrowser raviBrowser = signedIn("ravi");
        assertThat(raviBrowser.get("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + ravisId).statusCode())
                .isEqualTo(200);
        assertThat(raviBrowser.get("/clinic/" + clinic.slug() + "/my-record/prescriptions/" + ashasId).statusCode())
                .isEqualTo(404);
    }

    @Test
    void staff_print_another_clinics_or_an_unknown_prescription_as_404_and_only_doctors_and_the_desk_print() {
        TestBrowser doctor = signedIn("doctor");
        for (String id : List.of(other.row("prescription").toString(), UUID.randomUUID().toString(), "1 OR 1=1")) {
            assertThat(doctor.get("/clinic/" + clinic.slug() + "/prescriptions/" + id.replace(" ", "%20")).statusCode())
                    .as(id).isEqualTo(404);
        }
        String fixture = "/clinic/" + clinic.slug() + "/prescriptions/" + clinic.row("prescription");
        assertThat(doctor.get(fixture).statusCode()).isEqualTo(200);
        // the desk finds it on the patient's chart -- when, by whom, how many medicines, not which --
        // and reprints it for the patient (and goes back to the patient, not the consultation)
        TestBrowser reception = signedIn("reception");
        HttpResponse<String> chart = reception.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient"));
        assertThat(chart.body()).contains("id=\"desk-prescriptions\"").contains("href=\"" + fixture + "\"")
                .contains("1 medicine").doesNotContain("Paracetamol");
        HttpResponse<String> reprinted = reception.get(fixture);
        assertThat(reprinted.statusCode()).isEqualTo(200);
        assertThat(reprinted.body()).contains("Paracetamol").contains("Back to Asha Patil").doesNotContain("Back to the visit");
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ENTITY_ID.eq(clinic.row("prescription")),
                AUDIT_EVENT.REQUEST_ID.eq(reprinted.headers().firstValue("X-Request-Id").orElseThrow()))))
                .as("the reprint is an audited read").isEqualTo(1);
        for (String username : List.of("lab", "admin")) {
            assertThat(signedIn(username).get(fixture).statusCode()).as(username).isEqualTo(403);
        }
    }
}
