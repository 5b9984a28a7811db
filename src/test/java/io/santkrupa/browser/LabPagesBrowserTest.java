package io.santkrupa.browser;

import io.santkrupa.lab.LabSeeds;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's pages in Chromium at a desktop's 1366 px and a phone's 390 px: the work list and its
 * history, an order's one form (a typed value survives "Upload"), the refusal that names a
 * missing value, a completed order with its flags and the correction form -- and on every page
 * no action is hidden or cut off sideways. Screenshots land in target/screenshots/lab-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabPagesBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void quit() {
        drivers.forEach(WebDriver::quit);
        drivers.clear();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1366, 390})
    void the_lab_works_its_list_an_order_and_a_correction_without_losing_text_or_actions(int width) throws IOException {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        UUID hb = clinic.row("lab_test_parameter");
        seeds.range(hb, 2, "female", 18, null, "years", "12.0", "15.5", "7.0", "20.0");
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID vikram = seeds.patient("Vikramaditya", "Deshpande-Kulkarni", "male", LocalDate.of(1964, 11, 21));
        UUID[] sugar = seeds.test("FBS", "Fasting blood sugar", "Glucose (fasting)", "mg/dL", "70", "100");
        seeds.range(sugar[1], 1, "any", 0, null, "years", "70", "100", "50", "400");
        seeds.order(vikram, sugar[0], now.minusHours(3), false);
        UUID working = seeds.order(clinic.row("patient"), clinic.row("lab_test"), now.minusHours(2), true);
        seeds.completed(vikram, sugar[0], sugar[1], "412", "critical_high", now.minusDays(1));
        String base = "/clinic/" + clinic.slug();

        WebDriver lab = browser(width);
        signIn(lab, clinic, "lab");
        String at = width + "";

        lab.get(server.url(base + "/lab"));
        assertThat(lab.findElement(By.cssSelector(".lab-tabs a[aria-current=page]")).getText()).isEqualTo("To do");
        assertThat(lab.getPageSource()).contains("Collect the sample").contains("Enter the results");
        assertEveryActionInView(lab, "work list");
        HeadlessChromium.screenshot(lab, "lab-01-work-list-" + at);

        lab.findElement(By.id("q")).sendKeys("vikram");
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Search']"));
        HeadlessChromium.clickAndLoad(lab, By.linkText("Completed"));
        assertThat(lab.getCurrentUrl()).contains("tab=completed").contains("q=vikram");
        assertThat(lab.getPageSource()).contains("Fasting blood sugar").contains("View results")
                .doesNotContain("Asha Patil");
        assertEveryActionInView(lab, "completed, searched");
        HeadlessChromium.screenshot(lab, "lab-02-completed-search-" + at);

        // the order: a typed value survives choosing and uploading the report
        lab.get(server.url(base + "/lab/orders/" + working));
        assertThat(leavingAsks(lab)).as("nothing typed yet").isFalse();
        String field = "value_" + hb;
        lab.findElement(By.name(field)).sendKeys("10.9");
        lab.findElement(By.name("remarks")).sendKeys("Pale sample");
        Path report = Files.write(Files.createTempDirectory("santkrupa-lab").resolve("hb-report.pdf"),
                ReportFileContent.pdf(20_000));
        lab.findElement(By.name("report")).sendKeys(report.toString());
        assertEveryActionInView(lab, "order form");
        HeadlessChromium.screenshot(lab, "lab-03-order-form-" + at);
        // leaving with typed changes asks first (the browser's own "Leave site?" question)
        assertThat(leavingAsks(lab)).as("typed, not sent").isTrue();
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Upload']"));
        assertThat(lab.getPageSource()).contains("Report file attached.").contains("Download hb-report.pdf");
        assertThat(lab.findElement(By.name(field)).getAttribute("value")).isEqualTo("10.9");
        assertThat(lab.findElement(By.name("remarks")).getAttribute("value")).isEqualTo("Pale sample");
        assertThat(lab.findElement(By.id("range_" + hb)).getText()).contains("Female, 18 years and over")
                .contains("Low");
        scrollTo(lab, By.id("report-heading"));
        HeadlessChromium.screenshot(lab, "lab-04-order-uploaded-" + at);

        // completing an order with a value missing is refused with the parameter named, the typed remark kept
        // (a fresh order: on the first, a field left empty keeps its stored value)
        UUID empty = seeds.order(clinic.row("patient"), clinic.row("lab_test"), now.minusHours(1), true);
        lab.get(server.url(base + "/lab/orders/" + empty));
        lab.findElement(By.name("remarks")).sendKeys("Clotted, recollect");
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Save and complete']"));
        assertThat(lab.findElement(By.id("form-problem")).getText()).startsWith("Not completed: Haemoglobin has no value.");
        assertThat(lab.findElement(By.name("remarks")).getAttribute("value")).isEqualTo("Clotted, recollect");
        assertEveryActionInView(lab, "refused completion");
        scrollTo(lab, By.id("form-problem"));
        HeadlessChromium.screenshot(lab, "lab-05-complete-refused-" + at);

        // complete the first order, then correct it
        lab.get(server.url(base + "/lab/orders/" + working));
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Save and complete']"));
        assertThat(lab.getPageSource()).contains("Order completed.");
        assertThat(lab.findElement(By.cssSelector("td[data-label=Flag]")).getText()).isEqualTo("Low");
        assertEveryActionInView(lab, "completed order");
        scrollTo(lab, By.id("results-heading"));
        HeadlessChromium.screenshot(lab, "lab-06-order-completed-" + at);
        HeadlessChromium.clickAndLoad(lab, By.linkText("Correct results"));
        lab.findElement(By.name(field)).clear();
        lab.findElement(By.name(field)).sendKeys("12.9");
        lab.findElement(By.name("reason")).sendKeys("Typed 10.9; the analyser reads 12.9");
        assertEveryActionInView(lab, "correction form");
        HeadlessChromium.screenshot(lab, "lab-07-correction-form-" + at);
        HeadlessChromium.clickAndLoad(lab, By.xpath("//button[normalize-space()='Save the correction']"));
        assertThat(lab.getPageSource()).contains("Correction saved").contains("Haemoglobin: 10.9 g/dL (Low) → 12.9 g/dL");
        assertThat(lab.findElement(By.cssSelector("td[data-label=Flag]")).getText()).isEqualTo("Normal");
        scrollTo(lab, By.id("corrections-heading"));
        assertEveryActionInView(lab, "corrected order");
        HeadlessChromium.screenshot(lab, "lab-08-order-corrected-" + at);

        lab.get(server.url(base + "/lab?tab=completed"));
        // this one and the fixture's own corrected order
        assertThat(lab.findElements(By.cssSelector(".badge.lab-corrected"))).hasSize(2);
        assertEveryActionInView(lab, "history");
        HeadlessChromium.screenshot(lab, "lab-09-history-" + at);

        // the clinic admin's catalog page with the ranges open
        WebDriver admin = browser(width);
        signIn(admin, clinic, "admin");
        admin.get(server.url(base + "/catalog/lab-tests/" + clinic.row("lab_test")));
        admin.findElement(By.cssSelector("details.ranges > summary")).click();
        scrollTo(admin, By.cssSelector("details.ranges"));
        assertEveryActionInView(admin, "catalog ranges");
        HeadlessChromium.screenshot(admin, "lab-10-catalog-ranges-" + at);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1366, 390})
    void the_desk_prints_a_lab_report_for_the_patient_from_the_chart(int width) {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String base = "/clinic/" + clinic.slug();
        String at = width + "";
        WebDriver desk = browser(width);
        signIn(desk, clinic, "reception");

        desk.get(server.url(base + "/patients/" + clinic.row("patient")));
        scrollTo(desk, By.id("lab-reports"));
        assertThat(desk.findElement(By.id("lab-reports")).isDisplayed()).isTrue();
        assertEveryActionInView(desk, "the desk's chart");
        HeadlessChromium.screenshot(desk, "lab-11-desk-chart-reports-" + at);

        HeadlessChromium.clickAndLoad(desk, By.partialLinkText("Print the report"));
        assertThat(desk.getCurrentUrl()).endsWith(base + "/lab-reports/" + clinic.row("test_order"));
        assertThat(desk.findElement(By.cssSelector("button[data-print]")).isDisplayed()).as("Print, with JavaScript").isTrue();
        assertThat(desk.findElement(By.cssSelector(".lab-report td[data-label=Flag]")).getText()).isEqualTo("Low");
        assertEveryActionInView(desk, "the printable lab report");
        HeadlessChromium.screenshot(desk, "lab-12-report-" + at);
        scrollTo(desk, By.cssSelector(".lab-report-results"));
        HeadlessChromium.screenshot(desk, "lab-13-report-results-" + at);

        // as printed: no site header, no buttons or links to elsewhere
        ((ChromeDriver) desk).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        ((JavascriptExecutor) desk).executeScript("window.scrollTo(0, 0)");
        // the clinic's header is printed (a rule hiding every header once hid it)
        HeadlessChromium.screenshot(desk, "lab-14-report-as-printed-" + at);
        assertThat(((JavascriptExecutor) desk).executeScript("""
                return ['body > header', 'nav.print-actions', '.lab-report .rx-clinic', '.lab-report td[data-label=Flag]']
                  .map(s => s + (document.querySelector(s).getClientRects().length > 0 ? ' printed' : ' hidden')).join(', ');
                """)).isEqualTo("body > header hidden, nav.print-actions hidden, .lab-report .rx-clinic printed, "
                + ".lab-report td[data-label=Flag] printed");
    }

    /** No link, button or field of the page lies outside the viewport sideways, and the page does not scroll sideways. */
    @SuppressWarnings("unchecked")
    private static void assertEveryActionInView(WebDriver driver, String page) {
        List<String> outside = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const width = document.documentElement.clientWidth;
                const outside = [];
                document.querySelectorAll('main a, main button, main input, main select, main textarea, header button')
                  .forEach(e => {
                    const r = e.getBoundingClientRect();
                    if (r.width === 0 && r.height === 0) return; // not shown (e.g. inside a closed <details>)
                    if (e.type === 'hidden') return;
                    if (r.left < -1 || r.right > width + 1) outside.push(e.outerHTML.slice(0, 100) + ' at ' + r.left + '-' + r.right);
                  });
                if (document.documentElement.scrollWidth > width + 1) {
                  outside.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
                }
                return outside;
                """);
        assertThat(outside).as(page + ": actions outside the " + ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.clientWidth") + " px viewport").isEmpty();
    }

    /** Whether leaving the page now would ask first: its beforeunload is cancelled. */
    private static boolean leavingAsks(WebDriver driver) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;");
    }

    private WebDriver browser(int width) {
        WebDriver driver = HeadlessChromium.start(Math.max(width, 500), 900);
        drivers.add(driver);
        if (width < 500) {
            // below Chromium's 500 px window minimum, a phone's viewport is emulated
            ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    private static void scrollTo(WebDriver driver, By target) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                driver.findElement(target));
    }

    private static void signIn(WebDriver browser, Clinic clinic, String username) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(WebFixture.password(username));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }
}
