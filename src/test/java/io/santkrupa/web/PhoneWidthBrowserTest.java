package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.HeadlessChromium;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page at a phone's width (390 px), in Chromium, as each role of a clinic sees it: the
 * pages are read from the router (a new page is covered without editing this test) and opened
 * with the clinic's records (the fixture has a row of every table). On each, no action -- a link, a button, a field -- may
 * lie outside the screen or outside a box that clips or scrolls it sideways, and the page itself
 * may not scroll sideways; a table that cannot fit must stack its rows, not hide its columns.
 * Screenshots land in target/screenshots/at390-*.png for a person to look at.
 */
@ExtendWith(TestDatabaseExtension.class)
class PhoneWidthBrowserTest {

    private static final int WIDTH = 390;
    /** Routes that answer with a file, an image, a fragment or JSON, not a page a person reads. */
    private static final Set<String> NOT_PAGES = Set.of("/file", "/report", "/partial", "/drafts", "/{logoFileId}", "/export");

    /**
     * What the browser is asked about every action on the page: its box against the screen and
     * against every ancestor that clips or scrolls sideways; and text cut inside its own box.
     */
    private static final String CLIPPED = """
            const vw = document.documentElement.clientWidth;
            const problems = [];
            const name = el => (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
                + (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40) + '"');
            if (document.documentElement.scrollWidth > vw + 1) {
              problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide');
            }
            const actions = document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), '
                + 'main select, main textarea, main summary, header a[href], header button');
            for (const el of actions) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
              let why = null;
              if (r.left < -1 || r.right > vw + 1) why = 'outside the screen (' + Math.round(r.left) + '..' + Math.round(r.right) + ')';
              for (let a = el.parentElement; a && !why && a !== document.body; a = a.parentElement) {
                const overflow = getComputedStyle(a).overflowX;
                if (overflow !== 'visible') {
                  const box = a.getBoundingClientRect();
                  if (r.left < box.left - 1 || r.right > box.right + 1) {
                    why = 'cut by ' + a.tagName.toLowerCase() + (a.className ? '.' + a.className : '') + ' (overflow ' + overflow + ')';
                  }
                }
              }
              if (why) problems.push(name(el) + ' ' + why);
            }
            for (const el of document.querySelectorAll('main *')) {
              const overflow = getComputedStyle(el).overflowX;
              if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
                problems.push(name(el) + ' scrolls sideways (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');
              }
            }
            for (const el of document.querySelectorAll('main td, main th, main .badge, main button, main a')) {
              const s = getComputedStyle(el);
              if ((s.overflowX === 'hidden' || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1) {
                problems.push(name(el) + ' has its text cut');
              }
            }
            return problems;
            """;

    private static WebTestServer server;
    private static Clinic clinic;
    private static String slug;
    /** A visit with the doctor now (the consultation's forms) and one waiting (the queue's actions). */
    private static UUID inConsultation;

    @BeforeAll
    static void start(TestDatabase db) {
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        slug = clinic.slug();
        UUID lata = ConsultationFixture.patient(db, server.hasher, clinic, "Lata", null);
        inConsultation = ConsultationFixture.visit(db, clinic, lata, clinic.row("doctor"), server.clock.clinicToday(),
                "in_consultation", OffsetDateTime.now(server.clock));
        UUID ravi = ConsultationFixture.patient(db, server.hasher, clinic, "Ravi", null);
        ConsultationFixture.waitingVisit(db, clinic, ravi, server.clock.clinicToday());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_page_of_every_role_fits_a_phone_with_no_action_cut_off() {
        List<Route> pages = Routes.clinicRoutes(server.app()).stream()
                .filter(Route::isGet).filter(r -> !r.isApi()).filter(r -> !r.isPublic())
                .filter(r -> NOT_PAGES.stream().noneMatch(r.path()::endsWith))
                .toList();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<String> opened = new ArrayList<>();
        for (Role role : Role.values()) {
            Set<Permission> granted = PermissionMatrix.permissionsOf(role);
            WebDriver phone = phone();
            try {
                signIn(phone, WebFixture.USERNAMES.get(role));
                for (Route route : pages.stream().filter(r -> granted.contains(r.permission())).toList()) {
                    String path = route.concrete(slug, name -> clinic.row(Routes.tableOf(name)).toString());
                    check(phone, role.dbValue() + " " + route.path(), path, problems, opened);
                }
                for (String extra : extraPages(role)) {
                    check(phone, role.dbValue() + " " + extra.replace(slug, "{slug}").replace(inConsultation.toString(), "{inConsultation}"), extra, problems, opened);
                }
            } finally {
                phone.quit();
            }
        }
        WebDriver anonymous = phone();
        try {
            for (String path : List.of("/clinic/" + slug + "/login", "/clinic/" + slug + "/welcome", "/login")) {
                check(anonymous, "anonymous " + path, path, problems, opened);
            }
        } finally {
            anonymous.quit();
        }
        assertThat(opened).as("pages opened at 390 px").hasSizeGreaterThan(30);
        assertThat(problems).as("actions cut off at 390 px, by page").isEmpty();
    }

    /** The same pages in the states a person reaches them: a search with results, the lab's history. */
    private static List<String> extraPages(Role role) {
        String base = "/clinic/" + slug;
        return switch (role) {
            case RECEPTIONIST -> List.of(base + "/patients?q=Patil");
            case DOCTOR -> List.of(base + "/patients?q=Patil", base + "/visits/" + inConsultation);
            case LAB_TECHNICIAN -> List.of(base + "/lab?tab=completed");
            default -> List.of();
        };
    }

    private static void check(WebDriver phone, String label, String path, Map<String, List<String>> problems,
                              List<String> opened) {
        phone.get(server.url(path));
        String title = phone.getTitle();
        assertThat(title).as(label + " opens as a page (its title)")
                .doesNotContain("Not Found").doesNotContain("Forbidden").doesNotContain("Error");
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ((JavascriptExecutor) phone).executeScript(CLIPPED);
        if (!found.isEmpty()) {
            problems.put(label, found);
        }
        opened.add(label);
        screenshot(phone, label);
    }

    private static WebDriver phone() {
        WebDriver driver = HeadlessChromium.start(500, 900);
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        return driver;
    }

    private static void signIn(WebDriver browser, String username) {
        browser.get(server.url("/clinic/" + slug + "/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(WebFixture.password(username));
        HeadlessChromium.clickAndLoad(browser, By.cssSelector("main form button[type=submit]"));
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlToBe(server.url("/clinic/" + slug + "/")));
    }

    /** The whole page, not only the first screen of it: the emulated screen grows to the page's height. */
    private static void screenshot(WebDriver phone, String label) {
        long height = (Long) ((JavascriptExecutor) phone).executeScript("return document.documentElement.scrollHeight");
        ((ChromeDriver) phone).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", (int) Math.min(height, 6000), "deviceScaleFactor", 1, "mobile", true));
        HeadlessChromium.screenshot(phone, "at390-" + label.replaceAll("[^A-Za-z0-9]+", "-"));
        ((ChromeDriver) phone).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

}
