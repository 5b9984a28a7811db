package io.santkrupa.browser;

import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicRows;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.PlatformConsoleFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suspended clinic leaves the platform from its console page in a real browser: the export is
 * downloaded with its button, a wrong slug typed is refused at its field, then the downloaded file
 * and the right slug delete it and the list says so. Screenshots at 1366 px and 390 px land in
 * target/screenshots/console-archive-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class ConsoleArchivesBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private final List<WebDriver> drivers = new ArrayList<>();

    @TempDir
    Path downloads;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = WebTestServer.withMaintenanceLogin(db);
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
    void a_super_admin_downloads_a_suspended_clinics_export_and_offboards_it_with_the_slug_typed() throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        suspend(clinic);
        String page = "/platform/clinics/" + clinic.slug();

        WebDriver ops = HeadlessChromium.startDownloadingTo(1366, 900, downloads);
        drivers.add(ops);
        signIn(ops);
        ops.get(server.url(page));
        wholePage(ops, "desktop", "1-suspended-clinic");

        ops.findElement(By.cssSelector("form[action$='/export'] button")).click(); // a download: no new page
        String name = clinic.slug() + "-" + LocalDate.now(ZoneOffset.UTC) + ".santkrupa.zip";
        byte[] archive = HeadlessChromium.awaitDownload(downloads, name);
        assertThat(archive.length).isGreaterThan(1000);
        assertThat(ops.getCurrentUrl()).isEqualTo(server.url(page)); // a download: the page stays

        ops.findElement(By.id("export")).sendKeys(downloads.resolve(name).toAbsolutePath().toString());
        type(ops, "confirm", clinic.slug() + "-typo");
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action$='/offboard'] button"));
        assertThat(ops.findElement(By.id("confirm-error")).getText()).contains("Type the clinic's web address");
        wholePage(ops, "desktop", "2-wrong-slug");
        assertThat(ClinicRows.of(db, clinic.id()).get("patient")).isEqualTo(1L);

        ops.findElement(By.id("export")).sendKeys(downloads.resolve(name).toAbsolutePath().toString());
        type(ops, "confirm", clinic.slug());
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action$='/offboard'] button"));
        assertThat(ops.getCurrentUrl()).isEqualTo(server.url("/platform?done=offboarded"));
        assertThat(ops.getPageSource()).contains("The clinic was offboarded");
        shot(ops, "desktop", "3-offboarded");
        assertThat(ClinicRows.of(db, clinic.id()).values()).containsOnly(0L);

        // the same page on a phone, for another suspended clinic
        ClinicFixture.Clinic other = ClinicFixture.create(db);
        suspend(other);
        WebDriver phone = HeadlessChromium.start(500, 1800);
        drivers.add(phone);
        ((ChromeDriver) phone).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 1800, "deviceScaleFactor", 1, "mobile", true));
        signIn(phone);
        phone.get(server.url("/platform/clinics/" + other.slug() + "#export-heading"));
        shot(phone, "phone", "4-suspended-clinic");
    }

    private static void suspend(ClinicFixture.Clinic clinic) {
        ClinicRegistry registry = new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC());
        ClinicRegistry.ClinicRow row = registry.find(clinic.slug()).orElseThrow();
        registry.changeStatus(row.id(), row.version(), SubscriptionStatus.SUSPENDED, null, "Contract ended",
                PlatformActor.commandLine());
    }

    /** A complete console session (both factors), its cookie given to the browser. */
    private static void signIn(WebDriver driver) {
        String cookie = PlatformConsoleFixture.signedIn(server, db).browser().cookies.get("santkrupa_platform");
        driver.get(server.url("/platform/login"));
        driver.manage().addCookie(new Cookie("santkrupa_platform", cookie, "/"));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void wholePage(WebDriver driver, String width, String page) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;"))
                .longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) height + 150));
        shot(driver, width, page);
        driver.manage().window().setSize(before);
    }

    /** Saves the page, after checking it fits the window's width (nothing to scroll sideways on a phone). */
    private static void shot(WebDriver driver, String width, String page) {
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as(page + " scrolls sideways at " + width + " width").isLessThanOrEqualTo(0);
        HeadlessChromium.screenshot(driver, "console-archive-" + width + "-" + page);
    }
}
