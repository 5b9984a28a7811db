package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every route that answers a stored file -- read from Javalin's router -- downloaded the way a
 * browser asks for it ({@code Accept-Encoding: gzip, deflate, br, zstd}) and the way a plain
 * client does: a PDF just over one packet (1.5 KB), a 200 KB PDF and a 200 KB PNG each arrive
 * byte for byte, as an attachment with the stored name and type.
 */
@ExtendWith(TestDatabaseExtension.class)
class FileDownloadRoutesTest {

    /** What Chromium sends on every request. */
    private static final String BROWSER_ENCODINGS = "gzip, deflate, br, zstd";
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A stored file and the rows that point at it: an order's report and a patient's document. */
    private record Sample(String name, String fileName, String contentType, byte[] content, Map<String, UUID> ids) {
    }

    private static WebTestServer server;
    private static TestDatabase db;
    private static Clinic clinic;
    private static final List<Sample> SAMPLES = new ArrayList<>();
    /** Each role's signed-in session, as a Cookie header: one sign-in per role. */
    private static final Map<Role, String> COOKIES = new java.util.concurrent.ConcurrentHashMap<>();
    /** Who may call a route of each permission: a browser's cookies, or an access token. */
    private static final Map<Permission, Role> CALLER = Map.of(
            Permission.LAB_WORK, Role.LAB_TECHNICIAN,
            Permission.PATIENT_CLINICAL, Role.DOCTOR,
            Permission.OWN_RECORD, Role.PATIENT,
            Permission.PRINT_FOR_PATIENT, Role.RECEPTIONIST);

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        SAMPLES.add(sample("PDF of 1.5 KB", "blood count.pdf", "application/pdf", ReportFileContent.pdf(1_600)));
        SAMPLES.add(sample("PDF of 200 KB", "haemoglobin-2026.pdf", "application/pdf", ReportFileContent.pdf(200_000)));
        SAMPLES.add(sample("PNG of 200 KB", "x-ray scan.png", "image/png", ReportFileContent.png(200_000)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A route answers a file when it is a GET of a report or a file: every one of them is walked below. */
    private static boolean answersFile(Route route) {
        return route.isClinic() && route.isGet() && (route.path().endsWith("/report") || route.path().endsWith("/file"));
    }

    private static List<Route> fileRoutes() {
        return Routes.of(server.app()).stream().filter(FileDownloadRoutesTest::answersFile).toList();
    }

    @Test
    void the_router_has_ten_routes_that_answer_files() {
        assertThat(fileRoutes()).extracting(Route::toString).containsExactlyInAnyOrder(
                "GET /clinic/{slug}/lab/orders/{orderId}/report",
                "GET /clinic/{slug}/orders/{orderId}/report",
                "GET /clinic/{slug}/my-record/orders/{orderId}/report",
                "GET /clinic/{slug}/lab-reports/{orderId}/file",
                "GET /clinic/{slug}/api/v1/test-orders/{orderId}/report",
                "GET /clinic/{slug}/api/v1/my-record/test-reports/{orderId}/report",
                "GET /clinic/{slug}/api/v1/patients/{patientId}/documents/{reportId}/file",
                "GET /clinic/{slug}/patients/{patientId}/documents/{reportId}/file",
                "GET /clinic/{slug}/my-record/documents/{reportId}/file",
                "GET /clinic/{slug}/api/v1/my-record/documents/{reportId}/file");
    }

    @TestFactory
    Stream<DynamicTest> every_file_route_sends_the_stored_bytes_whatever_the_client_accepts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route route : fileRoutes()) {
            for (Sample sample : SAMPLES) {
                for (String encodings : List.of(BROWSER_ENCODINGS, "identity")) {
                    tests.add(dynamicTest(route + ", " + sample.name() + ", Accept-Encoding: " + encodings,
                            () -> downloads(route, sample, encodings)));
                }
            }
        }
        return tests.stream();
    }

    private static void downloads(Route route, Sample sample, String encodings) throws Exception {
        String path = route.concrete(clinic.slug(), name -> sample.ids().get(name).toString());
        Role role = CALLER.get(route.permission());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Accept-Encoding", encodings).GET();
        if (route.isApi()) {
            request.header("Authorization", "Bearer " + ApiClient.token(server, db, clinic, role));
        } else {
            request.header("Cookie", COOKIES.computeIfAbsent(role, r -> ApiClient.signedIn(server, clinic, r).cookies
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
        }
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as(path + " -> " + new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(sample.contentType());
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment;")
                        .contains("filename*=UTF-8''" + sample.fileName().replace(" ", "%20")));
        response.headers().firstValue("Content-Length").ifPresent(length ->
                assertThat(Integer.parseInt(length)).as("Content-Length").isEqualTo(response.body().length));
        assertThat(decoded(response)).as("the bytes as stored").isEqualTo(sample.content());
    }

    /** The body as the client reads it, after the Content-Encoding the server chose. */
    private static byte[] decoded(HttpResponse<byte[]> response) throws IOException {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
        return switch (encoding) {
            case "identity" -> response.body();
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
            default -> throw new AssertionError("unexpected Content-Encoding " + encoding);
        };
    }

    /**
     * Stores {@code content} in the fixture clinic as the report of a new completed order of the
     * fixture patient, and as a new document of the same patient.
     */
    private static Sample sample(String name, String fileName, String contentType, byte[] content) {
        UUID order = Ids.newId();
        UUID document = Ids.newId();
        UUID c = clinic.id().value();
        UUID uploadedBy = ApiClient.userId(db, clinic.id(), "doctor");
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        db.tenants().inClinic(clinic.id(), tx -> {
            UUID reportFile = storedFile(tx, c, fileName, contentType, content);
            UUID documentFile = storedFile(tx, c, fileName, contentType, content);
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, c).set(TEST_ORDER.ID, order)
                    .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                    .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.STATUS, "completed")
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, now).set(TEST_ORDER.COMPLETED_AT, now)
                    .set(TEST_ORDER.REPORT_FILE_ID, reportFile)
                    .execute();
            return tx.insertInto(MEDICAL_REPORT)
                    .set(MEDICAL_REPORT.CLINIC_ID, c).set(MEDICAL_REPORT.ID, document)
                    .set(MEDICAL_REPORT.PATIENT_ID, clinic.row("patient")).set(MEDICAL_REPORT.FILE_ID, documentFile)
                    .set(MEDICAL_REPORT.TITLE, name).set(MEDICAL_REPORT.REPORT_TYPE, "lab")
                    .set(MEDICAL_REPORT.UPLOADED_BY, uploadedBy)
                    .execute();
        });
        return new Sample(name, fileName, contentType, content,
                Map.of("orderId", order, "patientId", clinic.row("patient"), "reportId", document));
    }

    private static UUID storedFile(org.jooq.DSLContext tx, UUID clinicId, String fileName, String contentType,
                                   byte[] content) {
        UUID id = Ids.newId();
        tx.insertInto(STORED_FILE)
                .set(STORED_FILE.CLINIC_ID, clinicId).set(STORED_FILE.ID, id)
                .set(STORED_FILE.FILE_NAME, fileName).set(STORED_FILE.CONTENT_TYPE, contentType)
                .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                .set(STORED_FILE.CONTENT, content)
                .execute();
        return id;
    }
}
