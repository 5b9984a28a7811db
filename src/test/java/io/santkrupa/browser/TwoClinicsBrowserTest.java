package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clinics in two real browsers at the same time: each signs in, searches, opens records,
 * and never sees the other's data. Screenshots of the main pages go to target/screenshots.
 */
@ExtendWith(TestDatabaseExtension.class)
class TwoClinicsBrowserTest {

    private static WebTestServer server;
    private static Clinic clinicA;
    private static Clinic clinicB;
    private final List<WebDriver> drivers = new ArrayList<>();

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

    @AfterEach
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    private WebDriver browser(int width, int height) {
        WebDriver driver = HeadlessChromium.start(width, height);
        drivers.add(driver);
        return driver;
    }

    private static void signIn(WebDriver driver, Clinic clinic, String username) {
        driver.get(server.url("/login"));
        driver.findElement(By.id("clinic")).sendKeys(clinic.slug());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(WebFixture.password(username));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    @Test
    void two_clinics_work_side_by_side_and_never_see_each_other() {
        WebDriver receptionA = browser(1200, 900);
        WebDriver receptionB = browser(1200, 900);

        receptionA.get(server.url("/login"));
        HeadlessChromium.screenshot(receptionA, "01-sign-in");
        signIn(receptionA, clinicA, "reception");
        signIn(receptionB, clinicB, "reception");
        HeadlessChromium.screenshot(receptionA, "02-reception-dashboard");

        for (var pair : List.of(new Object[] {receptionA, clinicA, clinicB}, new Object[] {receptionB, clinicB, clinicA})) {
            WebDriver driver = (WebDriver) pair[0];
            Clinic own = (Clinic) pair[1];
            Clinic other = (Clinic) pair[2];
            HeadlessChromium.clickAndLoad(driver, By.linkText("Find a patient"));
            driver.findElement(By.id("q")).sendKeys("pat");
            HeadlessChromium.clickAndLoad(driver, By.cssSelector("search form button"));
            String results = driver.getPageSource();
            assertThat(results).contains("PT-" + own.code() + "-").doesNotContain("PT-" + other.code() + "-");
            HeadlessChromium.clickAndLoad(driver, By.partialLinkText("PT-" + own.code()));
            assertThat(driver.findElement(By.tagName("h1")).getText()).contains("Asha Patil");
            assertThat(driver.getPageSource()).doesNotContain("Viral fever"); // reception: no clinical notes

            driver.get(server.url("/clinic/" + own.slug() + "/patients/" + other.row("patient")));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not Found");
            driver.get(server.url("/clinic/" + other.slug() + "/"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not Found");
        }
        receptionA.get(server.url("/clinic/" + clinicA.slug() + "/patients?q="));
        HeadlessChromium.screenshot(receptionA, "03-patient-search");

        WebDriver doctorA = browser(1200, 900);
        signIn(doctorA, clinicA, "doctor");
        doctorA.get(server.url("/clinic/" + clinicA.slug() + "/patients/" + clinicA.row("patient")));
        assertThat(doctorA.getPageSource()).contains("Viral fever").contains("Penicillin");
        HeadlessChromium.screenshot(doctorA, "04-patient-chart-doctor");

        WebDriver patientB = browser(390, 844);
        signIn(patientB, clinicB, "asha");
        HeadlessChromium.clickAndLoad(patientB, By.linkText("See my record"));
        assertThat(patientB.findElement(By.tagName("h1")).getText()).contains("Asha Patil");
        HeadlessChromium.screenshot(patientB, "05-patient-own-record-phone");

        WebDriver adminA = browser(1200, 900);
        signIn(adminA, clinicA, "admin");
        HeadlessChromium.clickAndLoad(adminA, By.linkText("Review the audit log"));
        assertThat(adminA.getPageSource()).contains("patient.read").contains("auth.login");
        HeadlessChromium.screenshot(adminA, "06-audit-log");
        HeadlessChromium.clickAndLoad(adminA, By.linkText("Analytics"));
        assertThat(adminA.findElements(By.cssSelector("svg[role=img]"))).hasSize(5);
        HeadlessChromium.screenshot(adminA, "07-analytics");

        HeadlessChromium.clickAndLoad(receptionA, By.cssSelector("header form button"));
        new WebDriverWait(receptionA, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?signedOut"));
        receptionA.get(server.url("/clinic/" + clinicA.slug() + "/patients"));
        assertThat(receptionA.getCurrentUrl()).contains("/clinic/" + clinicA.slug() + "/login");
    }
}
