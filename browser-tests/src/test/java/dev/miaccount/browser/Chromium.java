package dev.miaccount.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver (packages {@code chromium} and {@code chromium-driver}).
 * Both paths are given explicitly, so Selenium never tries to download a browser or a driver: that cannot work
 * on these machines.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static final String MISSING = "browser tests skipped: " + BROWSER + " or " + DRIVER
            + " missing (apt-get install chromium chromium-driver)";

    /** CI=true (what CI services set): a missing browser is a broken CI machine, and a green build would lie. */
    static final boolean ON_CI = "true".equalsIgnoreCase(System.getenv("CI"));

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /**
     * On a developer's machine without Chromium, skips the calling test rather than failing; with CI=true, fails it:
     * CI must never go green without having run the browser tests.
     */
    static void assumeInstalled() {
        failOnCiWhenMissing();
        Assumptions.assumeTrue(installed(), MISSING);
    }

    /** With CI=true and no Chromium: the failure, before anything is started for the tests. */
    static void failOnCiWhenMissing() {
        if (ON_CI && !installed()) {
            throw new IllegalStateException("CI=true and " + BROWSER + " or " + DRIVER
                    + " is missing: install them (apt-get install chromium chromium-driver); CI does not skip these");
        }
    }

    static Chromium start() {
        try {
            Path profile = Files.createTempDirectory("browser-tests-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync",
                    "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000",
                    // the dashboard paints on animation frames: keep every window painting, as a person's screen would
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                    "--disable-backgrounding-occluded-windows");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Saves what the window shows now as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
