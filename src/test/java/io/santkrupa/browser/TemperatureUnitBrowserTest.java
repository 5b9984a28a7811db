package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 in Chromium: the doctor types 101.2 and picks °F beside the temperature field; the
 * note keeps 38.4 °C and the completed visit shows 38.4 °C (101.1 °F) -- at 1366 px and on a
 * 390 px phone, where the field and its unit share one cell of the vitals. Screenshots:
 * target/screenshots/temperature-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class TemperatureUnitBrowserTest {

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
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void the_doctor_records_fahrenheit_and_the_visit_keeps_celsius_on_desktop_and_phone() {
        for (int width : new int[] {1366, 390}) {
            String label = width == 1366 ? "desktop" : "phone";
            UUID visit = ConsultationFixture.waitingVisit(db, clinic, clinic.row("patient"), LocalDate.now(server.clock));
            String page = "/clinic/" + clinic.slug() + "/visits/" + visit;
            WebDriver doctor = browser(width, width == 1366 ? 900 : 844);
            signIn(doctor);
            doctor.get(server.url(page));
            HeadlessChromium.clickAndLoad(doctor, By.xpath("//form[contains(@action,'/start')]//button"));

            WebElement temperature = doctor.findElement(By.id("note-temperature"));
            temperature.sendKeys("101.2");
            new Select(doctor.findElement(By.id("note-temperatureUnit"))).selectByValue("F");
            doctor.findElement(By.id("note-diagnosis")).sendKeys("Viral fever");
            centre(doctor, temperature);
            HeadlessChromium.screenshot(doctor, "temperature-" + label + "-1-typed-in-fahrenheit");
            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save note']"));

            assertThat(doctor.findElement(By.id("note-temperature")).getAttribute("value")).isEqualTo("38.4");
            assertThat(new Select(doctor.findElement(By.id("note-temperatureUnit"))).getFirstSelectedOption().getText())
                    .isEqualTo("°C");
            centre(doctor, doctor.findElement(By.id("note-temperature")));
            HeadlessChromium.screenshot(doctor, "temperature-" + label + "-2-kept-in-celsius");

            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save and complete visit']"));
            doctor.get(server.url(page));
            WebElement read = doctor.findElement(By.xpath("//dt[text()='Temperature']/following-sibling::dd"));
            assertThat(read.getText()).isEqualTo("38.4 °C (101.1 °F)");
            centre(doctor, read);
            HeadlessChromium.screenshot(doctor, "temperature-" + label + "-3-completed-visit");
        }
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

    private static void signIn(WebDriver driver) {
        driver.get(server.url("/login"));
        driver.findElement(By.id("clinic")).sendKeys(clinic.slug());
        driver.findElement(By.id("username")).sendKeys("doctor");
        driver.findElement(By.id("password")).sendKeys(WebFixture.password("doctor"));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    private static void centre(WebDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }
}
