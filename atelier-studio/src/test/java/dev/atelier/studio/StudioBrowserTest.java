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
 * The page in real headless Chromium (Debian's chromium and chromium-driver), driven like an artist: pick a
 * photo and a style from the galleries, paint a mask stroke, start, watch the previews, Space to pause, move a
 * weight, Space to resume, Esc to stop, download, reopen from the history strip; and the harmonize mode.
 */
class StudioBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void anArtistPicksFromTheGalleryPaintsAMaskSteersStopsAndReopensFromTheHistory() throws Exception {
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        // the studio's own example photo and painting, picked from the gallery; the documentation's screenshots
        // name others (see docs/studio.md). Not generated images: a two-colour picture converges within ~40
        // evaluations, about a second here, and the run would be over before the artist pauses it.
        String content = System.getProperty("atelier.studio.e2e.contentRef", "example:chelsea");
        String style = System.getProperty("atelier.studio.e2e.styleRef", "example:hokusai-great-wave");
        // 128 px: ~150 evaluations before the optimisation converges, ~10 s of running to steer
        int size = Integer.getInteger("atelier.studio.e2e.size", 128);

        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            StudioClient api = new StudioClient(server.port(), null);
            WebDriver driver = HeadlessChromium.start(1400, 900, downloads);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                org.openqa.selenium.JavascriptExecutor js = page.js;

                // choose by looking: the photo and the style from the galleries' thumbnails
                page.thumbnail("contentGallery", content).click();
                page.wait.withMessage("the chosen photo on the picture").until(d -> content.equals(page.photo()));
                assertThat(page.thumbnail("contentGallery", content).getAttribute("aria-pressed")).isEqualTo("true");
                page.thumbnail("styleGallery", style).click();
                page.wait.withMessage("the chosen style in the run's styles").until(d ->
                        style.equals(d.findElement(By.cssSelector("#styles li.active")).getAttribute("data-ref")));
                assertThat(page.pictureWidth()).as("the picture's width").isGreaterThanOrEqualTo(700);

                // a mask stroke on the picture, over the cat: its middle turns redder (the mask's tint)
                WebElement picture = page.picture();
                String redness = "const c = arguments[0];"
                        + " const p = c.getContext('2d').getImageData(Math.round(c.width / 2), Math.round(c.height / 2), 1, 1).data;"
                        + " return p[0] - p[2];";
                page.wait.withMessage("the photo drawn").until(d -> ((Number) js.executeScript(
                        "const c = arguments[0]; return c.getContext('2d').getImageData(0, 0, 1, 1).data[3];", picture)).intValue() == 255);
                int before = ((Number) js.executeScript(redness, picture)).intValue();
                new Actions(driver).moveToElement(picture, -60, -10).clickAndHold().moveByOffset(60, 10)
                        .moveByOffset(40, 5).release().perform();
                page.wait.until(d -> "1".equals(picture.getAttribute("data-strokes")));
                // the canvas redraws on a timer: the tint is waited for, and the wait fails if it never shows
                page.wait.withMessage("the stroke to tint the picture red where it passed").until(d ->
                        ((Number) js.executeScript(redness, picture)).intValue() > before + 25);

                type(driver, "size", "" + size);
                type(driver, "maxEvals", "5000");
                type(driver, "scales", "1");
                type(driver, "previewEvery", "2");
                WebElement start = page.byId("start");
                start.click();
                Set<String> seen = new LinkedHashSet<>();
                page.wait.withMessage("three previews on the picture").until(d -> {
                    String p = page.painting();
                    if (p.startsWith("preview:")) {
                        seen.add(p);
                    }
                    return seen.size() >= 3;
                });
                String id = seen.iterator().next().split(":")[1];
                assertThat(page.state()).isEqualTo("running");
                shot(driver, "studio-running.png");

                // Space pauses (the focus is still on Start: the shortcut wins, no second run is started)
                new Actions(driver).sendKeys(Keys.SPACE).perform();
                page.waitForState("paused");
                assertThat(page.byId("pauseResume").getText()).isEqualTo("Resume");
                // an answer that arrives after the live channel's newer news (the pause request's "pausing")
                // does not take the bar back
                long revision = api.get("/api/jobs/" + id).json().get("revision").asLong();
                String late = (String) js.executeScript("const p = studio.progress;"
                        + " p.update(Object.assign({}, p.jobs.get(arguments[0]), {status: 'pausing', revision: 1}));"
                        + " p.render(); return document.getElementById('runState').textContent;", id);
                assertThat(late).isEqualTo("paused");
                assertThat(api.get("/api/jobs/" + id).json().get("revision").asLong())
                        .as("every description is newer than the one before").isGreaterThan(revision);
                assertThat(api.get("/api/jobs").json().size()).as("runs after Space on the Start button").isEqualTo(1);
                // one figure everywhere: the bar, the job list and the server agree while it is held
                int held = api.get("/api/jobs/" + id).json().get("evaluations").asInt();
                String figure = "evaluations " + held + "/5000 \u00b7 scale 1/1";
                page.wait.withMessage("the bar's figure").until(d -> page.byId("runFigure").getText().startsWith(figure));
                assertThat(page.text(By.cssSelector("#jobs li[data-job='" + id + "'] .figure")))
                        .isEqualTo(page.byId("runFigure").getText());

                // a slider moved while paused is sent at once and applies when it resumes
                WebElement weight = page.byId("styleWeight");
                weight.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
                JsonNode changed = api.waitFor(id, j -> j.get("changes").asInt() >= 1, "the style weight change");
                assertThat(changed.get("controls").get("styleWeight").asDouble()).isCloseTo(Math.pow(10, 1.5),
                        org.assertj.core.data.Percentage.withPercentage(1));
                assertThat(changed.get("controls").get("styles").get(0).get("mask").asText()).isEqualTo("painted");
                assertThat(page.byId("styleWeightValue").getText()).isEqualTo("32");
                // Space again, from the slider: resumes
                weight.sendKeys(Keys.SPACE);
                page.waitForState("running");
                api.waitFor(id, j -> j.get("evaluations").asInt() > held + 2, "evaluations after resume");

                // Esc stops: the result is on the picture, its download beside it
                new Actions(driver).sendKeys(Keys.ESCAPE).perform();
                page.waitForState("stopped");
                page.wait.withMessage("the result on the picture").until(d -> page.painting().equals("result:" + id));
                WebElement download = page.byId("download");
                page.wait.until(d -> download.isDisplayed());
                shot(driver, "studio-result.png");
                download.click();
                Path file = downloads.resolve("atelier-" + id + ".png");
                page.wait.until(d -> Files.isRegularFile(file));
                BufferedImage result = ImageIO.read(file.toFile());
                BufferedImage photo = ImageIO.read(new java.io.ByteArrayInputStream(
                        api.get("/api/image?ref=" + content).body()));
                int[] expected = dev.atelier.style.engine.StyleTransferEngine.outputSize(photo.getWidth(), photo.getHeight(), size);
                assertThat(new int[] {result.getWidth(), result.getHeight()}).containsExactly(expected);
                JsonNode run = api.get("/api/runs/" + id).json();
                assertThat(run.get("status").asText()).isEqualTo("stopped");

                // another photo, then the run reopened from the history strip: its photo and its result again
                page.thumbnail("contentGallery", "example:coffee").click();
                page.wait.until(d -> "example:coffee".equals(page.photo()) && page.painting().isEmpty());
                By thumb = By.cssSelector("#history li[data-run='" + id + "'] button");
                WebElement item = page.wait.withMessage("the run in the history strip").until(d ->
                        d.findElements(thumb).stream().filter(WebElement::isEnabled).findFirst().orElse(null));
                page.wait.withMessage("the run's thumbnail").until(d -> !d.findElements(
                        By.cssSelector("#history li[data-run='" + id + "'] img:not([hidden])")).isEmpty());
                item.click();
                page.wait.withMessage("the reopened run on the picture").until(d ->
                        page.painting().equals("result:" + id) && content.equals(page.photo()));
                assertThat(driver.findElement(thumb).getAttribute("aria-pressed")).as("the reopened run marked").isEqualTo("true");
                assertThat(page.byId("branch").isDisplayed()).isTrue();
                // the compare slider at its right end shows the photo, at its left end the painting
                WebElement compare = page.byId("compare");
                compare.sendKeys(Keys.END);
                assertThat(compare.getAttribute("value")).isEqualTo("100");

                // branched from its result: a second run, stopped with Esc once it paints
                page.byId("branch").click();
                page.wait.withMessage("the branch painting").until(d -> page.painting().startsWith("preview:")
                        && !page.painting().startsWith("preview:" + id));
                String branch = page.painting().split(":")[1];
                new Actions(driver).sendKeys(Keys.ESCAPE).perform();
                page.waitForState("stopped");
                page.wait.until(d -> page.painting().equals("result:" + branch));
                By branchThumb = By.cssSelector("#history li[data-run='" + branch + "'] button");
                page.wait.withMessage("the branch in the history strip").until(d ->
                        d.findElements(branchThumb).stream().anyMatch(WebElement::isEnabled));
                assertThat(driver.findElement(branchThumb).getText()).contains("branch");
                // compare two: the first run open, the branch beside it (left of the divider)
                driver.findElement(thumb).click();
                page.wait.until(d -> page.painting().equals("result:" + id));
                WebElement compareRun = page.byId("compareRun");
                compareRun.click();
                assertThat(compareRun.getAttribute("aria-pressed")).isEqualTo("true");
                driver.findElement(branchThumb).click();
                page.wait.withMessage("the branch beside the run").until(d -> ("result:" + branch).equals(page.photo()));
                assertThat(page.painting()).isEqualTo("result:" + id);
                assertThat(compare.getAttribute("value")).isEqualTo("50");
                assertThat(page.byId("compareHint").getText()).contains(branch.substring(0, 8));
                assertThat(compareRun.getAttribute("aria-pressed")).isEqualTo("false");
                assertThat(page.visibleImagesWithoutPixels()).isEmpty();
                assertThat(page.consoleErrors()).isEmpty();
                // after a run, with the job list, the history strip and the downloads on the page
                assertThat(page.axeViolations("color-contrast", "label")).as("axe after a run").isEmpty();
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
                StudioPage studio = new StudioPage(driver);
                studio.wait.withMessage("the page to start").until(d -> "true".equals(studio.body().getAttribute("data-ready")));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("harmonize");
                WebElement stage = driver.findElement(By.id("hStage"));
                wait.until(d -> stage.isDisplayed());
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
                wait.until(d -> js.executeScript("return window.studio && studio.h.painting !== null && studio.h.object !== null && studio.h.x > 0"));
                // the first painting by default, picked from its gallery otherwise (the screenshot in docs/studio.md)
                String painting = System.getProperty("atelier.studio.e2e.painting");
                if (painting != null) {
                    studio.thumbnail("hPaintingGallery", painting).click();
                    wait.until(d -> js.executeScript("return studio.h.painting.ref").equals(painting));
                }
                // the object dragged from its gallery onto the painting: it lands centred where it is dropped
                String object = System.getProperty("atelier.studio.e2e.object", "example:coffee");
                WebElement thumb = studio.thumbnail("hObjectGallery", object);
                dragThumbnail(js, thumb, stage, -60, -30);
                wait.withMessage("the dropped object on the stage").until(d ->
                        js.executeScript("return studio.h.object.ref").equals(object));
                double perScreen = ((Number) js.executeScript("const c = arguments[0]; return c.width / c.getBoundingClientRect().width;",
                        stage)).doubleValue();
                double cx = ((Number) js.executeScript("return studio.h.x + studio.objectWidth() / 2")).doubleValue();
                double cy = ((Number) js.executeScript("return studio.h.y + studio.objectHeight() / 2")).doubleValue();
                double stageW = ((Number) js.executeScript("return arguments[0].width", stage)).doubleValue();
                double stageH = ((Number) js.executeScript("return arguments[0].height", stage)).doubleValue();
                assertThat(cx).as("the object's centre across").isCloseTo(stageW / 2 - 60 * perScreen, org.assertj.core.data.Offset.offset(2 * perScreen));
                assertThat(cy).as("the object's centre down").isCloseTo(stageH / 2 - 30 * perScreen, org.assertj.core.data.Offset.offset(2 * perScreen));
                assertThat(thumb.getAttribute("aria-pressed")).isEqualTo("true");
                // clicked, it is centred again (the drags below start from there)
                thumb.click();
                // the drag below is measured against the stage as laid out with the chosen painting and the
                // object centred on it
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .withMessage("the stage laid out with the painting and the object centred on it")
                        .until(d -> (Boolean) js.executeScript("const c = document.getElementById('hStage');"
                                + " return c.width === studio.h.painting.img.naturalWidth && c.getBoundingClientRect().width > 0"
                                + " && studio.h.x === Math.round((c.width - studio.objectWidth()) / 2)"
                                + " && studio.h.y === Math.round((c.height - studio.objectHeight()) / 2);"));
                long x0 = (Long) js.executeScript("return studio.h.x");
                long y0 = (Long) js.executeScript("return studio.h.y");
                long stageWidth = (Long) js.executeScript("return document.getElementById('hStage').width");
                double shown = stage.getSize().getWidth();

                // drag the object 40 screen pixels right and 10 down: it moves by that much in painting pixels
                new Actions(driver).moveToElement(stage).clickAndHold().moveByOffset(20, 5).moveByOffset(20, 5)
                        .release().perform();
                long x1 = (Long) js.executeScript("return studio.h.x");
                long y1 = (Long) js.executeScript("return studio.h.y");
                assertThat((double) (x1 - x0)).isCloseTo(40 * stageWidth / shown, org.assertj.core.data.Offset.offset(3.0));
                assertThat((double) (y1 - y0)).isCloseTo(10 * stageWidth / shown, org.assertj.core.data.Offset.offset(3.0));
                // the frame's corner handle scales it, its top-left corner staying put: 30 screen pixels in
                double before = ((Number) js.executeScript("return studio.h.scale")).doubleValue();
                long cornerX = (Long) js.executeScript("return studio.h.x + studio.objectWidth()");
                long cornerY = (Long) js.executeScript("return studio.h.y + studio.objectHeight()");
                long stageHeight = (Long) js.executeScript("return document.getElementById('hStage').height");
                double toScreen = shown / stageWidth;
                new Actions(driver).moveToElement(stage, (int) Math.round(cornerX * toScreen - shown / 2),
                        (int) Math.round(cornerY * toScreen - stageHeight * toScreen / 2)).clickAndHold()
                        .moveByOffset(-15, -15).moveByOffset(-15, -15).release().perform();
                double handled = ((Number) js.executeScript("return studio.h.scale")).doubleValue();
                assertThat(handled).as("the scale after dragging the corner in").isLessThan(before);
                assertThat((Long) js.executeScript("return studio.h.x")).isEqualTo(x1);
                assertThat((Long) js.executeScript("return studio.h.y")).isEqualTo(y1);
                // scale it down a step with the keyboard; then paint its mask with the brush
                driver.findElement(By.id("hScale")).sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT);
                double scale = ((Number) js.executeScript("return studio.h.scale")).doubleValue();
                driver.findElement(By.id("hBrush")).click();
                driver.findElement(By.id("hBrushSize")).sendKeys(Keys.END);
                // a zigzag over the object's middle with the widest brush (the object's centre is now 40,10
                // screen pixels right of and below the stage's)
                Actions zigzag = new Actions(driver).moveToElement(stage, 0, -10).clickAndHold();
                for (int row = 0; row < 4; row++) {
                    zigzag.moveByOffset(row % 2 == 0 ? 80 : -80, 0).moveByOffset(0, 10);
                }
                zigzag.release().perform();
                assertThat((Boolean) js.executeScript("return studio.h.painted")).isTrue();
                type(driver, "hSize", "" + size);
                type(driver, "hMaxEvals", "400");
                type(driver, "hScales", (size / 2) + "," + size);
                type(driver, "hPreviewEvery", "2");

                driver.findElement(By.id("start")).click();
                wait.until(d -> !d.findElement(By.id("runState")).getText().equals("idle")
                        || !d.findElement(By.id("hError")).getText().isEmpty());
                assertThat(driver.findElement(By.id("hError")).getText()).isEmpty();
                WebElement preview = driver.findElement(By.id("picture"));
                Set<String> seen = new LinkedHashSet<>();
                wait.withMessage("three previews on the picture").until(d -> {
                    String p = preview.getAttribute("data-painting");
                    if (p != null && p.startsWith("preview:")) {
                        seen.add(p);
                    }
                    return seen.size() >= 3;
                });
                String id = api.get("/api/jobs").json().get(0).get("id").asText();
                assertThat(seen.iterator().next()).startsWith("preview:" + id + ":");
                JsonNode job = api.get("/api/harmonize/" + id).json();
                assertThat(job.get("kind").asText()).isEqualTo("harmonize");
                JsonNode controls = job.get("controls");
                assertThat(controls.get("x").asLong()).isEqualTo((Long) js.executeScript("return studio.h.x"));
                assertThat(controls.get("y").asLong()).isEqualTo((Long) js.executeScript("return studio.h.y"));
                assertThat(controls.get("scale").asDouble()).isEqualTo(scale);
                assertThat(controls.get("mask").asText()).isEqualTo("painted");

                driver.findElement(By.id("pauseResume")).click();
                wait.until(d -> d.findElement(By.id("runState")).getText().equals("paused"));
                int held = api.get("/api/harmonize/" + id).json().get("evaluations").asInt();
                api.live().assertNone(e -> LiveChannel.event(id, "eval").test(e) && e.get("evaluation").asInt() > held,
                        Duration.ofMillis(500), "an evaluation while paused");
                assertThat(api.get("/api/harmonize/" + id).json().get("evaluations").asInt()).isEqualTo(held);
                driver.findElement(By.id("pauseResume")).click();
                wait.until(d -> d.findElement(By.id("runState")).getText().equals("running"));
                api.follow(id, () -> api.get("/api/harmonize/" + id).json(), j -> j.get("evaluations").asInt() > held + 2,
                        "evaluations after resume", Duration.ofSeconds(180));
                shot(driver, shots.resolve("studio-harmonize.png"));

                driver.findElement(By.id("stop")).click();
                WebElement download = driver.findElement(By.id("download"));
                wait.until(d -> download.isDisplayed());
                download.click();
                Path file = downloads.resolve("atelier-harmonized-" + id + ".png");
                wait.until(d -> Files.isRegularFile(file));
                BufferedImage result = ImageIO.read(file.toFile());
                long pw = (Long) js.executeScript("return studio.h.painting.img.naturalWidth");
                long ph = (Long) js.executeScript("return studio.h.painting.img.naturalHeight");
                int[] expected = dev.atelier.style.harmonize.Harmonizer.workingSize((int) pw, (int) ph, size);
                assertThat(new int[] {result.getWidth(), result.getHeight()}).containsExactly(expected);
                assertThat(api.get("/api/harmonize/" + id).json().get("status").asText()).isEqualTo("stopped");
                // the history lists it as a harmonization, and opening it shows its result
                By row = By.cssSelector("#history li.harmonize[data-run='" + id + "'][data-status='stopped']");
                WebElement item = wait.until(d -> d.findElements(row).stream().findFirst().orElse(null));
                assertThat(item.findElement(By.cssSelector(".kind")).getText()).isEqualTo("harmonize");
                wait.until(d -> ("result:" + id).equals(preview.getAttribute("data-painting")));
                // another run's result shown, then this one reopened from the strip
                js.executeScript("document.getElementById('picture').dataset.painting = ''");
                item.findElement(By.tagName("button")).click();
                wait.withMessage("the reopened harmonization on the picture").until(d ->
                        ("result:" + id).equals(preview.getAttribute("data-painting")));
                StudioPage page = new StudioPage(driver);
                assertThat(page.visibleImagesWithoutPixels()).isEmpty();
                assertThat(page.consoleErrors()).as("console errors in harmonize mode").isEmpty();
                assertThat(page.axeViolations("color-contrast", "label")).as("axe in harmonize mode").isEmpty();
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
                new StudioPage(driver).open(server.url());
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("harmonize");
                wait.until(d -> js.executeScript("return window.studio && studio.h.painting !== null && studio.h.object !== null && studio.h.x > 0"));

                // the quality is in the form itself, a labelled group of two choices, each saying what it costs
                WebElement quality = driver.findElement(By.id("hQuality"));
                assertThat(quality.isDisplayed()).isTrue();
                assertThat(quality.getTagName()).isEqualTo("fieldset");
                assertThat(quality.findElement(By.tagName("legend")).getText()).isEqualTo("Quality");
                java.util.List<WebElement> radios = quality.findElements(By.cssSelector("input[type=radio]"));
                assertThat(radios).extracting(o -> o.getAttribute("value")).containsExactly("fast", "paper");
                assertThat(radios.get(0).isSelected()).as("fast by default").isTrue();
                WebElement fastLabel = driver.findElement(By.cssSelector("label[for='hQuality-fast']"));
                WebElement paperLabel = driver.findElement(By.cssSelector("label[for='hQuality-paper']"));
                assertThat(fastLabel.getText()).contains("about 10 seconds");
                assertThat(paperLabel.getText()).contains("authors'").contains("hour");
                assertThat(driver.findElement(By.id("hQualityCost")).getText()).startsWith("fast: about 10 seconds");
                // paper: the empty fields show its size, budget and ladder, and none of them is sent
                paperLabel.click();
                assertThat(radios.get(1).isSelected()).isTrue();
                assertThat(driver.findElement(By.id("hSize")).getAttribute("placeholder")).isEqualTo("700");
                assertThat(driver.findElement(By.id("hMaxEvals")).getAttribute("placeholder")).isEqualTo("2000");
                assertThat(driver.findElement(By.id("hScales")).getAttribute("placeholder")).isEqualTo("1");
                assertThat(driver.findElement(By.id("hQualityCost")).getText()).contains("hour");
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> sent = (java.util.Map<String, Object>) js.executeScript("return studio.harmonizeControls()");
                assertThat(sent).containsEntry("quality", "paper").doesNotContainKeys("size", "maxEvals", "scales");
                // the keyboard moves within the group, as in any radio group
                radios.get(1).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
                assertThat(radios.get(0).isSelected()).isTrue();
                assertThat(driver.findElement(By.id("hSize")).getAttribute("placeholder")).isEqualTo("256");

                // no pass images before a run: hidden, not a broken image
                for (String p : new String[] {"pass1Figure", "pass2Figure"}) {
                    assertThat(driver.findElement(By.id(p)).isDisplayed()).as(p).isFalse();
                }
                type(driver, "hSize", "96");
                type(driver, "hMaxEvals", "40");
                type(driver, "hScales", "48,96");
                driver.findElement(By.id("start")).click();
                // both thumbnails appear while it runs, each loaded from a live version (?v=N, not the final file)
                wait.until(d -> (Boolean) js.executeScript("return [1, 2].every(p => studio.passLoads.some(l => l.pass === p"
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

    /**
     * Drags a gallery thumbnail onto {@code target}, dropping it {@code dx, dy} CSS pixels from the target's
     * centre, with the events a browser sends (Selenium's mouse actions do not drive HTML drag and drop).
     */
    private static void dragThumbnail(org.openqa.selenium.JavascriptExecutor js, WebElement thumb, WebElement target,
            int dx, int dy) {
        js.executeScript("const [thumb, target, dx, dy] = arguments; const dt = new DataTransfer();"
                + "thumb.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
                + "const r = target.getBoundingClientRect(), x = r.left + r.width / 2 + dx, y = r.top + r.height / 2 + dy;"
                + "for (const t of ['dragenter', 'dragover', 'drop'])"
                + " target.dispatchEvent(new DragEvent(t, {dataTransfer: dt, clientX: x, clientY: y, bubbles: true, cancelable: true}));"
                + "thumb.dispatchEvent(new DragEvent('dragend', {dataTransfer: dt, bubbles: true}));", thumb, target, dx, dy);
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        Path shots = Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots"));
        shot(driver, Files.createDirectories(shots).resolve(name));
    }

    private static void shot(WebDriver driver, Path target) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
