package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in real headless Chromium (Debian's chromium and chromium-driver), driven like a user: upload,
 * start, watch the preview, pause, move the style weight, resume, paint a mask, stop, download.
 */
class StudioBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void aUserPaintsStopsAndDownloads() throws Exception {
        Path shots = Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots"));
        Files.createDirectories(shots);
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        // the studio's own example photo and painting, uploaded as a user would; the documentation's
        // screenshots name others (see docs/studio.md). Not generated images: a two-colour picture converges
        // within ~40 evaluations, about a second here, and the run would be over before the user pauses it.
        Path contentFile = tmp.resolve("photo.png");
        Files.write(contentFile, resource("/studio/examples/content/chelsea.png"));
        Path styleFile = tmp.resolve("painting.jpg");
        Files.write(styleFile, resource("/studio/examples/style/hokusai-great-wave.jpg"));
        if (System.getProperty("atelier.studio.e2e.content") != null) {
            contentFile = Path.of(System.getProperty("atelier.studio.e2e.content")).toAbsolutePath();
            styleFile = Path.of(System.getProperty("atelier.studio.e2e.style")).toAbsolutePath();
        }
        // 128 px: ~150 evaluations before the optimisation converges, ~10 s of running to steer
        int size = Integer.getInteger("atelier.studio.e2e.size", 128);
        BufferedImage contentImage = ImageIO.read(contentFile.toFile());
        int[] expected = dev.atelier.style.engine.StyleTransferEngine.outputSize(contentImage.getWidth(),
                contentImage.getHeight(), size);

        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            StudioClient api = new StudioClient(server.port(), null);
            WebDriver driver = HeadlessChromium.start(1400, 1000, downloads);
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

    @Test
    void aUserPlacesAnObjectPaintsItsMaskAndWatchesItBlend() throws Exception {
        Path shots = Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots"));
        Files.createDirectories(shots);
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        int size = Integer.getInteger("atelier.studio.e2e.harmonize.size", 96);
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            StudioClient api = new StudioClient(server.port(), null);
            WebDriver driver = HeadlessChromium.start(1400, 1000, downloads);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(180));
                driver.get(server.url());
                wait.until(d -> d.findElements(By.cssSelector("#hObject option")).size() == 3);
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("harmonize");
                WebElement stage = driver.findElement(By.id("hStage"));
                wait.until(d -> stage.isDisplayed());
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
                wait.until(d -> js.executeScript("return h.painting !== null && h.object !== null && h.x > 0"));
                // the built-in examples by default (the first painting and object); the screenshot in
                // docs/studio.md names others
                for (String[] pick : new String[][] {{"hPainting", "atelier.studio.e2e.painting"},
                    {"hObject", "atelier.studio.e2e.object"}}) {
                    String ref = System.getProperty(pick[1]);
                    if (ref != null) {
                        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id(pick[0]))).selectByValue(ref);
                        wait.until(d -> js.executeScript("return h.painting.ref + ' ' + h.object.ref").toString().contains(ref));
                    }
                }
                // the drag below is measured against the stage as laid out with the chosen painting and the
                // object centred on it
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .withMessage("the stage laid out with the painting and the object centred on it")
                        .until(d -> (Boolean) js.executeScript("const c = document.getElementById('hStage');"
                                + " return c.width === h.painting.img.naturalWidth && c.getBoundingClientRect().width > 0"
                                + " && h.x === Math.round((c.width - objectWidth()) / 2)"
                                + " && h.y === Math.round((c.height - objectHeight()) / 2);"));
                long x0 = (Long) js.executeScript("return h.x");
                long y0 = (Long) js.executeScript("return h.y");
                long stageWidth = (Long) js.executeScript("return document.getElementById('hStage').width");
                double shown = stage.getSize().getWidth();

                // drag the object 40 screen pixels right and 10 down: it moves by that much in painting pixels
                new Actions(driver).moveToElement(stage).clickAndHold().moveByOffset(20, 5).moveByOffset(20, 5)
                        .release().perform();
                long x1 = (Long) js.executeScript("return h.x");
                long y1 = (Long) js.executeScript("return h.y");
                assertThat((double) (x1 - x0)).isCloseTo(40 * stageWidth / shown, org.assertj.core.data.Offset.offset(3.0));
                assertThat((double) (y1 - y0)).isCloseTo(10 * stageWidth / shown, org.assertj.core.data.Offset.offset(3.0));
                // scale it down a step with the keyboard; then paint its mask with the brush
                driver.findElement(By.id("hScale")).sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT);
                double scale = ((Number) js.executeScript("return h.scale")).doubleValue();
                driver.findElement(By.id("hBrush")).click();
                driver.findElement(By.id("hBrushSize")).sendKeys(Keys.END);
                // a zigzag over the object's middle with the widest brush (the object's centre is now 40,10
                // screen pixels right of and below the stage's)
                Actions zigzag = new Actions(driver).moveToElement(stage, 0, -10).clickAndHold();
                for (int row = 0; row < 4; row++) {
                    zigzag.moveByOffset(row % 2 == 0 ? 80 : -80, 0).moveByOffset(0, 10);
                }
                zigzag.release().perform();
                assertThat((Boolean) js.executeScript("return h.painted")).isTrue();
                type(driver, "hSize", "" + size);
                type(driver, "hMaxEvals", "400");
                type(driver, "hScales", (size / 2) + "," + size);
                type(driver, "hPreviewEvery", "2");

                driver.findElement(By.id("hStart")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().startsWith("job ")
                        || !d.findElement(By.id("hError")).getText().isEmpty());
                assertThat(driver.findElement(By.id("hError")).getText()).isEmpty();
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
                JsonNode job = api.get("/api/harmonize/" + id).json();
                assertThat(job.get("kind").asText()).isEqualTo("harmonize");
                JsonNode controls = job.get("controls");
                assertThat(controls.get("x").asLong()).isEqualTo((Long) js.executeScript("return h.x"));
                assertThat(controls.get("y").asLong()).isEqualTo((Long) js.executeScript("return h.y"));
                assertThat(controls.get("scale").asDouble()).isEqualTo(scale);
                assertThat(controls.get("mask").asText()).isEqualTo("painted");

                driver.findElement(By.id("hPause")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().endsWith("paused"));
                int held = api.get("/api/harmonize/" + id).json().get("evaluations").asInt();
                api.live().assertNone(e -> LiveChannel.event(id, "eval").test(e) && e.get("evaluation").asInt() > held,
                        Duration.ofMillis(500), "an evaluation while paused");
                assertThat(api.get("/api/harmonize/" + id).json().get("evaluations").asInt()).isEqualTo(held);
                driver.findElement(By.id("hResume")).click();
                wait.until(d -> d.findElement(By.id("status")).getText().endsWith("running"));
                api.follow(id, () -> api.get("/api/harmonize/" + id).json(), j -> j.get("evaluations").asInt() > held + 2,
                        "evaluations after resume", Duration.ofSeconds(180));
                shot(driver, shots.resolve("studio-harmonize.png"));

                driver.findElement(By.id("hStop")).click();
                WebElement download = driver.findElement(By.id("download"));
                wait.until(d -> download.isDisplayed());
                download.click();
                Path file = downloads.resolve("atelier-harmonized-" + id + ".png");
                wait.until(d -> Files.isRegularFile(file));
                BufferedImage result = ImageIO.read(file.toFile());
                long pw = (Long) js.executeScript("return h.painting.img.naturalWidth");
                long ph = (Long) js.executeScript("return h.painting.img.naturalHeight");
                int[] expected = dev.atelier.style.harmonize.Harmonizer.workingSize((int) pw, (int) ph, size);
                assertThat(new int[] {result.getWidth(), result.getHeight()}).containsExactly(expected);
                assertThat(api.get("/api/harmonize/" + id).json().get("status").asText()).isEqualTo("stopped");
                // the history lists it as a harmonization, and opening it shows its result
                wait.until(d -> d.findElements(By.cssSelector("#history li.harmonize")).stream()
                        .anyMatch(li -> li.getText().contains(id.substring(0, 8) + " stopped")));
                WebElement row = driver.findElement(By.cssSelector("#history li.harmonize"));
                assertThat(row.findElement(By.cssSelector(".kind")).getText()).isEqualTo("harmonize");
                js.executeScript("document.getElementById('preview').src = ''");
                row.findElement(By.tagName("button")).click();
                assertThat(preview.getAttribute("src")).endsWith("/api/harmonize/" + id + "/result.png?v=final");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void theHarmonizeFormOffersBothBudgetsAndShowsEachPassAsItFinishes() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1400, 1000, null);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(180));
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
                driver.get(server.url());
                wait.until(d -> d.findElements(By.cssSelector("#hObject option")).size() == 3);
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("harmonize");
                wait.until(d -> js.executeScript("return h.painting !== null && h.object !== null && h.x > 0"));

                // the quality is in the form itself, each choice saying what it costs
                WebElement quality = driver.findElement(By.id("hQuality"));
                assertThat(quality.isDisplayed()).isTrue();
                org.openqa.selenium.support.ui.Select choice = new org.openqa.selenium.support.ui.Select(quality);
                assertThat(choice.getOptions()).extracting(o -> o.getAttribute("value")).containsExactly("fast", "paper");
                assertThat(choice.getOptions().get(0).getText()).contains("about 10 seconds");
                assertThat(choice.getOptions().get(1).getText()).contains("authors'").contains("hour");
                assertThat(driver.findElement(By.id("hQualityCost")).getText()).startsWith("fast: about 10 seconds");
                // paper: the empty fields show its size, budget and ladder, and none of them is sent
                choice.selectByValue("paper");
                assertThat(driver.findElement(By.id("hSize")).getAttribute("placeholder")).isEqualTo("700");
                assertThat(driver.findElement(By.id("hMaxEvals")).getAttribute("placeholder")).isEqualTo("2000");
                assertThat(driver.findElement(By.id("hScales")).getAttribute("placeholder")).isEqualTo("1");
                assertThat(driver.findElement(By.id("hQualityCost")).getText()).contains("hour");
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> sent = (java.util.Map<String, Object>) js.executeScript("return harmonizeControls()");
                assertThat(sent).containsEntry("quality", "paper").doesNotContainKeys("size", "maxEvals", "scales");
                choice.selectByValue("fast");
                assertThat(driver.findElement(By.id("hSize")).getAttribute("placeholder")).isEqualTo("256");

                // no pass images before a run: hidden, not a broken image
                for (String p : new String[] {"pass1Figure", "pass2Figure"}) {
                    assertThat(driver.findElement(By.id(p)).isDisplayed()).as(p).isFalse();
                }
                type(driver, "hSize", "96");
                type(driver, "hMaxEvals", "40");
                type(driver, "hScales", "48,96");
                driver.findElement(By.id("hStart")).click();
                // both thumbnails appear while it runs, each loaded from a live version (?v=N, not the final file)
                wait.until(d -> (Boolean) js.executeScript("return [1, 2].every(p => passLoads.some(l => l.pass === p"
                        + " && /\\?v=[0-9]+$/.test(l.url) && l.width > 0))"));
                for (int p = 1; p <= 2; p++) {
                    WebElement img = driver.findElement(By.id("pass" + p));
                    assertThat(img.isDisplayed()).isTrue();
                    assertThat(((Number) js.executeScript("return arguments[0].naturalWidth", img)).intValue()).isPositive();
                }
                assertThat(driver.findElement(By.id("pass1Figure")).getText()).startsWith("pass 1 (robust)");
                assertThat(driver.findElement(By.id("pass2Figure")).getText()).startsWith("pass 2 (refined)");
                Path shots = Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots"));
                shot(driver, Files.createDirectories(shots).resolve("studio-harmonize-passes.png"));
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

    private static byte[] resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = StudioBrowserTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new java.io.FileNotFoundException(name + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }
}
