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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor, in Chromium at desktop and phone width, prescribes Amoxicillin to a patient
 * recorded as allergic to penicillin: the page comes back at the prescription form with the
 * warning in view, nothing saved and what was typed kept; ticking the confirmation saves it.
 */
@ExtendWith(TestDatabaseExtension.class)
class AllergyWarningBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static UUID amoxicillin;
    private final List<WebDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        amoxicillin = ConsultationFixture.medicine(db, clinic, "Amoxicillin", true);
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
    void amoxicillin_for_a_penicillin_allergy_is_stopped_with_the_warning_in_view_then_saved_when_confirmed() {
        for (int width : new int[] {1366, 390}) {
            UUID visit = visitOfAllergicPatient();
            WebDriver doctor = browser(width);
            signIn(doctor);
            doctor.get(server.url("/clinic/" + clinic.slug() + "/visits/" + visit));

            new Select(doctor.findElement(By.id("rx-medicine-1"))).selectByValue(amoxicillin.toString());
            doctor.findElement(By.id("rx-dose-1")).sendKeys("1 capsule");
            doctor.findElement(By.id("rx-frequency-1")).sendKeys("Three times a day");
            doctor.findElement(By.id("rx-duration-1")).sendKeys("5");
            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save prescription']"));

            WebElement warning = doctor.findElement(By.id("allergy-warning"));
            assertThat(warning.getText()).isEqualTo("Allergy warning: nothing was saved");
            assertThat(inView(doctor, warning)).as("the warning is in view at " + width + " px").isTrue();
            assertThat(doctor.findElement(By.cssSelector("[role=alert].allergies")).getText())
                    .contains("Amoxicillin is one of the penicillins").contains("Penicillin (rash)");
            assertThat(doctor.findElement(By.id("rx-dose-1")).getAttribute("value")).isEqualTo("1 capsule");
            assertThat(new Select(doctor.findElement(By.id("rx-medicine-1"))).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo(amoxicillin.toString());
            assertThat(prescriptionsOf(visit)).isZero();
            HeadlessChromium.screenshot(doctor, "allergy-warning-" + width);

            doctor.findElement(By.id("allergyOverride")).click();
            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save prescription']"));

            assertThat(doctor.getPageSource()).contains("Prescription saved.");
            assertThat(prescriptionsOf(visit)).isEqualTo(1);
            HeadlessChromium.screenshot(doctor, "allergy-warning-confirmed-" + width);
        }
    }

    private WebDriver browser(int width) {
        WebDriver driver = HeadlessChromium.start(Math.max(width, 500), 900);
        drivers.add(driver);
        if (width < 500) {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    private static boolean inView(WebDriver driver, WebElement element) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript("""
                const r = arguments[0].getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight;""", element);
    }

    private static void signIn(WebDriver browser) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys("doctor");
        browser.findElement(By.id("password")).sendKeys(WebFixture.password("doctor"));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    /** A visit in consultation with the fixture's doctor, of a patient recorded as allergic to penicillin. */
    private static UUID visitOfAllergicPatient() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Meera", null);
        db.tenants().inClinic(clinic.id(), tx -> tx.update(PATIENT).set(PATIENT.ALLERGIES, "Penicillin (rash)")
                .where(PATIENT.CLINIC_ID.eq(clinic.id().value()), PATIENT.ID.eq(patient)).execute());
        return ConsultationFixture.visit(db, clinic, patient, clinic.row("doctor"), server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now(server.clock));
    }

    private static int prescriptionsOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PRESCRIPTION,
                PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION.VISIT_ID.eq(visit)));
    }
}
