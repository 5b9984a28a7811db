package io.santkrupa.patient;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.StoredFiles;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents on the record pages: the doctor uploads one from the chart -- checked like the API's
 * uploads, each refusal at its field with nothing stored -- it appears on the chart and on the
 * patient's own record, and downloads (audited) give the stored bytes to the doctor and to that
 * patient only.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientDocumentPagesTest {

    private static final byte[] PDF = ReportFileContent.pdf(120_000);
    private static final Pattern DOCUMENT_LINK = Pattern.compile("href=\"(/clinic/[a-z0-9-]+/(?:patients/[0-9a-f-]+|my-record)"
            + "/documents/([0-9a-f-]+)/file)\">([^<]*)</a>");

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

    private static String chart(UUID patient) {
        return "/clinic/" + clinic.slug() + "/patients/" + patient;
    }

    private static Map<String, String> fields(String title, String type, String date, String notes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("reportType", type);
        fields.put("reportDate", date);
        fields.put("notes", notes);
        return fields;
    }

    private static HttpResponse<String> upload(TestBrowser doctor, UUID patient, Map<String, String> fields,
                                               String fileName, byte[] content) {
        doctor.get(chart(patient));
        return doctor.postFile(chart(patient) + "/documents", fields, "file", fileName, "application/pdf", content);
    }

    private static int documentsOf(UUID patient) {
        return db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(MEDICAL_REPORT,
                MEDICAL_REPORT.CLINIC_ID.eq(clinic.id().value()), MEDICAL_REPORT.PATIENT_ID.eq(patient)));
    }

    private static int audits(String action, UUID entity) {
        return db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT,
                AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action),
                AUDIT_EVENT.ENTITY_ID.eq(entity)));
    }

    @Test
    void the_doctor_uploads_from_the_chart_and_the_doctor_and_the_patient_download_it_audited() {
        UUID patient = clinic.row("patient"); // the fixture's Asha, who signs in as "asha"
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        assertThat(doctor.get(chart(patient)).body()).contains("Upload a document");

        HttpResponse<String> uploaded = upload(doctor, patient, fields("Discharge summary, City Hospital",
                "discharge_summary", "2026-02-11", "Admitted for dengue"), "discharge summary.pdf", PDF);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        assertThat(uploaded.headers().firstValue("Location")).hasValue(chart(patient) + "?document=uploaded#documents");

        String page = doctor.get(chart(patient) + "?document=uploaded").body();
        assertThat(page).contains("Document uploaded").contains("Discharge summary, City Hospital")
                .contains("discharge summary.pdf").contains(Math.round(PDF.length / 1024.0) + " KB").contains("Admitted for dengue");
        Matcher staffLink = DOCUMENT_LINK.matcher(page);
        String document = null;
        while (staffLink.find()) {
            if (staffLink.group(3).equals("Discharge summary, City Hospital")) {
                document = staffLink.group(2);
                assertThat(doctor.download(staffLink.group(1)).body()).isEqualTo(PDF);
            }
        }
        assertThat(document).as("a download link on the chart").isNotNull();
        UUID documentId = UUID.fromString(document);
        assertThat(audits("document.upload", documentId)).isEqualTo(1);
        assertThat(audits("document.download", documentId)).isEqualTo(1);

        TestBrowser asha = ApiClient.signedIn(server, clinic, Role.PATIENT);
        String own = asha.get("/clinic/" + clinic.slug() + "/my-record").body();
        assertThat(own).contains("Discharge summary, City Hospital").doesNotContain("Upload a document");
        String ownPath = "/clinic/" + clinic.slug() + "/my-record/documents/" + documentId + "/file";
        assertThat(own).contains("href=\"" + ownPath + "\"");
        HttpResponse<byte[]> download = asha.download(ownPath);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment;").contains("discharge%20summary.pdf"));
        assertThat(audits("document.download", documentId)).isEqualTo(2);
    }

    @Test
    void another_patient_of_the_same_clinic_gets_the_404_of_an_unknown_document() {
        UUID asha = clinic.row("patient");
        UUID document = clinic.row("medical_report");
        ConsultationFixture.patient(db, server.hasher, clinic, "Omkar", "omkar");
        TestBrowser omkar = server.browser();
        assertThat(omkar.signIn(clinic.slug(), "omkar", WebFixture.password("omkar")).statusCode()).isEqualTo(303);

        HttpResponse<byte[]> foreign = omkar.download("/clinic/" + clinic.slug() + "/my-record/documents/" + document + "/file");
        HttpResponse<byte[]> unknown = omkar.download("/clinic/" + clinic.slug() + "/my-record/documents/" + UUID.randomUUID()
                + "/file");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
        assertThat(omkar.get("/clinic/" + clinic.slug() + "/my-record").body()).doesNotContain(document.toString());
        // a doctor's URL with another patient's id does not serve the document either
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        UUID someoneElse = ConsultationFixture.patient(db, server.hasher, clinic, "Varun", null);
        assertThat(doctor.download(chart(someoneElse) + "/documents/" + document + "/file").statusCode()).isEqualTo(404);
        assertThat(doctor.download(chart(asha) + "/documents/" + document + "/file").statusCode()).isEqualTo(200);
    }

    @Test
    void a_refused_upload_says_why_at_its_field_keeps_what_was_typed_and_stores_nothing() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Sneha", null);
        TestBrowser doctor = ApiClient.signedIn(server, clinic, Role.DOCTOR);
        int files = StoredFiles.count(db, clinic);

        HttpResponse<String> noTitle = upload(doctor, patient, fields("", "imaging", "", "Left knee"), "knee.pdf", PDF);
        assertThat(noTitle.statusCode()).isEqualTo(422);
        assertThat(noTitle.body()).contains("id=\"document-title-error\"").contains("Give the document a title")
                .contains("Left knee").contains("<details open");

        byte[] disguised = "MZ this is a program, not a report".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> spoofed = upload(doctor, patient, fields("Knee X-ray", "imaging", "", ""), "knee.pdf",
                disguised);
        assertThat(spoofed.statusCode()).isEqualTo(422);
        assertThat(spoofed.body()).contains("id=\"document-file-error\"")
                .contains("Only PDF, PNG, JPEG and WebP files can be uploaded").contains("value=\"Knee X-ray\"");

        HttpResponse<String> tooLarge = upload(doctor, patient, fields("Knee MRI", "imaging", "", ""), "mri.pdf",
                ReportFileContent.pdf(10 * 1024 * 1024 + 10));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("The file is larger than 10 MB");

        HttpResponse<String> future = upload(doctor, patient, fields("Knee X-ray", "imaging", "2999-01-01", ""),
                "knee.pdf", PDF);
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(future.body()).contains("id=\"document-date-error\"").contains("cannot be in the future");

        HttpResponse<String> badType = upload(doctor, patient, fields("Knee X-ray", "video", "", ""), "knee.pdf", PDF);
        assertThat(badType.statusCode()).isEqualTo(422);
        assertThat(badType.body()).contains("id=\"document-type-error\"");

        doctor.get(chart(patient));
        HttpResponse<String> noFile = doctor.post(chart(patient) + "/documents", fields("Knee X-ray", "imaging", "", ""));
        assertThat(noFile.statusCode()).isEqualTo(422);
        assertThat(noFile.body()).contains("Choose the document");

        assertThat(documentsOf(patient)).isZero();
        assertThat(StoredFiles.count(db, clinic)).isEqualTo(files);
    }

    @Test
    void the_desk_and_the_lab_upload_nothing_and_the_desk_sees_no_documents() {
        UUID patient = clinic.row("patient");
        int before = documentsOf(patient);
        for (Role role : List.of(Role.RECEPTIONIST, Role.LAB_TECHNICIAN, Role.CLINIC_ADMIN, Role.PATIENT)) {
            TestBrowser browser = ApiClient.signedIn(server, clinic, role);
            HttpResponse<String> refused = browser.postFile(chart(patient) + "/documents",
                    fields("Scan", "imaging", "", ""), "file", "scan.pdf", "application/pdf", PDF);
            assertThat(refused.statusCode()).as(role.toString()).isEqualTo(403);
        }
        assertThat(documentsOf(patient)).isEqualTo(before);
        String deskChart = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST).get(chart(patient)).body();
        assertThat(deskChart).doesNotContain("id=\"documents\"").doesNotContain("/documents/");
    }
}
