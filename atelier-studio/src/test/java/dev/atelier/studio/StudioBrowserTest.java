package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in real headless Chromium (Debian's chromium and chromium-driver), driven like a user: upload,
 * start, watch the preview, pause, move the style weight, resume, paint a mask, stop, download.
 */
class StudioBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void aUserPaintsStopsAndDownloads() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        Path shots = Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots"));
        Files.createDirectories(shots);
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        // generated images by default; the documentation's screenshots use real ones (see docs/studio.md)
        Path contentFile = tmp.resolve("photo.png");
        Files.write(contentFile, StudioClient.png(64, 48, Color.BLUE, Color.ORANGE));
        Path styleFile = tmp.resolve("painting.png");
        Files.write(styleFile, StudioClient.png(48, 48, Color.RED, Color.YELLOW));
        if (System.getProperty("atelier.studio.e2e.content") != null) {
            contentFile = Path.of(System.getProperty("atelier.studio.e2e.content")).toAbsolutePath();
            styleFile = Path.of(System.getProperty("atelier.studio.e2e.style")).toAbsolutePath();
        }
        int size = Integer.getInteger("atelier.studio.e2e.size", 64);
        BufferedImage contentImage = ImageIO.read(contentFile.toFile());
        int[] expected = dev.atelier.style.engine.StyleTransferEngine.outputSize(contentImage.getWidth(),
                contentImage.getHeight(), size);

        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            StudioClient api = new StudioClient(server.port(), null);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
            WebDriver driver = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(server.url());
                wait.until(d -> d.findElements(By.cssSelector("#contentExample option")).size() == 3);

                driver.findElement(By.id("contentFile")).sendKeys(contentFile.toString());
                wait.until(d -> d.findElement(By.id("status")).getText().contains("upload:"));
                driver.findElement(By.id("styleFile-0")).sendKeys(styleFile.toString());
                wait.until(d -> d.findElement(By.cssSelector(".style select")).getAttribute("value").startsWith("upload:"));
                type(driver, "size", "" + size);
                type(driver, "maxEvals", "5000");
                type(driver, "scales", "1");
                type(driver, "previewEvery", "2");

                driver.findElement(By.id("start")).click();
                WebElement preview = driver.findElement(By.id("preview"));
                Set<String> seen = new LinkedHashSet<>();
                wait.until(d -> {
                    String src = preview.getAttribute("src");
                    if (src != null && src.contains("/preview.png")) {
                        seen.add(src);
                    }
                    return seen.size() >= 3;
                });
                String id = api.get("/api/jobs").json().get(0).get("id").asText();
                shot(driver, shots.resolve("studio-running.png"));

                driver.findElement(By.id("pause")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().endsWith("paused"));
                WebElement weight = driver.findElement(By.id("styleWeight"));
                weight.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
                JsonNode changed = api.waitFor(id, j -> j.get("changes").asInt() >= 1, "the style weight change");
                assertThat(changed.get("controls").get("styleWeight").asDouble()).isCloseTo(Math.pow(10, 2.5),
                        org.assertj.core.data.Percentage.withPercentage(1));
                driver.findElement(By.id("resume")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().endsWith("running"));
                int afterResume = api.get("/api/jobs/" + id).json().get("evaluations").asInt();
                api.waitFor(id, j -> j.get("evaluations").asInt() > afterResume + 2, "evaluations after resume");

                WebElement overlay = driver.findElement(By.id("maskOverlay"));
                new Actions(driver).moveToElement(overlay, -30, -10).clickAndHold().moveByOffset(30, 10)
                        .moveByOffset(20, 5).release().perform();
                JsonNode masked = api.waitFor(id, j -> j.get("controls").get("styles").get(0).has("mask"), "the painted mask");
                assertThat(masked.get("controls").get("styles").get(0).get("mask").asText()).isEqualTo("painted");
                int afterMask = masked.get("evaluations").asInt();
                api.waitFor(id, j -> j.get("evaluations").asInt() > afterMask + 2, "evaluations with the mask");
                shot(driver, shots.resolve("studio-mask.png"));

                driver.findElement(By.id("stop")).click();
                WebElement download = driver.findElement(By.id("download"));
                wait.until(d -> download.isDisplayed());
                shot(driver, shots.resolve("studio-result.png"));
                download.click();
                Path file = downloads.resolve("atelier-" + id + ".png");
                wait.until(d -> Files.isRegularFile(file));
                BufferedImage result = ImageIO.read(file.toFile());
                assertThat(new int[] {result.getWidth(), result.getHeight()}).containsExactly(expected);
                JsonNode run = api.get("/api/runs/" + id).json();
                assertThat(run.get("status").asText()).isEqualTo("stopped");
                assertThat(run.get("changes").size()).isGreaterThanOrEqualTo(2);
                try (Stream<Path> left = Files.list(downloads)) {
                    assertThat(left.map(p -> p.getFileName().toString()).toList()).doesNotContain(file + ".crdownload");
                }
            } finally {
                driver.quit();
            }
        }
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static void shot(WebDriver driver, Path target) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
