package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clinic's whole day in a real browser, for two clinics at the same time: reception registers
 * a patient and checks one in, the doctor consults, prescribes and orders a test, the lab
 * collects the sample, attaches the report and enters the result, and the patient signs in to
 * see and download it all. Neither clinic ever sees a page with the other's data.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicDayBrowserTest {

    /** A report of a realistic size: larger than one packet, so a browser's gzip request is put to the test. */
    private static final byte[] REPORT = ReportFileContent.pdf(120_000);

    private static WebTestServer server;
    private static Clinic clinicA;
    private static Clinic clinicB;

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        clinicA = WebFixture.clinicWithLogins(db, server.hasher);
        clinicB = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What one clinic's day left behind: every page its people saw. */
    private record Day(Clinic clinic, String newPatient, List<String> pages) {
    }

    @Test
    void two_clinics_run_the_whole_day_at_the_same_time_and_never_see_each_other() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<Day> dayA = executor.submit(() -> runDay(clinicA, "Bhosale", "a"));
            Future<Day> dayB = executor.submit(() -> runDay(clinicB, "Gaikwad", "b"));
            Day a = dayA.get();
            Day b = dayB.get();
            for (String page : a.pages()) {
                assertThat(page).doesNotContain(b.newPatient()).doesNotContain(clinicB.slug())
                        .doesNotContain("PT-" + clinicB.code());
            }
            for (String page : b.pages()) {
                assertThat(page).doesNotContain(a.newPatient()).doesNotContain(clinicA.slug())
                        .doesNotContain("PT-" + clinicA.code());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static Day runDay(Clinic clinic, String newPatient, String shot) throws Exception {
        List<String> pages = Collections.synchronizedList(new ArrayList<>());
        Path downloads = Files.createTempDirectory("santkrupa-downloads-" + shot);
        WebDriver browser = HeadlessChromium.startDownloadingTo(1200, 900, downloads);
        try {
            String base = "/clinic/" + clinic.slug();

            // reception: register a new patient, then check Asha in for the doctor
            signIn(browser, clinic, "reception");
            browser.get(server.url(base + "/patients/new"));
            browser.findElement(By.name("firstName")).sendKeys("Kavya");
            browser.findElement(By.name("lastName")).sendKeys(newPatient);
            setValue(browser, By.name("dateOfBirth"), "1991-03-14");
            new Select(browser.findElement(By.name("gender"))).selectByValue("female");
            browser.findElement(By.name("phone")).sendKeys("+91 90000 " + (10000 + Math.abs(newPatient.hashCode() % 89999)));
            browser.findElement(By.name("allergies")).sendKeys("Sulfa drugs");
            HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Kavya " + newPatient)
                    .contains("PT-" + clinic.code() + "-");
            pages.add(browser.getPageSource());
            HeadlessChromium.screenshot(browser, shot + "-01-registered");

            browser.get(server.url(base + "/patients/" + clinic.row("patient") + "/check-in"));
            new Select(browser.findElement(By.name("doctor"))).selectByIndex(1);
            browser.findElement(By.name("reason")).sendKeys("Tiredness for two weeks");
            HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
            browser.get(server.url(base + "/queue"));
            assertThat(browser.getPageSource()).contains("Asha Patil").contains("Tiredness for two weeks");
            pages.add(browser.getPageSource());
            HeadlessChromium.screenshot(browser, shot + "-02-queue");
            signOut(browser);

            // the doctor: start, note with vitals and diagnosis, prescription, test order, complete
            signIn(browser, clinic, "doctor");
            pages.add(browser.getPageSource());
            HeadlessChromium.clickAndLoad(browser, By.xpath("//form[contains(@action,'/start')]//button"));
            String consultation = browser.getCurrentUrl().replaceAll("[?#].*$", "");
            browser.findElement(By.name("bpSystolic")).sendKeys("118");
            browser.findElement(By.name("bpDiastolic")).sendKeys("76");
            browser.findElement(By.name("temperature")).sendKeys("37.1");
            browser.findElement(By.name("diagnosis")).sendKeys("Iron deficiency anaemia");
            browser.findElement(By.name("notes")).sendKeys("Diet advice given.");
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save note']"));
            new Select(browser.findElement(By.name("medicine_1"))).selectByIndex(1);
            browser.findElement(By.name("dose_1")).sendKeys("1 tablet");
            browser.findElement(By.name("frequency_1")).sendKeys("twice a day");
            browser.findElement(By.name("duration_1")).sendKeys("30");
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save prescription']"));
            browser.findElement(By.name("test_" + clinic.row("lab_test"))).click();
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Order tests']"));
            assertThat(browser.getPageSource()).contains("Haemoglobin");
            HeadlessChromium.screenshot(browser, shot + "-03-consultation");
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save and complete visit']"));
            browser.get(consultation);
            assertThat(browser.getPageSource()).contains("Iron deficiency anaemia").doesNotContain("Save note");
            pages.add(browser.getPageSource());
            signOut(browser);

            // the lab: collect, attach the report, enter the value (low) and complete
            signIn(browser, clinic, "lab");
            browser.get(server.url(base + "/lab"));
            pages.add(browser.getPageSource());
            HeadlessChromium.clickAndLoad(browser, By.xpath("//tr[contains(., 'Asha Patil') and contains(., 'Collect the sample')]//a"));
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Mark sample collected']"));
            Path report = Files.write(Files.createTempDirectory("santkrupa-upload").resolve("haemoglobin-report.pdf"),
                    REPORT);
            browser.findElement(By.name("report")).sendKeys(report.toString());
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Upload']"));
            browser.findElement(By.name("value_" + clinic.row("lab_test_parameter"))).sendKeys("10.9");
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save and complete']"));
            assertThat(browser.getPageSource()).contains("Order completed.").contains(">Low</strong>");
            pages.add(browser.getPageSource());
            HeadlessChromium.screenshot(browser, shot + "-04-lab-result");
            signOut(browser);

            // the patient: her record, the printable prescription, the report file
            signIn(browser, clinic, "asha");
            HeadlessChromium.clickAndLoad(browser, By.linkText("See my record"));
            String record = browser.getPageSource();
            pages.add(record);
            assertThat(record).contains("Iron deficiency anaemia").contains("10.9 g/dL").contains(">Low</strong>")
                    .contains("twice a day");
            HeadlessChromium.screenshot(browser, shot + "-05-patient-record");
            // downloaded by Chromium itself, which asks for gzip like every browser
            browser.findElement(By.xpath("//article[contains(., '10.9')]//a[contains(., 'Download the report')]")).click();
            assertThat(HeadlessChromium.awaitDownload(downloads, "haemoglobin-report.pdf")).isEqualTo(REPORT);
            HeadlessChromium.clickAndLoad(browser, By.xpath(
                    "//article[contains(., 'twice a day')]//a[contains(., 'Printable prescription')]"));
            assertThat(browser.getPageSource()).contains("twice a day").contains("30");
            pages.add(browser.getPageSource());
            HeadlessChromium.screenshot(browser, shot + "-06-printable-prescription");

            // and the other clinic stays invisible, whatever the address
            Clinic other = clinic == clinicA ? clinicB : clinicA;
            browser.get(server.url("/clinic/" + other.slug() + "/my-record"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not Found");
            browser.get(server.url(base + "/patients/" + other.row("patient")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isIn("Not Found", "Forbidden");
            return new Day(clinic, newPatient, pages);
        } finally {
            browser.quit();
        }
    }

    private static void signIn(WebDriver browser, Clinic clinic, String username) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(WebFixture.password(username));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    private static void signOut(WebDriver browser) {
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("header form button"));
    }

    /** Date inputs take keystrokes in the browser's locale; set the ISO value directly instead. */
    private static void setValue(WebDriver browser, By field, String value) {
        WebElement element = browser.findElement(field);
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", element, value);
    }
}
