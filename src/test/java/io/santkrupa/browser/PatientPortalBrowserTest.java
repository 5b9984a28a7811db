package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReportFileContent;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole invitation in Chromium: the doctor uploads a document from the chart; the desk invites
 * the patient and gets the printable invitation; the patient opens the link in a fresh browser on a
 * 390 px phone, chooses a username and password, signs in, sees their record and downloads the
 * document byte for byte. Then the clinic admin invites another patient found by code, and that
 * patient types the code on the page the sign-in page links to. Screenshots at 1366 and 390 px in
 * target/screenshots/portal-*.png; at 390 px no page scrolls sideways.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientPortalBrowserTest {

    private static final byte[] PDF = ReportFileContent.pdf(150_000);
    private static final String PASSWORD = "jasmine by the temple steps";

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
    void the_desk_invites_and_the_patient_on_a_phone_sets_a_password_signs_in_and_downloads_a_document()
            throws IOException {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Kavita", null);
        String chart = "/clinic/" + clinic.slug() + "/patients/" + patient;
        Path file = Files.write(Files.createTempDirectory("santkrupa-portal").resolve("thyroid-report.pdf"), PDF);

        // the doctor attaches an outside lab's report to the chart
        WebDriver doctor = browser(1366, 1000, null);
        signIn(doctor, "doctor", WebFixture.password("doctor"));
        doctor.get(server.url(chart));
        doctor.findElement(By.xpath("//summary[normalize-space()='Upload a document']")).click();
        doctor.findElement(By.id("document-title")).sendKeys("Thyroid profile, Metro Lab");
        new Select(doctor.findElement(By.id("document-type"))).selectByValue("lab");
        doctor.findElement(By.id("document-file")).sendKeys(file.toString());
        HeadlessChromium.clickAndLoad(doctor, By.xpath("//form[contains(@action,'/documents')]//button[normalize-space()='Upload']"));
        assertThat(doctor.getPageSource()).contains("Document uploaded").contains("Thyroid profile, Metro Lab");
        scrollTo(doctor, By.id("documents"));
        HeadlessChromium.screenshot(doctor, "portal-01-doctor-chart-documents-1366");

        // the desk: the chart says "no portal access"; at a phone's width too
        WebDriver desk = browser(1366, 1000, null);
        signIn(desk, "reception", WebFixture.password("reception"));
        desk.get(server.url(chart));
        assertThat(desk.findElement(By.id("portal-state")).getText()).isEqualTo("No portal access");
        scrollTo(desk, By.id("portal-heading"));
        HeadlessChromium.screenshot(desk, "portal-02-desk-chart-1366");
        phoneWidth(desk);
        scrollTo(desk, By.id("portal-heading"));
        assertNoSidewaysScroll(desk);
        assertInsideViewport(desk, By.xpath("//button[normalize-space()='Invite to the portal']"));
        HeadlessChromium.screenshot(desk, "portal-03-desk-chart-390");
        desktopWidth(desk);

        HeadlessChromium.clickAndLoad(desk, By.xpath("//button[normalize-space()='Invite to the portal']"));
        assertThat(desk.getPageSource()).contains("Shown only now");
        String link = desk.findElement(By.id("invitation-link")).getAttribute("href");
        String code = desk.findElement(By.id("invitation-code")).getText();
        assertThat(link).startsWith(server.url("/clinic/" + clinic.slug() + "/welcome/"));
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(desk.findElement(By.cssSelector("figure.qr svg")).isDisplayed()).isTrue();
        HeadlessChromium.screenshot(desk, "portal-04-invitation-1366");
        phoneWidth(desk);
        assertNoSidewaysScroll(desk);
        HeadlessChromium.screenshot(desk, "portal-05-invitation-390");
        scrollTo(desk, By.id("invitation-code"));
        HeadlessChromium.screenshot(desk, "portal-06-invitation-code-390");

        // the patient, in a browser of her own on a phone
        Path downloads = Files.createTempDirectory("santkrupa-portal-downloads");
        WebDriver phone = browser(390, 844, downloads);
        phone.get(link);
        WebElement username = phone.findElement(By.id("username"));
        assertThat(username.getAttribute("value")).startsWith("pt-");
        assertNoSidewaysScroll(phone);
        HeadlessChromium.screenshot(phone, "portal-07-welcome-390");
        username.clear();
        username.sendKeys("kavita.kale");
        phone.findElement(By.id("password")).sendKeys(PASSWORD);
        phone.findElement(By.id("password_confirm")).sendKeys(PASSWORD);
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        assertThat(phone.getPageSource()).contains("Your password is set");
        assertThat(phone.findElement(By.id("username")).getAttribute("value")).isEqualTo("kavita.kale");
        HeadlessChromium.screenshot(phone, "portal-08-sign-in-390");
        phone.findElement(By.id("password")).sendKeys(PASSWORD);
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        HeadlessChromium.clickAndLoad(phone, By.linkText("See my record"));
        assertThat(phone.findElement(By.tagName("h1")).getText()).contains("Kavita Kale");
        assertNoSidewaysScroll(phone);
        HeadlessChromium.screenshot(phone, "portal-09-my-record-390");
        scrollTo(phone, By.id("documents"));
        HeadlessChromium.screenshot(phone, "portal-10-my-record-documents-390");
        assertInsideViewport(phone, By.linkText("Thyroid profile, Metro Lab"));
        phone.findElement(By.linkText("Thyroid profile, Metro Lab")).click();
        assertThat(HeadlessChromium.awaitDownload(downloads, "thyroid-report.pdf")).isEqualTo(PDF);

        // the desk sees the access active
        desktopWidth(desk);
        desk.get(server.url(chart));
        assertThat(desk.findElement(By.id("portal-state")).getText()).isEqualTo("Active");
        assertThat(desk.getPageSource()).contains("kavita.kale");
    }

    @Test
    void the_admin_invites_by_patient_code_and_the_patient_types_the_code_from_the_sign_in_page() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Rahul", null);
        String patientCode = db.tenants().inClinic(clinic.id(), tx -> tx.select(
                        io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.CODE).from(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT)
                .where(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.ID.eq(patient)).fetchSingle().value1());

        WebDriver admin = browser(1366, 1000, null);
        signIn(admin, "admin", WebFixture.password("admin"));
        HeadlessChromium.clickAndLoad(admin, By.linkText("Patient portal"));
        admin.findElement(By.id("code")).sendKeys(patientCode.toLowerCase());
        HeadlessChromium.clickAndLoad(admin, By.xpath("//button[normalize-space()='Open']"));
        assertThat(admin.findElement(By.tagName("h1")).getText()).contains("Rahul Kale");
        HeadlessChromium.clickAndLoad(admin, By.xpath("//button[normalize-space()='Invite to the portal']"));
        String code = admin.findElement(By.id("invitation-code")).getText();
        String offered = admin.findElement(By.id("invitation-username")).getText();
        HeadlessChromium.clickAndLoad(admin, By.linkText("Back to the patient"));
        assertThat(admin.findElement(By.id("portal-state")).getText()).isEqualTo("Invited");
        HeadlessChromium.screenshot(admin, "portal-11-admin-patient-portal-1366");
        admin.get(server.url("/clinic/" + clinic.slug() + "/portal"));
        assertThat(admin.getPageSource()).contains("Rahul Kale");
        HeadlessChromium.screenshot(admin, "portal-12-admin-portal-list-1366");
        phoneWidth(admin);
        assertNoSidewaysScroll(admin);
        HeadlessChromium.screenshot(admin, "portal-13-admin-portal-list-390");

        WebDriver phone = browser(390, 844, null);
        phone.get(server.url("/clinic/" + clinic.slug() + "/login"));
        HeadlessChromium.clickAndLoad(phone, By.linkText("Use your invitation code"));
        phone.findElement(By.id("code")).sendKeys("not-a-code");
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        assertThat(phone.findElement(By.id("code-error")).getText()).contains("A code has 12 letters and digits");
        assertNoSidewaysScroll(phone);
        HeadlessChromium.screenshot(phone, "portal-14-code-refused-390");
        phone.findElement(By.id("code")).clear();
        phone.findElement(By.id("code")).sendKeys(code.toLowerCase().replace("-", " "));
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        assertThat(phone.findElement(By.id("username")).getAttribute("value")).isEqualTo(offered);
        phone.findElement(By.id("password")).sendKeys(PASSWORD);
        phone.findElement(By.id("password_confirm")).sendKeys(PASSWORD);
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        phone.findElement(By.id("password")).sendKeys(PASSWORD);
        HeadlessChromium.clickAndLoad(phone, By.cssSelector("main form button[type=submit]"));
        phone.get(server.url("/clinic/" + clinic.slug() + "/my-record"));
        assertThat(phone.findElement(By.tagName("h1")).getText()).contains("Rahul Kale");
    }

    /** A browser at {@code width}; below Chromium's 500 px window minimum, a phone's viewport is emulated. */
    private WebDriver browser(int width, int height, Path downloads) {
        WebDriver driver = downloads == null ? HeadlessChromium.start(Math.max(width, 500), height)
                : HeadlessChromium.startDownloadingTo(Math.max(width, 500), height, downloads);
        drivers.add(driver);
        if (width < 500) {
            phoneWidth(driver);
        }
        return driver;
    }

    private static void phoneWidth(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    private static void desktopWidth(WebDriver driver) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private static void scrollTo(WebDriver driver, By target) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                driver.findElement(target));
    }

    private static void assertNoSidewaysScroll(WebDriver driver) {
        Number scrollWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth");
        assertThat(scrollWidth.intValue()).as(driver.getCurrentUrl() + " scrolls sideways").isLessThanOrEqualTo(390);
    }

    /** The element's box lies within the 390 px viewport's width: nothing clipped at the right. */
    private static void assertInsideViewport(WebDriver driver, By target) {
        Map<?, ?> box = (Map<?, ?>) ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return {left: r.left, right: r.right, "
                        + "width: document.documentElement.clientWidth};", driver.findElement(target));
        double left = ((Number) box.get("left")).doubleValue();
        double right = ((Number) box.get("right")).doubleValue();
        double width = ((Number) box.get("width")).doubleValue();
        assertThat(left).as(target + " left edge").isGreaterThanOrEqualTo(0);
        assertThat(right).as(target + " right edge").isLessThanOrEqualTo(width);
    }

    private static void signIn(WebDriver browser, String username, String password) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }
}
