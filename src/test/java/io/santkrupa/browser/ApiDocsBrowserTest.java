package io.santkrupa.browser;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interactive API docs as a developer uses them: Swagger UI loads the document, takes the
 * clinic in the server variable and a bearer token under "Authorize", and "Try it out" on
 * GET /me reaches the clinic's API and shows its answer -- under our CSP, with no network.
 */
@ExtendWith(TestDatabaseExtension.class)
class ApiDocsBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private WebDriver driver;

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
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void try_it_out_calls_the_clinics_api_with_the_token_given_under_authorize() {
        driver = HeadlessChromium.start(1280, 1600);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(server.url("/api/docs"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-auth-me")));

        WebElement slug = driver.findElement(By.cssSelector(".servers input[type=text]"));
        slug.clear();
        slug.sendKeys(clinic.slug());

        driver.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
        WebElement tokenField = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".auth-container input")));
        tokenField.sendKeys(ApiClient.token(server, db, clinic, Role.RECEPTIONIST));
        driver.findElement(By.cssSelector(".auth-btn-wrapper .authorize")).click();
        driver.findElement(By.cssSelector(".auth-btn-wrapper .btn-done")).click();

        driver.findElement(By.cssSelector("#operations-auth-me .opblock-summary")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-auth-me .try-out__btn"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-auth-me .execute"))).click();

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-auth-me .live-responses-table tbody .response-col_status")));
        HeadlessChromium.screenshot(driver, "api-docs-try-it-out");
        assertThat(status.getText()).startsWith("200");
        String answer = driver.findElement(By.cssSelector(
                "#operations-auth-me .live-responses-table tbody .response-col_description")).getText();
        assertThat(answer).contains("\"role\": \"receptionist\"").contains(clinic.slug());
    }
}
