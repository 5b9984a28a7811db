package io.santkrupa.browser;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.LogoImages;
import io.santkrupa.testing.TestBrowser;
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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic admin's pages in Chromium, with a month of a clinic's records: the logo uploaded in
 * Settings shows beside the clinic's name in the header; the audit log names a patient's records
 * by the patient and opens their events, and a "from" after "to" is a message at the field; the
 * analytics charts span their column with readable axis values. At 1366 px and at 390 px, where
 * nothing scrolls sideways and no action is cut off. Screenshots in target/screenshots/admin-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class AdminPagesBrowserTest {

    /** Every action on the page: inside the screen across, the page not wider than the screen. */
    private static final String CUT_OFF = """
            const vw = document.documentElement.clientWidth;
            const problems = [];
            if (document.documentElement.scrollWidth > vw + 1) {
              problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide');
            }
            for (const el of document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), '
                + 'main select, main summary, header a[href], header button, header img')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) continue;
              if (r.left < -1 || r.right > vw + 1) {
                problems.push(el.tagName + ' "' + (el.innerText || el.alt || el.name || '').trim().slice(0, 30)
                    + '" outside the screen (' + Math.round(r.left) + '..' + Math.round(r.right) + ')');
              }
            }
            return problems;
            """;

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static String name;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        name = "Test Clinic " + clinic.slug().substring("test-".length());
        db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).setNull(CLINIC.LOGO_FILE_ID)
                .where(CLINIC.ID.eq(clinic.id().value())).execute());
        aMonthOfVisits();
        // the doctor opens Asha's chart: an event about her in the log
        TestBrowser doctor = server.browser();
        doctor.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        doctor.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void the_admin_uploads_the_logo_reads_the_audit_log_and_the_analytics_at_1366_and_390_px() throws IOException {
        WebDriver desk = browser(1366, 900);
        signIn(desk);

        // Settings: the logo, uploaded as a person does, through the file field
        desk.get(server.url("/clinic/" + clinic.slug() + "/settings#logo"));
        Path file = Files.createTempFile("clinic-logo", ".png");
        Files.write(file, LogoImages.png(240, 80));
        desk.findElement(By.id("logo-file")).sendKeys(file.toAbsolutePath().toString());
        HeadlessChromium.clickAndLoad(desk, By.cssSelector("#logo form button[type=submit]"));
        assertThat(desk.findElement(By.cssSelector("#logo p.notice")).getText())
                .isEqualTo("The clinic's logo was saved: it shows in the page header.");
        assertThat(headerLogoShown(desk)).as("the header's logo is loaded and drawn").isTrue();
        assertThat(desk.findElement(By.cssSelector("header li.clinic-brand")).getText()).isEqualTo(name);
        shot(desk, "1366", "1-settings-logo");

        // the audit log: Asha's record by her name, its link the events about her
        desk.findElement(By.linkText("Audit log")).click();
        new WebDriverWait(desk, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Audit log"));
        WebElement asha = desk.findElement(By.xpath("//td[@data-label='Record']/a[starts-with(., 'Asha Patil (PT-')]"));
        assertThat(asha.getAttribute("title")).isEqualTo("Its events in this log");
        assertThat(desk.findElement(By.cssSelector("table.audit-log")).getText()).contains("Opened a patient's record")
                .doesNotContain("patient 0");
        shot(desk, "1366", "2-audit-log");
        HeadlessChromium.clickAndLoad(desk, By.xpath("//td[@data-label='Record']/a[starts-with(., 'Asha Patil (PT-')]"));
        assertThat(desk.findElement(By.cssSelector("main p.notice")).getText())
                .startsWith("Only the events about one record: Patient Asha Patil (PT-");
        // a "from" after "to": its message at the field, nothing listed
        setDate(desk, "from", "2026-12-05");
        setDate(desk, "to", "2026-12-04");
        HeadlessChromium.clickAndLoad(desk, By.cssSelector("form.filters button[type=submit]"));
        assertThat(desk.findElement(By.id("to-error")).getText())
                .isEqualTo("\u201cTo\u201d (4 Dec 2026) is before \u201cFrom\u201d (5 Dec 2026): no day is in between. "
                        + "Swap them, or clear one.");
        assertThat(desk.findElement(By.id("to")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(desk.findElements(By.cssSelector("table.audit-log"))).isEmpty();
        shot(desk, "1366", "3-audit-log-dates-refused");

        // analytics: five charts, each as wide as its column, the axis values legible
        desk.findElement(By.linkText("Analytics")).click();
        new WebDriverWait(desk, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Analytics"));
        assertThat(desk.findElements(By.cssSelector("svg[role=img]"))).hasSize(5);
        assertCharts(desk, 550);
        shot(desk, "1366", "4-analytics");

        // the same on a phone
        WebDriver phone = browser(390, 844);
        signIn(phone);
        assertThat(headerLogoShown(phone)).isTrue();
        shot(phone, "390", "5-home");
        phone.get(server.url("/clinic/" + clinic.slug() + "/audit"));
        assertThat(phone.findElements(By.xpath("//td[@data-label='Record']/a[starts-with(., 'Asha Patil (PT-')]"))).isNotEmpty();
        shot(phone, "390", "6-audit-log");
        phone.get(server.url("/clinic/" + clinic.slug() + "/analytics"));
        assertCharts(phone, 250);
        shot(phone, "390", "7-analytics");
        phone.get(server.url("/clinic/" + clinic.slug() + "/settings#logo"));
        shot(phone, "390", "8-settings");
    }

    /** Each chart's drawing as wide as its column (at least {@code minWidth} px), its axis values at 12 px. */
    private static void assertCharts(WebDriver driver, int minWidth) {
        for (WebElement plot : driver.findElements(By.cssSelector("svg.plot"))) {
            WebElement figure = plot.findElement(By.xpath("ancestor::figure"));
            assertThat(plot.getRect().getWidth()).as(plot.getAttribute("aria-labelledby") + " width")
                    .isGreaterThanOrEqualTo(minWidth)
                    .isGreaterThanOrEqualTo(figure.getRect().getWidth() - 48);
        }
        List<WebElement> axis = driver.findElements(By.cssSelector("svg.y-axis text"));
        assertThat(axis).hasSizeGreaterThanOrEqualTo(9); // three charts over time, three or more values each
        for (WebElement value : axis) {
            assertThat(value.getCssValue("font-size")).isEqualTo("12px");
        }
        assertThat(driver.findElements(By.cssSelector("svg.plot:not(.ranking) text"))).as("labels across")
                .hasSizeGreaterThanOrEqualTo(9);
    }

    private static boolean headerLogoShown(WebDriver driver) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "const img = document.querySelector('header img.clinic-logo');"
                        + "return img !== null && img.complete && img.naturalWidth === 240 && img.getBoundingClientRect().height > 20;");
    }

    private static void setDate(WebDriver driver, String id, String value) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }

    /** A month of visits: a few seen each day, a no-show every fourth day, a cancellation every sixth, new patients. */
    private static void aMonthOfVisits() {
        LocalDate today = server.clock.clinicToday();
        db.tenants().inClinic(clinic.id(), tx -> {
            int token = 500;
            for (int d = 1; d < 30; d++) {
                LocalDate day = today.minusDays(d);
                List<String> statuses = new ArrayList<>();
                for (int i = 0; i < 2 + (d * 7) % 5; i++) {
                    statuses.add("completed");
                }
                if (d % 4 == 0) {
                    statuses.add("no_show");
                }
                if (d % 6 == 0) {
                    statuses.add("cancelled");
                }
                for (String status : statuses) {
                    tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, clinic.id().value())
                            .set(PATIENT_VISIT.ID, Ids.newId()).set(PATIENT_VISIT.PATIENT_ID, clinic.row("patient"))
                            .set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor")).set(PATIENT_VISIT.VISIT_DATE, day)
                            .set(PATIENT_VISIT.TOKEN_NUMBER, token++).set(PATIENT_VISIT.STATUS, status)
                            .execute();
                }
                if (d % 3 == 0) {
                    UUID patient = Ids.newId();
                    tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, patient)
                            .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + (700 + d))
                            .set(PATIENT.FIRST_NAME, "Meera").set(PATIENT.LAST_NAME, "Joshi " + d)
                            .set(PATIENT.GENDER, "female")
                            .set(PATIENT.REGISTERED_AT, day.atTime(11, 0).atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                            .execute();
                }
            }
            return null;
        });
    }

    private WebDriver browser(int width, int height) {
        WebDriver driver = HeadlessChromium.start(Math.max(width, 500), height);
        drivers.add(driver);
        if (width < 500) {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    private static void signIn(WebDriver driver) {
        driver.get(server.url("/clinic/" + clinic.slug() + "/login"));
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(WebFixture.password("admin"));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    /** Saves the whole page, after checking that nothing scrolls sideways and no action is off the screen. */
    private static void shot(WebDriver driver, String width, String page) {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) ((JavascriptExecutor) driver).executeScript(CUT_OFF);
        assertThat(problems).as(page + " at " + width + " px").isEmpty();
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        int w = Integer.parseInt(width);
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", w, "height", (int) Math.min(height, 5000), "deviceScaleFactor", 1, "mobile", w < 500));
        HeadlessChromium.screenshot(driver, "admin-" + width + "-" + page);
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", w, "height", 844, "deviceScaleFactor", 1, "mobile", w < 500));
    }
}
