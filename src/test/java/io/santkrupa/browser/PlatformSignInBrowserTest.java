package io.santkrupa.browser;

import io.santkrupa.platform.TotpCodes;
import io.santkrupa.platform.TotpSecrets;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A super admin's first sign-in in a real browser, at desktop and phone width: the password,
 * enrolling the authenticator app from the QR page (under the pages' CSP, no script), the
 * recovery codes, the account page, signing out and in again with a code. Screenshots of each
 * page land in target/screenshots/platform-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformSignInBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private WebDriver driver;

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
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @CsvSource({"1366, 1100, desktop", "390, 1700, phone"})
    void first_sign_in_enrols_the_app_and_the_next_one_asks_for_a_code(int width, int height, String name) {
        driver = HeadlessChromium.start(Math.max(width, 500), height);
        // headless Chromium keeps windows at least 500 px wide: a phone's width needs device emulation
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 500));
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, false);

        driver.get(server.url("/platform/login"));
        shot(name, "1-login");
        signInWithPassword(admin);

        assertThat(driver.getCurrentUrl()).endsWith("/platform/login/enrol");
        WebElement qr = driver.findElement(By.cssSelector("figure.qr svg"));
        assertThat(qr.getSize().getWidth()).as("the QR code is drawn large enough to scan").isGreaterThanOrEqualTo(150);
        byte[] secret = TotpSecrets.fromBase32(driver.findElement(By.cssSelector("code.totp-secret")).getText());
        shot(name, "2-enrol");
        type("code", "000000".equals(code(secret)) ? "111111" : "000000");
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form[action='/platform/login/enrol'] button"));
        assertThat(driver.findElement(By.id("code-error")).getText()).contains("does not match");
        shot(name, "3-enrol-wrong-code");
        type("code", code(secret));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form[action='/platform/login/enrol'] button"));

        assertThat(driver.findElements(By.cssSelector("ol.recovery-codes li"))).hasSize(10);
        shot(name, "4-recovery-codes");
        driver.get(server.url("/platform/account"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Your account");
        shot(name, "5-account");

        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form[action='/platform/logout'] button"));
        assertThat(driver.getCurrentUrl()).endsWith("/platform/login?signedOut");
        signInWithPassword(admin);
        assertThat(driver.getCurrentUrl()).endsWith("/platform/login/second-factor");
        shot(name, "6-second-factor");
        server.clock.advance(Duration.ofSeconds(30));
        type("code", code(secret));
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form[action='/platform/login/second-factor'] button"));
        assertThat(driver.getCurrentUrl()).endsWith("/platform");
    }

    private void signInWithPassword(PlatformLogin.Admin admin) {
        type("username", admin.username());
        type("password", PlatformLogin.PASSWORD);
        HeadlessChromium.clickAndLoad(driver, By.cssSelector("form[action='/platform/login'] button"));
    }

    private void type(String field, String text) {
        WebElement input = driver.findElement(By.id(field));
        input.clear();
        input.sendKeys(text);
    }

    private static String code(byte[] secret) {
        return new TotpCodes().codeAt(secret, TotpCodes.stepOf(server.clock.instant()));
    }

    /** Saves the page, after checking it fits the window's width (nothing to scroll sideways on a phone). */
    private void shot(String width, String page) {
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as(page + " scrolls sideways at " + width + " width").isLessThanOrEqualTo(0);
        HeadlessChromium.screenshot(driver, "platform-" + width + "-" + page);
    }
}
