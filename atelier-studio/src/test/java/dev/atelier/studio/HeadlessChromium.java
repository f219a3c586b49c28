package dev.atelier.studio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium for the browser tests; a test is skipped, with a message, where it is absent. */
final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Chromium's narrowest window, in CSS pixels; narrower viewports are emulated. */
    private static final int MIN_WINDOW_WIDTH = 500;

    private HeadlessChromium() {}

    /**
     * A browser with a window of {@code width x height}, downloading into {@code downloads} when it is not null.
     * Skips the calling test when Chromium or its driver is not installed.
     */
    static WebDriver start(int width, int height, Path downloads) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height);
        // the page's console, errors included, for the tests that assert there are none
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
        }
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
        if (width < MIN_WINDOW_WIDTH) {
            // a window is never narrower than Chromium's minimum: a phone's viewport is emulated instead
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }
}
