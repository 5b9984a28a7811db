package io.santkrupa.browser;

import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
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
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform console's whole job in real browsers: a super admin signs in with a password and
 * a TOTP code, onboards a clinic; its first administrator (on a phone) chooses a password with
 * the one-time link and works in the clinic -- a receptionist, who registers a patient; the
 * super admin suspends the clinic and its pages are blocked, then reactivates it and the clinic
 * admin reads why. Screenshots at 1366 px and 390 px land in target/screenshots/console-*.png.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformConsoleBrowserTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private final List<WebDriver> drivers = new ArrayList<>();

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
    void closeBrowsers() {
        drivers.forEach(WebDriver::quit);
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

    @Test
    void a_super_admin_onboards_a_clinic_that_works_then_suspends_and_reactivates_it() {
        String slug = "asha-clinic-" + UUID.randomUUID().toString().substring(0, 6);

        // the super admin: password, then a code from the authenticator app
        WebDriver ops = browser(1366, 1000);
        PlatformLogin.Admin admin = PlatformLogin.newAdmin(server, db, true);
        ops.get(server.url("/platform/login"));
        type(ops, "username", admin.username());
        type(ops, "password", PlatformLogin.PASSWORD);
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action='/platform/login'] button"));
        assertThat(ops.getCurrentUrl()).endsWith("/platform/login/second-factor");
        type(ops, "code", admin.currentCode(server));
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action='/platform/login/second-factor'] button"));
        assertThat(ops.getCurrentUrl()).endsWith("/platform");
        shot(ops, "desktop", "1-clinics");

        // onboarding: a mistake first, said at its field; then the clinic and its first administrator
        HeadlessChromium.clickAndLoad(ops, By.linkText("Onboard a clinic"));
        type(ops, "name", "Asha Nursing Home");
        type(ops, "slug", "platform");
        type(ops, "code", "ASHA" + slug.substring(slug.length() - 6).toUpperCase().replace("-", ""));
        type(ops, "registration_number", "MH-NH-" + slug);
        type(ops, "city", "Kolhapur");
        type(ops, "email", "office@asha.example");
        type(ops, "max_doctors", "3");
        type(ops, "admin_full_name", "Dr. Sunita Kale");
        type(ops, "admin_username", "sunita");
        type(ops, "note", "Six-month trial agreed with Dr. Kale");
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("main form button[type=submit]"));
        assertThat(ops.findElement(By.id("slug-error")).getText()).contains("reserved");
        shot(ops, "desktop", "2-onboard-refused");
        type(ops, "slug", slug);
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("main form button[type=submit]"));
        assertThat(ops.findElement(By.tagName("h1")).getText()).isEqualTo("Asha Nursing Home is onboarded");
        String link = ops.findElement(By.id("link")).getAttribute("value");
        assertThat(link).contains("/clinic/" + slug + "/welcome/");
        shot(ops, "desktop", "3-onboarded-link");

        // the clinic's first administrator, on a phone: chooses a password with the link, signs in
        WebDriver sunita = browser(390, 844);
        sunita.get(server.url(URI.create(link).getPath()));
        assertThat(sunita.findElement(By.tagName("h1")).getText()).isEqualTo("Welcome to Asha Nursing Home");
        shot(sunita, "phone", "4-welcome");
        String password = "kolhapur misal with extra tarri";
        type(sunita, "password", password);
        type(sunita, "password_confirm", password);
        HeadlessChromium.clickAndLoad(sunita, By.cssSelector("main form button[type=submit]"));
        assertThat(sunita.getPageSource()).contains("Your password is set");
        assertThat(sunita.findElement(By.id("username")).getAttribute("value")).isEqualTo("sunita");
        type(sunita, "password", password);
        HeadlessChromium.clickAndLoad(sunita, By.cssSelector("main form button[type=submit]"));
        assertThat(sunita.getCurrentUrl()).isEqualTo(server.url("/clinic/" + slug + "/"));
        shot(sunita, "phone", "5-clinic-admin-dashboard");

        // she works in it: a receptionist, who registers the clinic's first patient
        sunita.get(server.url("/clinic/" + slug + "/staff/new"));
        new Select(sunita.findElement(By.id("role"))).selectByValue("receptionist");
        type(sunita, "username", "front");
        type(sunita, "full_name", "Rekha Jadhav");
        String receptionPassword = "counter by the neem tree";
        type(sunita, "password", receptionPassword);
        type(sunita, "password_confirm", receptionPassword);
        HeadlessChromium.clickAndLoad(sunita, By.cssSelector("main form button[type=submit]"));
        assertThat(sunita.getPageSource()).contains("The account was created");

        WebDriver desk = browser(1366, 900);
        desk.get(server.url("/clinic/" + slug + "/login"));
        type(desk, "username", "front");
        type(desk, "password", receptionPassword);
        HeadlessChromium.clickAndLoad(desk, By.cssSelector("main form button[type=submit]"));
        desk.get(server.url("/clinic/" + slug + "/patients/new"));
        type(desk, "firstName", "Gauri");
        type(desk, "lastName", "Patankar");
        new Select(desk.findElement(By.name("gender"))).selectByValue("female");
        type(desk, "phone", "+91 98500 12121");
        HeadlessChromium.clickAndLoad(desk, By.cssSelector("main form button[type=submit]"));
        assertThat(desk.findElement(By.tagName("h1")).getText()).contains("Gauri Patankar").contains("PT-ASHA");

        // the console counts what the clinic holds, and shows none of it
        ops.get(server.url("/platform/clinics/" + slug));
        String clinicPage = ops.getPageSource();
        assertThat(clinicPage).contains("<th scope=\"row\">Patients</th><td class=\"num\">1</td>")
                .doesNotContain("Gauri").doesNotContain("Patankar").doesNotContain("Rekha");
        shot(ops, "desktop", "6-clinic-page");
        wholePage(ops, "desktop", "6-clinic-page-whole");

        // suspended: every page of the clinic is blocked
        new Select(ops.findElement(By.id("subscription_status"))).selectByValue("suspended");
        type(ops, "reason", "Cheque for the December invoice bounced");
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action$='/status'] button"));
        assertThat(ops.getPageSource()).contains("The subscription was changed");
        sunita.navigate().refresh();
        assertThat(sunita.findElement(By.tagName("h1")).getText()).isEqualTo("This clinic is suspended");
        shot(sunita, "phone", "7-suspended");
        desk.get(server.url("/clinic/" + slug + "/patients?q=gau"));
        assertThat(desk.findElement(By.tagName("h1")).getText()).isEqualTo("This clinic is suspended");
        assertThat(desk.getPageSource()).doesNotContain("Patankar");

        // reactivated: the clinic works again and its admin reads what happened and why
        new Select(ops.findElement(By.id("subscription_status"))).selectByValue("active");
        // a date input takes keystrokes in the browser's locale; set its value as a date picker would
        ((JavascriptExecutor) ops).executeScript("arguments[0].value = arguments[1];",
                ops.findElement(By.id("subscription_ends_on")), "2027-06-30");
        type(ops, "reason", "Paid by bank transfer on 4 Dec");
        HeadlessChromium.clickAndLoad(ops, By.cssSelector("form[action$='/status'] button"));
        sunita.get(server.url("/clinic/" + slug + "/"));
        assertThat(sunita.getPageSource()).contains("Paid by bank transfer on 4 Dec")
                .contains("suspended → active until 2027-06-30");
        shot(sunita, "phone", "8-reactivated-dashboard");
        sunita.get(server.url("/clinic/" + slug + "/settings#subscription-history"));
        assertThat(sunita.getPageSource()).contains("Cheque for the December invoice bounced");
        shot(sunita, "phone", "9-subscription-history");
        desk.get(server.url("/clinic/" + slug + "/patients?q=gau"));
        assertThat(desk.getPageSource()).contains("Patankar");

        // the console at a phone's width, and the trail of all of it
        WebDriver opsPhone = browser(390, 1400);
        PlatformLogin.Admin second = PlatformLogin.newAdmin(server, db, true);
        server.clock.advance(Duration.ofSeconds(30));
        opsPhone.get(server.url("/platform/login"));
        type(opsPhone, "username", second.username());
        type(opsPhone, "password", PlatformLogin.PASSWORD);
        HeadlessChromium.clickAndLoad(opsPhone, By.cssSelector("form[action='/platform/login'] button"));
        type(opsPhone, "code", second.currentCode(server));
        HeadlessChromium.clickAndLoad(opsPhone, By.cssSelector("form[action='/platform/login/second-factor'] button"));
        opsPhone.get(server.url("/platform?q=" + slug));
        assertThat(opsPhone.getPageSource()).contains(slug);
        shot(opsPhone, "phone", "10-clinics");
        opsPhone.get(server.url("/platform/clinics/" + slug));
        shot(opsPhone, "phone", "11-clinic-page");
        ops.get(server.url("/platform?sort=newest"));
        assertThat(ops.getPageSource()).contains("Asha Nursing Home");
        shot(ops, "desktop", "11-clinics-with-data");
        ops.get(server.url("/platform/audit?clinic=" + slug));
        assertThat(ops.getPageSource()).contains("clinic.onboard").contains("clinic.subscription_change")
                .contains(admin.username());
        shot(ops, "desktop", "12-audit");
    }

    /** The whole page in one picture (a taller window for the moment), for the forms below the fold. */
    private static void wholePage(WebDriver driver, String width, String page) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;"))
                .longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) height + 150));
        shot(driver, width, page);
        driver.manage().window().setSize(before);
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Saves the page, after checking it fits the window's width (nothing to scroll sideways on a phone). */
    private static void shot(WebDriver driver, String width, String page) {
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as(page + " scrolls sideways at " + width + " width").isLessThanOrEqualTo(0);
        HeadlessChromium.screenshot(driver, "console-" + width + "-" + page);
    }
}
