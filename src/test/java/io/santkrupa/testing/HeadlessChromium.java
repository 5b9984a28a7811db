package io.santkrupa.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * A headless Chromium for end-to-end tests: Debian's chromium driven by its chromium-driver
 * package (bash .ci/run installs both). Selenium never downloads a browser or driver of its
 * own. Where neither can be installed, the test is skipped with a message saying so.
 */
public final class HeadlessChromium {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private HeadlessChromium() {
    }

    public static WebDriver start(int width, int height) {
        ChromeOptions options = options(width, height);
        return new ChromeDriver(driverService(), options);
    }

    /**
     * A browser that saves every download into {@code downloads} without asking, as a person's
     * browser does with "Ask where to save each file" switched off.
     */
    public static WebDriver startDownloadingTo(int width, int height, Path downloads) {
        ChromeOptions options = options(width, height);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true));
        ChromeDriver driver = new ChromeDriver(driverService(), options);
        // headless Chromium may ignore the preference; the DevTools command is what it always obeys
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
        return driver;
    }

    /**
     * The bytes of {@code fileName} once Chromium has finished saving it into {@code downloads}
     * (it writes to a .crdownload file first and renames it when complete).
     */
    public static byte[] awaitDownload(Path downloads, String fileName) {
        Path file = downloads.resolve(fileName);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var entries = Files.list(downloads)) {
                boolean inProgress = entries.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
                if (!inProgress && Files.isRegularFile(file)) {
                    return Files.readAllBytes(file);
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try (var entries = Files.list(downloads)) {
            throw new AssertionError("no download " + fileName + " within 30 s; the folder holds "
                    + entries.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options every test browser shares; skips the test where there is no Chromium. */
    private static ChromeOptions options(int width, int height) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                        + " on this machine (bash .ci/run installs Debian's chromium and chromium-driver).");
        try {
            return new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            // this machine's network is closed: no background calls home
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            "--window-size=" + width + "," + height,
                            "--user-data-dir=" + Files.createTempDirectory("santkrupa-chromium"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
    }

    /**
     * Clicks something that loads a new page and waits until the old page is gone, so the next
     * look at the page sees the new one (a click may return before the navigation finishes).
     */
    public static void clickAndLoad(WebDriver driver, By target) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // a document still being replaced hands out nodes that vanish under us: start from a loaded one
        wait.until(loaded());
        WebElement oldPage = wait.ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElement(By.tagName("html")));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(target).click();
                    return true;
                });
        wait.until(ExpectedConditions.stalenessOf(oldPage));
        wait.until(loaded());
    }

    private static org.openqa.selenium.support.ui.ExpectedCondition<Boolean> loaded() {
        return d -> {
            try {
                return "complete".equals(((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("return document.readyState"));
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false;
            }
        };
    }

    /** Saves what the browser shows to target/screenshots/NAME.png, for a person to look at. */
    public static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
