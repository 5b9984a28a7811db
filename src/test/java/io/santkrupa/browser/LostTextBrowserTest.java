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

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a doctor types is lost, in Chromium: the idle-timeout warning and "Stay signed in";
 * a note saved after the session ended comes back, typed text and all, after signing in again;
 * saving the prescription keeps the note's unsaved text. The server's clock is the test's, so
 * "sixteen minutes later" takes no time.
 */
@ExtendWith(TestDatabaseExtension.class)
class LostTextBrowserTest {

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
    void the_idle_warning_comes_before_the_timeout_and_stay_signed_in_keeps_the_session() {
        WebDriver doctor = browser(1366);
        signIn(doctor);
        UUID visit = visitInConsultation();
        doctor.get(server.url(page(visit)));
        // fourteen minutes without touching the page, on the server's clock and the page's
        server.clock.advance(Duration.ofMinutes(14));
        ((JavascriptExecutor) doctor).executeScript(
                "const real = Date.now.bind(Date); Date.now = () => real() + 14 * 60 * 1000;");

        WebElement dialog = doctor.findElement(By.id("session-warning"));
        wait(doctor).until(d -> dialog.isDisplayed());
        assertThat(dialog.getText()).contains("you will be signed out in").contains("What you have typed is kept");
        HeadlessChromium.screenshot(doctor, "lost-text-01-idle-warning-1366");
        doctor.findElement(By.id("session-stay")).click();
        wait(doctor).until(d -> !dialog.isDisplayed());

        server.clock.advance(Duration.ofMinutes(14));
        doctor.navigate().refresh();
        assertThat(doctor.getCurrentUrl()).as("still signed in 28 minutes after opening the page")
                .isEqualTo(server.url(page(visit)));
    }

    @Test
    void a_note_saved_after_the_session_ended_comes_back_after_signing_in_and_is_saved() {
        for (int width : new int[] {1366, 390}) {
            WebDriver doctor = browser(width);
            signIn(doctor);
            UUID visit = visitInConsultation();
            doctor.get(server.url(page(visit)));
            doctor.findElement(By.id("note-chiefComplaint")).sendKeys("Fever and dry cough for four days");
            doctor.findElement(By.id("note-diagnosis")).sendKeys("Viral upper respiratory infection");
            awaitDraft(visit, "note");

            server.clock.advance(Duration.ofMinutes(16));
            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save note']"));

            assertThat(doctor.findElement(By.id("session-ended")).getText()).contains("what you typed is kept");
            assertThat(noteOf(visit)).isNull();
            HeadlessChromium.screenshot(doctor, "lost-text-02-signed-out-" + width);
            doctor.findElement(By.id("username")).sendKeys("doctor");
            doctor.findElement(By.id("password")).sendKeys(WebFixture.password("doctor"));
            HeadlessChromium.clickAndLoad(doctor, By.cssSelector("main form button[type=submit]"));

            assertThat(doctor.getCurrentUrl()).isEqualTo(server.url(page(visit) + "#note"));
            WebElement complaint = doctor.findElement(By.id("note-chiefComplaint"));
            wait(doctor).until(d -> complaint.getAttribute("value").equals("Fever and dry cough for four days"));
            assertThat(doctor.findElement(By.id("note-diagnosis")).getAttribute("value"))
                    .isEqualTo("Viral upper respiratory infection");
            assertThat(doctor.findElement(By.cssSelector(".draft-restored")).getText())
                    .contains("Put back what you typed here at");
            HeadlessChromium.screenshot(doctor, "lost-text-03-put-back-" + width);

            HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save note']"));
            assertThat(noteOf(visit)).isEqualTo("Fever and dry cough for four days");
            assertThat(doctor.findElements(By.cssSelector(".draft-restored"))).isEmpty();
        }
    }

    @Test
    void saving_the_prescription_keeps_the_notes_unsaved_text() {
        WebDriver doctor = browser(1366);
        signIn(doctor);
        UUID visit = visitInConsultation();
        doctor.get(server.url(page(visit)));
        doctor.findElement(By.id("note-chiefComplaint")).sendKeys("Knee pain after a fall");

        new Select(doctor.findElement(By.id("rx-medicine-1"))).selectByValue(clinic.row("medicine").toString());
        doctor.findElement(By.id("rx-dose-1")).sendKeys("1 tablet");
        doctor.findElement(By.id("rx-frequency-1")).sendKeys("Twice a day");
        doctor.findElement(By.id("rx-duration-1")).sendKeys("3");
        HeadlessChromium.clickAndLoad(doctor, By.xpath("//button[normalize-space()='Save prescription']"));

        assertThat(doctor.getPageSource()).contains("Prescription saved.");
        assertThat(prescriptionsOf(visit)).isEqualTo(1);
        WebElement complaint = doctor.findElement(By.id("note-chiefComplaint"));
        wait(doctor).until(d -> complaint.getAttribute("value").equals("Knee pain after a fall"));
        ((JavascriptExecutor) doctor).executeScript("arguments[0].scrollIntoView({block: 'center'})", complaint);
        HeadlessChromium.screenshot(doctor, "lost-text-04-note-kept-after-prescription-1366");
        assertThat(noteOf(visit)).as("kept as typed, saved only when the doctor saves the note").isNull();
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

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    private static void signIn(WebDriver browser) {
        browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
        browser.findElement(By.id("username")).sendKeys("doctor");
        browser.findElement(By.id("password")).sendKeys(WebFixture.password("doctor"));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        wait(browser).until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
    }

    /** The page keeps a draft a moment after typing stops; wait for it to reach the server. */
    private static void awaitDraft(UUID visit, String form) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            int rows = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(FORM_DRAFT,
                    FORM_DRAFT.CLINIC_ID.eq(clinic.id().value()), FORM_DRAFT.PAGE.eq(page(visit)), FORM_DRAFT.FORM.eq(form)));
            if (rows == 1) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no draft of " + form + " within 15 s");
    }

    private static UUID visitInConsultation() {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Lata", null);
        return ConsultationFixture.visit(db, clinic, patient, clinic.row("doctor"), server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now(server.clock));
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    private static String noteOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(DOCTOR_NOTE.CHIEF_COMPLAINT).from(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value()), DOCTOR_NOTE.VISIT_ID.eq(visit))
                .fetchOne(DOCTOR_NOTE.CHIEF_COMPLAINT));
    }

    private static int prescriptionsOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(PRESCRIPTION,
                PRESCRIPTION.CLINIC_ID.eq(clinic.id().value()), PRESCRIPTION.VISIT_ID.eq(visit)));
    }
}
