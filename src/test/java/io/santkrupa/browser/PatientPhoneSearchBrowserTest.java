package io.santkrupa.browser;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.ReceptionFixture;
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
 * Issue 10 in Chromium: reception registers a woman with "+91 98200 11001" and finds her again by
 * typing only the last digits, "11001", into the search -- at 1366 px and on a 390 px phone. The
 * number is shown the way the clinic writes it (098200 11001); another clinic's patient with the
 * same number never appears. Screenshots land in target/screenshots/phone-search-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientPhoneSearchBrowserTest {

    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        // the same number in another clinic: the search must never show her
        ReceptionFixture.patients(db, other, List.<String[]>of(new String[] {"Sunita", "Elsewhere", "+91 98200 11001"}));
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
    void reception_registers_a_number_with_its_country_code_and_finds_it_by_the_last_digits_on_desktop_and_phone() {
        List<String> registered = new ArrayList<>();
        for (int width : new int[] {1366, 390}) {
            String label = width == 1366 ? "desktop" : "phone";
            WebDriver desk = browser(width, width == 1366 ? 900 : 844);
            signIn(desk);

            // register: the number typed with its country code; on the phone, an age instead of a date of birth
            desk.get(server.url("/clinic/" + clinic.slug() + "/patients/new"));
            String firstName = width == 1366 ? "Sunita" : "Kusum";
            type(desk, "firstName", firstName);
            type(desk, "lastName", "Gaikwad");
            type(desk, "phone", "+91 98200 11001");
            if (width == 390) {
                type(desk, "ageYears", "45");
            }
            HeadlessChromium.screenshot(desk, "phone-search-" + label + "-1-register");
            HeadlessChromium.clickAndLoad(desk, By.cssSelector("main form button[type=submit]"));
            assertThat(desk.findElement(By.tagName("h1")).getText()).startsWith(firstName + " Gaikwad");
            assertThat(desk.findElement(By.cssSelector("main")).getText()).contains("Registered.")
                    .contains("098200 11001");
            if (width == 390) {
                assertThat(desk.findElement(By.cssSelector("main")).getText()).contains("(approx. 45 y)");
            }
            HeadlessChromium.screenshot(desk, "phone-search-" + label + "-2-registered");
            registered.add(firstName);

            // find her: only the last digits, typed into the search field
            desk.get(server.url("/clinic/" + clinic.slug() + "/patients"));
            type(desk, "q", "11001");
            HeadlessChromium.clickAndLoad(desk, By.cssSelector("search form button"));
            List<String> rows = desk.findElements(By.cssSelector("main table tbody tr")).stream()
                    .map(WebElement::getText).toList();
            assertThat(rows).as("everyone of this clinic whose number ends with 11001").hasSize(registered.size())
                    .allSatisfy(row -> assertThat(row).contains("Gaikwad").contains("098200 11001"));
            for (String name : registered) {
                assertThat(rows).anySatisfy(row -> assertThat(row).contains(name));
            }
            assertThat(desk.getPageSource()).doesNotContain("Elsewhere").doesNotContain("PT-" + other.code() + "-")
                    .doesNotContain("Asha"); // the fixture's patient: +91 98200 00001 does not end with 11001
            assertThat(desk.findElement(By.cssSelector("main")).getText()).contains("Matching by end of the phone number.");
            WebElement result = desk.findElement(By.partialLinkText("PT-" + clinic.code() + "-"));
            assertThat(isWithinViewportWidth(desk, result)).as("the patient's link is on the screen, not off to the side")
                    .isTrue();
            HeadlessChromium.screenshot(desk, "phone-search-" + label + "-3-found-by-11001");
            if (width == 390) {
                // the table scrolls sideways on a phone: its numbers are one swipe away
                ((JavascriptExecutor) desk).executeScript(
                        "document.querySelector('[aria-label=\"Patients found\"]').scrollLeft = 10000;");
                WebElement number = desk.findElement(By.xpath("//main//td[text()='098200 11001']"));
                assertThat(isWithinViewportWidth(desk, number)).as("the number, after a swipe").isTrue();
                HeadlessChromium.screenshot(desk, "phone-search-" + label + "-4-found-swiped");
            }

            // and open her record from the result
            HeadlessChromium.clickAndLoad(desk, By.partialLinkText("PT-" + clinic.code() + "-"));
            assertThat(desk.findElement(By.tagName("h1")).getText()).contains("Gaikwad");
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
        type(driver, "clinic", clinic.slug());
        type(driver, "username", "reception");
        type(driver, "password", WebFixture.password("reception"));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form button[type=submit]"));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static boolean isWithinViewportWidth(WebDriver driver, WebElement element) {
        Object inside = ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth;",
                element);
        return Boolean.TRUE.equals(inside);
    }
}
