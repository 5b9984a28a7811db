package io.santkrupa.browser;

import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.StoredFiles;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report files of a realistic size (150 KB) downloaded by Chromium itself -- which, like every
 * browser, asks for gzip, br and zstd -- from the pages people use: the lab technician attaches a
 * PDF to one order and a PNG (replacing a first PDF) to another and downloads each; the doctor
 * downloads both from the chart; the patient, on a phone, from her own record; and a document
 * comes through the API. Every file Chromium saves is byte for byte the one uploaded.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReportDownloadBrowserTest {

    private static final byte[] PDF = ReportFileContent.pdf(150_000);
    private static final byte[] PNG = ReportFileContent.png(150_000);

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private final List<WebDriver> drivers = new ArrayList<>();

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

    @AfterEach
    void quit() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void lab_doctor_and_patient_download_a_150_kb_pdf_and_png_exactly_as_uploaded() throws IOException {
        Path uploads = Files.createTempDirectory("santkrupa-uploads");
        Path pdf = Files.write(uploads.resolve("haemoglobin-report.pdf"), PDF);
        Path png = Files.write(uploads.resolve("blood-smear.png"), PNG);
        Path draft = Files.write(uploads.resolve("draft-report.pdf"), ReportFileContent.pdf(20_000));
        UUID pdfOrder = newOrder();
        UUID pngOrder = newOrder();
        String base = "/clinic/" + clinic.slug();

        // the lab: attach the PDF to one order; a draft PDF to the other, then replace it with the PNG
        Path labDownloads = Files.createTempDirectory("santkrupa-lab-downloads");
        WebDriver lab = browser(1366, 900, labDownloads);
        signIn(lab, "lab");
        attach(lab, base + "/lab/orders/" + pdfOrder, pdf);
        lab.findElement(By.linkText("Download haemoglobin-report.pdf")).click();
        assertThat(HeadlessChromium.awaitDownload(labDownloads, "haemoglobin-report.pdf")).isEqualTo(PDF);

        attach(lab, base + "/lab/orders/" + pngOrder, draft);
        int filesBeforeReplacing = StoredFiles.count(db, clinic);
        lab.findElement(By.name("report")).sendKeys(png.toString());
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Upload']"));
        assertThat(lab.getPageSource()).contains("Report file attached.").contains("Download blood-smear.png")
                .doesNotContain("draft-report.pdf");
        assertThat(StoredFiles.count(db, clinic)).as("the draft was replaced, not kept").isEqualTo(filesBeforeReplacing);
        scrollTo(lab, By.id("report-heading"));
        HeadlessChromium.screenshot(lab, "downloads-01-lab-order-replaced-1366");
        phoneWidth(lab);
        lab.navigate().refresh();
        scrollTo(lab, By.id("report-heading"));
        HeadlessChromium.screenshot(lab, "downloads-02-lab-order-replaced-390");
        lab.findElement(By.linkText("Download blood-smear.png")).click();
        assertThat(HeadlessChromium.awaitDownload(labDownloads, "blood-smear.png")).isEqualTo(PNG);
        desktopWidth(lab);
        complete(lab, base + "/lab/orders/" + pdfOrder);
        complete(lab, base + "/lab/orders/" + pngOrder);

        // the doctor, from the patient's chart
        Path doctorDownloads = Files.createTempDirectory("santkrupa-doctor-downloads");
        WebDriver doctor = browser(1366, 900, doctorDownloads);
        signIn(doctor, "doctor");
        doctor.get(server.url(base + "/patients/" + clinic.row("patient")));
        doctor.findElement(By.partialLinkText("(haemoglobin-report.pdf)")).click();
        assertThat(HeadlessChromium.awaitDownload(doctorDownloads, "haemoglobin-report.pdf")).isEqualTo(PDF);
        doctor.findElement(By.partialLinkText("(blood-smear.png)")).click();
        assertThat(HeadlessChromium.awaitDownload(doctorDownloads, "blood-smear.png")).isEqualTo(PNG);

        // the patient, on a phone, from her own record
        Path patientDownloads = Files.createTempDirectory("santkrupa-patient-downloads");
        WebDriver patient = browser(390, 844, patientDownloads);
        signIn(patient, "asha");
        patient.get(server.url(base + "/my-record"));
        scrollTo(patient, By.partialLinkText("(blood-smear.png)"));
        HeadlessChromium.screenshot(patient, "downloads-03-patient-record-390");
        patient.findElement(By.partialLinkText("(haemoglobin-report.pdf)")).click();
        assertThat(HeadlessChromium.awaitDownload(patientDownloads, "haemoglobin-report.pdf")).isEqualTo(PDF);
        patient.findElement(By.partialLinkText("(blood-smear.png)")).click();
        assertThat(HeadlessChromium.awaitDownload(patientDownloads, "blood-smear.png")).isEqualTo(PNG);
    }

    /**
     * Documents have no page yet: an app reads them through the API with a bearer token. Chromium's
     * own fetch (Accept-Encoding: gzip, deflate, br, zstd) gets the stored bytes.
     */
    @Test
    void a_150_kb_document_comes_through_the_api_to_chromium_byte_for_byte() throws IOException {
        UUID document = newDocument("discharge-summary.pdf", "application/pdf", PDF);
        String token = ApiClient.token(server, db, clinic, Role.DOCTOR);
        WebDriver doctor = browser(1366, 900, Files.createTempDirectory("santkrupa-api-downloads"));
        // same origin as the API, so the fetch carries no CORS question
        doctor.get(server.url("/clinic/" + clinic.slug() + "/login"));

        Object fetched = ((JavascriptExecutor) doctor).executeAsyncScript("""
                const [url, token, done] = arguments;
                fetch(url, {headers: {Authorization: 'Bearer ' + token}})
                  .then(r => r.ok ? r.arrayBuffer() : Promise.reject('HTTP ' + r.status))
                  .then(buffer => {
                    const bytes = new Uint8Array(buffer);
                    let text = '';
                    for (let i = 0; i < bytes.length; i += 0x8000) {
                      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                    }
                    done(btoa(text));
                  })
                  .catch(error => done('failed: ' + error));
                """, server.url("/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient")
                + "/documents/" + document + "/file"), token);

        assertThat((String) fetched).doesNotStartWith("failed");
        assertThat(Base64.getDecoder().decode((String) fetched)).isEqualTo(PDF);
    }

    @Test
    void the_patient_search_shows_its_help_and_no_example_patient_at_desktop_and_phone_width() throws IOException {
        WebDriver reception = browser(1366, 900, Files.createTempDirectory("santkrupa-reception"));
        signIn(reception, "reception");
        reception.get(server.url("/clinic/" + clinic.slug() + "/patients?q=Nobody"));
        assertThat(reception.findElement(By.id("q-help")).isDisplayed()).isTrue();
        assertThat(reception.findElement(By.id("q")).getAttribute("placeholder")).isNullOrEmpty();
        HeadlessChromium.screenshot(reception, "downloads-04-patient-search-1366");
        phoneWidth(reception);
        reception.navigate().refresh();
        assertThat(reception.findElement(By.id("q-help")).getText()).contains("starts with PT-");
        assertThat(reception.getPageSource()).doesNotContain("PT-SUN").doesNotContain("Asha");
        HeadlessChromium.screenshot(reception, "downloads-05-patient-search-390");
    }

    /** A browser at {@code width}; below Chromium's 500 px window minimum, a phone's viewport is emulated. */
    private WebDriver browser(int width, int height, Path downloads) {
        WebDriver driver = HeadlessChromium.startDownloadingTo(Math.max(width, 500), height, downloads);
        drivers.add(driver);
        if (width < 500) {
            phoneWidth(driver);
        }
        return driver;
    }

    private static void scrollTo(WebDriver driver, By target) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                driver.findElement(target));
    }

    private static void phoneWidth(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    private static void desktopWidth(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** On the order's page: the sample collected, then {@code file} chosen and uploaded. */
    private static void attach(WebDriver lab, String orderPath, Path file) {
        lab.get(server.url(orderPath));
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Mark sample collected']"));
        lab.findElement(By.name("report")).sendKeys(file.toString());
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Upload']"));
        assertThat(lab.getPageSource()).contains("Report file attached.");
    }

    /** The order's value entered and the order completed, so its report is on the patient's record. */
    private static void complete(WebDriver lab, String orderPath) {
        lab.get(server.url(orderPath));
        lab.findElement(By.name("value_" + clinic.row("lab_test_parameter"))).sendKeys("11.2");
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Save and complete']"));
        assertThat(lab.getPageSource()).contains("Order completed.");
    }

    private static void signIn(WebDriver browser, String username) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(WebFixture.password(username));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    private static UUID newOrder() {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.ORDERED_AT, OffsetDateTime.now())
                .execute());
        return id;
    }

    /** A document of the fixture patient, stored as an upload would store it. */
    private static UUID newDocument(String fileName, String contentType, byte[] content) {
        UUID file = Ids.newId();
        UUID document = Ids.newId();
        UUID c = clinic.id().value();
        UUID doctor = ApiClient.userId(db, clinic.id(), "doctor");
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(STORED_FILE)
                    .set(STORED_FILE.CLINIC_ID, c).set(STORED_FILE.ID, file)
                    .set(STORED_FILE.FILE_NAME, fileName).set(STORED_FILE.CONTENT_TYPE, contentType)
                    .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                    .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, doctor)
                    .execute();
            return tx.insertInto(MEDICAL_REPORT)
                    .set(MEDICAL_REPORT.CLINIC_ID, c).set(MEDICAL_REPORT.ID, document)
                    .set(MEDICAL_REPORT.PATIENT_ID, clinic.row("patient")).set(MEDICAL_REPORT.FILE_ID, file)
                    .set(MEDICAL_REPORT.TITLE, "Discharge summary").set(MEDICAL_REPORT.REPORT_TYPE, "discharge_summary")
                    .set(MEDICAL_REPORT.UPLOADED_BY, doctor)
                    .execute();
        });
        return document;
    }
}
