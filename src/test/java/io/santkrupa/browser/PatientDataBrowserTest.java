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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's pages in Chromium, at 1366 px and on a 390 px phone: the desk's "Download the
 * patient's data" on the chart, the patient's "Download my data", and the clinic admin erasing a
 * patient -- found by code, a wrong code refused at its field, then erased. Every action on the
 * screen, nothing scrolling sideways. Screenshots: target/screenshots/patient-data-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientDataBrowserTest {

    private static WebTestServer server;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        database = db;
    }

    private static TestDatabase database;

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void the_desk_and_the_patient_download_and_the_admin_erases_on_desktop_and_phone() {
        for (int width : new int[] {1366, 390}) {
            String label = width == 1366 ? "desktop" : "phone";
            Clinic clinic = WebFixture.clinicWithLogins(database, server.hasher);
            String asha = clinic.row("patient").toString();
            String code = "PT-" + clinic.code() + "-2026-001";

            WebDriver desk = browser(width);
            signIn(desk, clinic, "reception");
            desk.get(server.url("/clinic/" + clinic.slug() + "/patients/" + asha));
            WebElement download = desk.findElement(By.linkText("Download the patient's data"));
            assertOnScreen(desk, download);
            HeadlessChromium.screenshot(desk, "patient-data-" + label + "-1-chart");

            WebDriver patient = browser(width);
            signIn(patient, clinic, "asha");
            patient.get(server.url("/clinic/" + clinic.slug() + "/my-record"));
            assertOnScreen(patient, patient.findElement(By.linkText("Download my data")));
            HeadlessChromium.screenshot(patient, "patient-data-" + label + "-2-my-record");

            WebDriver admin = browser(width);
            signIn(admin, clinic, "admin");
            admin.get(server.url("/clinic/" + clinic.slug() + "/portal"));
            HeadlessChromium.clickAndLoad(admin, By.linkText("Erase a patient's data"));
            type(admin, "code", code.toLowerCase());
            HeadlessChromium.screenshot(admin, "patient-data-" + label + "-3-erasure-lookup");
            HeadlessChromium.clickAndLoad(admin, By.cssSelector("main form button[type=submit]"));
            assertThat(admin.findElement(By.tagName("h1")).getText()).contains(code);
            assertThat(admin.getPageSource()).doesNotContain("Asha").doesNotContain("Patil").doesNotContain("98200");
            type(admin, "confirmCode", "PT-WRONG");
            type(admin, "reason", "The patient's request at the desk");
            HeadlessChromium.clickAndLoad(admin, By.cssSelector("main form button[type=submit]"));
            assertThat(admin.findElement(By.id("confirmCode")).getAttribute("aria-invalid")).isEqualTo("true");
            assertOnScreen(admin, admin.findElement(By.cssSelector("main form button[type=submit]")));
            HeadlessChromium.screenshot(admin, "patient-data-" + label + "-4-erasure-wrong-code");
            type(admin, "confirmCode", code);
            HeadlessChromium.clickAndLoad(admin, By.cssSelector("main form button[type=submit]"));
            assertThat(admin.findElement(By.cssSelector("main")).getText()).contains("Erased.");
            HeadlessChromium.screenshot(admin, "patient-data-" + label + "-5-erased");

            desk.get(server.url("/clinic/" + clinic.slug() + "/patients/" + asha));
            assertThat(desk.findElement(By.tagName("h1")).getText()).startsWith("Erased patient");
            assertThat(desk.findElement(By.cssSelector("main")).getText()).contains("identity was erased on their request");
            HeadlessChromium.screenshot(desk, "patient-data-" + label + "-6-chart-after");
            for (WebDriver driver : List.of(desk, admin)) {
                Object sideways = ((JavascriptExecutor) driver).executeScript(
                        "return document.documentElement.scrollWidth > window.innerWidth;");
                assertThat(sideways).as(label + ": the page scrolls sideways").isEqualTo(false);
            }
        }
    }

    private WebDriver browser(int width) {
        int height = width == 1366 ? 900 : 844;
        WebDriver driver = HeadlessChromium.start(Math.max(width, 500), height);
        drivers.add(driver);
        if (width < 500) {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    private static void signIn(WebDriver driver, Clinic clinic, String username) {
        driver.get(server.url("/clinic/" + clinic.slug() + "/login"));
        type(driver, "username", username);
        type(driver, "password", WebFixture.password(username));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void assertOnScreen(WebDriver driver, WebElement element) {
        Object inside = ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth;",
                element);
        assertThat(inside).as(element.getText() + " is within the screen's width").isEqualTo(true);
    }
}
