package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReceptionFixture;
import io.santkrupa.testing.ReceptionFixture.Doctor;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk of a clinic in India just after midnight, in Chromium: a patient checked in at 23:50
 * IST is 4 December's; at 00:30 IST (19:00 UTC, still 4 December in UTC) the check-in offers
 * Saturday 5 December and gives token 1, and the queue is 5 December's. On a 1366 px desk and a
 * 390 px phone; screenshots in target/screenshots/midnight-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicMidnightBrowserTest {

    private static final Instant TEN_TO_MIDNIGHT_IST = Instant.parse("2026-12-04T18:20:00Z");
    private static final Instant HALF_PAST_MIDNIGHT_IST = Instant.parse("2026-12-04T19:00:00Z");

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
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void at_00_30_ist_the_desk_checks_in_on_the_new_day_with_token_1() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Doctor doctor = ReceptionFixture.doctor(db, server.hasher, clinic, "drmidnight", "Dr Meera Joshi", true);
        List<UUID> patients = ReceptionFixture.patients(db, clinic, List.of(
                new String[] {"Ravi", "Late", "+91 97000 00101"},
                new String[] {"Sunil", "Night", "+91 97000 00102"}));

        // 23:50 IST on Friday 4 December: the last patient of the day
        server.clock.setTo(TEN_TO_MIDNIGHT_IST);
        WebDriver desk = browser(1366, 900);
        signIn(desk, clinic);
        checkIn(desk, clinic, patients.get(0), doctor, "Fri 4 Dec 2026");
        assertThat(notice(desk)).isEqualTo("Checked in: token 1.");
        assertThat(heading(desk)).isEqualTo("Today's queue Fri 4 Dec 2026");
        shot(desk, "1366", "1-queue-at-23-50");

        // 00:30 IST on Saturday 5 December (19:00 UTC on the 4th): a new day, token 1 again
        server.clock.setTo(HALF_PAST_MIDNIGHT_IST);
        signIn(desk, clinic); // forty minutes idle: the session has ended
        desk.get(server.url("/clinic/" + clinic.slug() + "/patients/" + patients.get(1) + "/check-in"));
        assertThat(desk.findElement(By.cssSelector("main form button[type=submit]")).getText())
                .isEqualTo("Check in for today, Sat 5 Dec 2026");
        shot(desk, "1366", "2-check-in-at-00-30");
        checkIn(desk, clinic, patients.get(1), doctor, "Sat 5 Dec 2026");
        assertThat(notice(desk)).isEqualTo("Checked in: token 1.");
        assertThat(heading(desk)).isEqualTo("Today's queue Sat 5 Dec 2026");
        assertThat(queueRows(desk)).containsExactly("1 Sunil Night");
        assertThat(desk.findElement(By.cssSelector("#queue table")).getText()).contains("Times (IST)").contains("in 00:30");
        shot(desk, "1366", "3-queue-at-00-30");

        // the same desk on a phone
        WebDriver phone = browser(390, 844);
        signIn(phone, clinic);
        phone.get(server.url("/clinic/" + clinic.slug() + "/queue?doctor=" + doctor.id()));
        assertThat(heading(phone)).isEqualTo("Today's queue Sat 5 Dec 2026");
        assertThat(queueRows(phone)).containsExactly("1 Sunil Night");
        shot(phone, "390", "4-queue-at-00-30");
        phone.get(server.url("/clinic/" + clinic.slug() + "/patients/" + patients.get(0) + "/check-in"));
        assertThat(phone.findElement(By.cssSelector("main form button[type=submit]")).getText())
                .isEqualTo("Check in for today, Sat 5 Dec 2026");
        shot(phone, "390", "5-check-in-at-00-30");
    }

    /** A browser of {@code width} px; below Chromium's 500 px minimum window, by device emulation. */
    private WebDriver browser(int width, int height) {
        WebDriver driver = HeadlessChromium.start(Math.max(width, 500), height);
        drivers.add(driver);
        if (width < 500) {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    private static void signIn(WebDriver driver, Clinic clinic) {
        driver.get(server.url("/clinic/" + clinic.slug() + "/login"));
        driver.findElement(By.id("username")).sendKeys("reception");
        driver.findElement(By.id("password")).sendKeys(WebFixture.password("reception"));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    /** The check-in form of the patient's record, for the doctor; lands on the queue. */
    private static void checkIn(WebDriver driver, Clinic clinic, UUID patient, Doctor doctor, String day) {
        driver.get(server.url("/clinic/" + clinic.slug() + "/patients/" + patient + "/check-in"));
        new Select(driver.findElement(By.id("doctor"))).selectByValue(doctor.id().toString());
        assertThat(driver.findElement(By.cssSelector("main form button[type=submit]")).getText())
                .isEqualTo("Check in for today, " + day);
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("main form button[type=submit]"));
        assertThat(driver.getCurrentUrl()).contains("/queue?doctor=" + doctor.id());
    }

    private static String heading(WebDriver driver) {
        return driver.findElement(By.tagName("h1")).getText();
    }

    private static String notice(WebDriver driver) {
        return driver.findElement(By.cssSelector("p.notice[role=status]")).getText();
    }

    /** Each row of the queue as "token first-name last-name". */
    private static List<String> queueRows(WebDriver driver) {
        return driver.findElements(By.cssSelector("#queue tbody tr")).stream()
                .map(row -> row.findElement(By.cssSelector("td.token")).getText() + " "
                        + row.findElement(By.cssSelector("td:nth-child(2) a")).getText())
                .toList();
    }

    /** Saves the page, after checking it fits the window's width (nothing to scroll sideways on a phone). */
    private static void shot(WebDriver driver, String width, String page) {
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as(page + " scrolls sideways at " + width + " px").isLessThanOrEqualTo(0);
        HeadlessChromium.screenshot(driver, "midnight-" + width + "-" + page);
    }
}
