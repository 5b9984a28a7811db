package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.DocumentedApi;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's whole day through the API, by a client that knows only the OpenAPI document:
 * every call is found by its operationId (no path is written here), every body sent is checked
 * against the documented request schema and every answer against the documented responses.
 * Each role signs in with its password, as an integration would.
 */
@ExtendWith(TestDatabaseExtension.class)
class ApiClinicDayTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static DocumentedApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        api = new DocumentedApi(server, clinic.slug());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_day_at_the_clinic_over_the_documented_api() throws Exception {
        String admin = signIn(Role.CLINIC_ADMIN);
        String reception = signIn(Role.RECEPTIONIST);
        String doctor = signIn(Role.DOCTOR);
        String lab = signIn(Role.LAB_TECHNICIAN);
        int auditedBefore = audited();

        // the clinic admin, before opening: a medicine and a lab test join the catalogs
        HttpResponse<String> medicine = api.call("addMedicine").as(admin)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("name", "Dayzith", "genericName", "Azithromycin", "form", "tablet", "strength", "500 mg"))
                .send();
        assertThat(medicine.statusCode()).isEqualTo(201);
        Map<String, Object> platelets = new LinkedHashMap<>();
        platelets.put("name", "Platelets");
        platelets.put("unit", "x10^3/uL");
        platelets.put("normalLow", 150);
        platelets.put("normalHigh", 450);
        HttpResponse<String> test = api.call("addLabTest").as(admin)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("code", "DAY-PLT", "name", "Day platelet count", "sampleType", "blood",
                        "parameters", List.of(platelets)))
                .send();
        assertThat(test.statusCode()).isEqualTo(201);

        // reception: a new patient arrives, is registered and checked in for the doctor
        JsonNode doctorRow = ok(api.call("listDoctors").as(reception).send()).at("/items/0");
        assertThat(doctorRow.isMissingNode()).as("the clinic lists a doctor").isFalse();
        Map<String, Object> newPatient = new LinkedHashMap<>();
        newPatient.put("firstName", "Lata");
        newPatient.put("lastName", "Dayapi");
        newPatient.put("phone", "+91 98220 12121");
        newPatient.put("dateOfBirth", "1979-06-30");
        newPatient.put("gender", "female");
        newPatient.put("allergies", "Sulfa drugs");
        HttpResponse<String> registered = api.call("registerPatient").as(reception)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(newPatient).send();
        assertThat(registered.statusCode()).isEqualTo(201);
        JsonNode patient = json(registered);
        String patientId = patient.get("id").asText();

        JsonNode found = ok(api.call("listPatients").as(reception).query("q", patient.get("code").asText()).send());
        assertThat(found.at("/items/0/id").asText()).isEqualTo(patientId);

        // the phone number was mistyped: corrected with the ETag of the record as read
        HttpResponse<String> read = api.call("getPatient").as(reception).path("patientId", patientId).send();
        newPatient.put("phone", "+91 98220 12122");
        HttpResponse<String> corrected = api.call("updatePatient").as(reception).path("patientId", patientId)
                .header("If-Match", read.headers().firstValue("ETag").orElseThrow()).body(newPatient).send();
        assertThat(corrected.statusCode()).isEqualTo(200);

        HttpResponse<String> checkedIn = api.call("checkIn").as(reception)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("patientId", patientId, "doctorId", doctorRow.get("id").asText(), "reason", "Fever, 3 days"))
                .send();
        assertThat(checkedIn.statusCode()).isEqualTo(201);
        String visitId = json(checkedIn).get("id").asText();
        JsonNode queue = ok(api.call("listVisits").as(reception).query("doctorId", doctorRow.get("id").asText()).send());
        assertThat(queue.get("items").findValuesAsText("id")).contains(visitId);

        // the doctor: the queue, the consultation, the note
        JsonNode myQueue = ok(api.call("listVisits").as(doctor).send());
        assertThat(myQueue.get("items").findValuesAsText("id")).contains(visitId);
        ok(api.call("startConsultation").as(doctor).path("visitId", visitId).send());
        ok(api.call("listPatientVisits").as(doctor).path("patientId", patientId).send());
        HttpResponse<String> emptyNote = api.call("getConsultationNote").as(doctor).path("visitId", visitId).send();
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("bpSystolic", 128);
        note.put("bpDiastolic", 84);
        note.put("temperature", 38.4);
        note.put("chiefComplaint", "Fever for three days");
        note.put("diagnosis", "Viral fever");
        note.put("notes", "Fluids, rest; review if not better in 3 days.");
        HttpResponse<String> saved = api.call("saveConsultationNote").as(doctor).path("visitId", visitId)
                .header("If-Match", emptyNote.headers().firstValue("ETag").orElseThrow()).body(note).send();
        assertThat(saved.statusCode()).isEqualTo(200);

        // a prescription from the catalog, and a lab test
        String medicineId = ok(api.call("listMedicines").as(doctor).query("q", "dayzith").send()).at("/items/0/id").asText();
        assertThat(medicineId).isEqualTo(json(medicine).get("id").asText());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("medicineId", medicineId);
        item.put("dose", "1 tablet");
        item.put("frequency", "once a day");
        item.put("durationDays", 3);
        HttpResponse<String> prescribed = api.call("createPrescription").as(doctor)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("visitId", visitId, "items", List.of(item), "advice", "Plenty of fluids.")).send();
        assertThat(prescribed.statusCode()).isEqualTo(201);
        String prescriptionId = json(prescribed).get("id").asText();

        String labTestId = ok(api.call("listLabTests").as(doctor).query("q", "day platelet").send()).at("/items/0/id").asText();
        assertThat(labTestId).isEqualTo(json(test).get("id").asText());
        HttpResponse<String> ordered = api.call("orderTests").as(doctor)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("visitId", visitId, "labTestIds", List.of(labTestId), "clinicalNotes", "Suspected dengue"))
                .send();
        assertThat(ordered.statusCode()).isEqualTo(201);
        String orderId = json(ordered).at("/orders/0/id").asText();

        ok(api.call("completeConsultation").as(doctor).path("visitId", visitId).send());
        JsonNode visits = ok(api.call("listPatientVisits").as(doctor).path("patientId", patientId).send());
        assertThat(visits.at("/items/0/status").asText()).isEqualTo("completed");

        // the lab: the work list, the sample, the report file, the values; the order completes
        JsonNode workList = ok(api.call("listTestOrders").as(lab).query("limit", 100).send());
        assertThat(workList.get("items").findValuesAsText("id")).contains(orderId);
        ok(api.call("collectSample").as(lab).path("orderId", orderId).send());
        HttpResponse<String> attached = api.call("uploadTestReport").as(lab).path("orderId", orderId)
                .rawBody("multipart/form-data; boundary=" + BOUNDARY, HttpRequest.BodyPublishers.ofByteArray(report()))
                .send();
        assertThat(attached.statusCode()).as(attached.body()).isEqualTo(200);
        HttpResponse<String> order = api.call("getTestOrder").as(lab).path("orderId", orderId).send();
        String parameterId = ok(order).at("/parameters/0/id").asText();
        HttpResponse<String> resulted = api.call("enterResults").as(lab).path("orderId", orderId)
                .header("If-Match", order.headers().firstValue("ETag").orElseThrow())
                .body(Map.of("results", List.of(Map.of("parameterId", parameterId, "value", 92)),
                        "remarks", "Low platelets", "complete", true))
                .send();
        assertThat(ok(resulted).get("status").asText()).isEqualTo("completed");
        HttpResponse<String> download = api.call("downloadTestReport").as(lab).path("orderId", orderId).send();
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).startsWith("%PDF-");

        // the doctor reads it all back in the patient's record: the low value flagged
        JsonNode reports = ok(api.call("listPatientTestReports").as(doctor).path("patientId", patientId).send());
        assertThat(reports.get("items")).hasSize(1);
        assertThat(reports.at("/items/0/hasReportFile").asBoolean()).isTrue();
        assertThat(reports.at("/items/0/results/0/parameter").asText()).isEqualTo("Platelets");
        assertThat(reports.at("/items/0/results/0/value").asText()).isEqualTo("92");
        assertThat(reports.at("/items/0/results/0/outOfRange").asBoolean()).as("below 150").isTrue();
        JsonNode prescriptions = ok(api.call("listPatientPrescriptions").as(doctor).path("patientId", patientId).send());
        assertThat(prescriptions.at("/items/0/id").asText()).isEqualTo(prescriptionId);
        assertThat(ok(api.call("getPrescription").as(doctor).path("prescriptionId", prescriptionId).send())
                .at("/items/0/medicineId").asText()).isEqualTo(medicineId);

        assertThat(audited()).as("the day's writes and reads are in the audit log").isGreaterThan(auditedBefore + 15);
    }

    private static final String BOUNDARY = "santkrupa-day-" + UUID.randomUUID();

    /** The lab's report as multipart/form-data: a (minimal) PDF in the field the document names. */
    private static byte[] report() {
        String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"report\"; filename=\"platelets.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n% platelet count\n%%EOF\n\r\n--" + BOUNDARY + "--\r\n";
        return part.getBytes(StandardCharsets.US_ASCII);
    }

    private static String signIn(Role role) throws Exception {
        String username = WebFixture.USERNAMES.get(role);
        HttpResponse<String> tokens = api.call("signIn")
                .body(Map.of("username", username, "password", WebFixture.password(username))).send();
        assertThat(tokens.statusCode()).isEqualTo(200);
        return json(tokens).get("accessToken").asText();
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": "
                + response.body()).isEqualTo(200);
        return json(response);
    }

    private static int audited() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value())));
    }
}
