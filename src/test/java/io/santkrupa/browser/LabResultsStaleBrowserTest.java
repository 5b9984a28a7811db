package io.santkrupa.browser;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's results form in a real browser while another technician saves the same order: the
 * browser's save, from the older page, is sent back with the message and both sets of values.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabResultsStaleBrowserTest {

    private static WebTestServer server;
    private static Clinic clinic;
    private static TestDatabase db;

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

    @Test
    void a_save_from_a_page_opened_before_a_colleagues_save_shows_what_is_stored_and_keeps_what_was_typed() {
        UUID orderId = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, orderId)
                .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).execute());
        String order = "/clinic/" + clinic.slug() + "/lab/orders/" + orderId;
        String field = "value_" + clinic.row("lab_test_parameter");
        TestBrowser colleague = server.browser();
        colleague.signIn(clinic.slug(), "lab", WebFixture.password("lab"));
        colleague.get(order);
        assertThat(colleague.post(order + "/collect", Map.of()).statusCode()).isEqualTo(303);

        WebDriver browser = HeadlessChromium.start(1200, 1000);
        try {
            browser.get(server.url("/clinic/" + clinic.slug() + "/login"));
            browser.findElement(By.id("username")).sendKeys("lab");
            browser.findElement(By.id("password")).sendKeys(WebFixture.password("lab"));
            HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
            new WebDriverWait(browser, Duration.ofSeconds(15))
                    .until(ExpectedConditions.urlToBe(server.url("/clinic/" + clinic.slug() + "/")));
            browser.get(server.url(order));

            HttpResponse<String> theirs = colleague.get(order);
            assertThat(colleague.post(order + "/results", Map.of(field, "13.1", "remarks", "Repeat sample",
                    "version", Html.inputValue(theirs.body(), "version").orElseThrow())).statusCode()).isEqualTo(303);

            browser.findElement(By.name(field)).clear();
            browser.findElement(By.name(field)).sendKeys("10.9");
            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save results']"));

            String page = browser.getPageSource();
            HeadlessChromium.screenshot(browser, "lab-results-stale");
            assertThat(browser.findElement(By.id("stale-heading")).getText()).isEqualTo("Someone else changed this order");
            assertThat(page).contains("13.1 g/dL").contains("Repeat sample");
            assertThat(browser.findElement(By.name(field)).getAttribute("value")).isEqualTo("10.9");

            HeadlessChromium.clickAndLoad(browser, By.xpath("//button[normalize-space()='Save results']"));
            assertThat(browser.getPageSource()).contains("Results saved.");
            assertThat(browser.findElement(By.name(field)).getAttribute("value")).isEqualTo("10.9");
        } finally {
            browser.quit();
        }
    }
}
