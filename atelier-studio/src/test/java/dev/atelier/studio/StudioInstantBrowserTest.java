package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.style.engine.StyleTransferEngine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Instant mode as an artist uses it, in headless Chromium: a network file that is not one is refused beside the
 * network's field; choosing a network and pressing Instant puts its picture on the canvas at the run's output
 * size and in the history; Refine starts the optimisation from it, whose progress the bar and the job list show.
 */
class StudioInstantBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void chooseANetworkPaintInstantlyThenRefine() throws Exception {
        Path nets = Files.createDirectories(tmp.resolve("nets"));
        TinyStyleNets.write(nets.resolve("wave.stylenet"), 1);
        Path hostile = Files.writeString(tmp.resolve("not-a-network.stylenet"), "this is text, not a network");
        StudioConfig config = StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()).withNets(nets);
        try (StudioServer server = StudioServer.start(config)) {
            StudioClient client = new StudioClient(server.port(), null);
            WebDriver driver = HeadlessChromium.start(1400, 900, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                String photo = page.photo();
                assertThat(photo).startsWith("example:");
                WebElement instant = page.byId("instant");
                assertThat(instant.isEnabled()).as("nothing to paint with before a network is chosen").isFalse();

                // a file that is not a network: refused in one line beside the network's field
                page.byId("netFile").sendKeys(hostile.toString());
                // the note's text is read inside the wait: the page may redraw the note after it first appears
                String note = page.wait.withMessage("the refusal beside the network's field").ignoring(
                        org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                            List<WebElement> found = d.findElements(By.id("styleNetError"));
                            String text = found.isEmpty() ? "" : found.get(0).getText();
                            return text.isEmpty() ? null : text;
                        });
                assertThat(note).startsWith("Style network: network refused: the uploaded file is not a usable style network")
                        .doesNotContain("\n").doesNotContain(tmp.toString());
                // the browser logs the refused request itself; nothing else went wrong
                assertThat(page.consoleErrors()).allMatch(e -> e.contains("/api/nets?name=") && e.contains("400"));

                new Select(page.byId("styleNet")).selectByVisibleText("wave");
                assertThat(driver.findElements(By.id("styleNetError"))).as("a new choice clears the refusal").isEmpty();
                WebElement size = page.byId("size");
                size.sendKeys("96");
                instant.click();
                page.wait.withMessage("the instant picture on the canvas").until(d -> page.painting().startsWith("result:"));
                String run = page.painting().substring("result:".length());
                BufferedImage original = ImageIO.read(new ByteArrayInputStream(
                        client.get("/api/image?ref=" + photo).body()));
                int[] out = StyleTransferEngine.outputSize(original.getWidth(), original.getHeight(), 96);
                assertThat(page.picture().getAttribute("data-painting-size")).isEqualTo(out[0] + "x" + out[1]);
                assertThat(page.photo()).as("the photo stays as the compare's before").isEqualTo(photo);
                page.wait.withMessage("the instant run in the history strip").until(d ->
                        !d.findElements(By.cssSelector("#history li.instant[data-run='" + run + "']")).isEmpty());
                assertThat(page.text(By.cssSelector("#history li.instant .kind"))).isEqualTo("instant");
                assertThat(page.byId("download").isDisplayed()).isTrue();

                // press and hold to compare: C held shows the photo, released the painting again; the button too
                assertThat(page.picture().getAttribute("data-showing")).isEqualTo("painting");
                org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(driver);
                keys.keyDown("c").perform();
                page.wait.withMessage("the photo while C is held").until(d ->
                        "photo".equals(page.picture().getAttribute("data-showing")));
                assertThat(page.painting()).as("the painting is kept, only hidden").isEqualTo("result:" + run);
                keys.keyUp("c").perform();
                page.wait.withMessage("the painting again once C is released").until(d ->
                        "painting".equals(page.picture().getAttribute("data-showing")));
                WebElement hold = page.byId("holdCompare");
                keys.clickAndHold(hold).perform();
                page.wait.withMessage("the photo while the button is held").until(d ->
                        "photo".equals(page.picture().getAttribute("data-showing")));
                keys.release().perform();
                page.wait.withMessage("the painting again once the button is let go").until(d ->
                        "painting".equals(page.picture().getAttribute("data-showing")));

                // refine: the optimisation from the network's picture, with this run's settings
                page.byId("maxEvals").sendKeys("400");
                page.byId("scales").sendKeys("1");
                page.byId("previewEvery").clear();
                page.byId("previewEvery").sendKeys("2");
                page.byId("refine").click();
                page.waitForState("running");
                page.wait.withMessage("a preview of the refinement on the picture")
                        .until(d -> page.painting().startsWith("preview:"));
                String job = page.painting().split(":")[1];
                assertThat(job).isNotEqualTo(run);
                page.wait.withMessage("the bar's progress figure moving").until(d ->
                        page.byId("runFigure").getText().matches("evaluations [1-9][0-9]*/400 \u00b7 scale 1/1.*"));
                // the job list's row is updated in place, not rebuilt: the element found now shows the figure moving on
                WebElement listed = driver.findElement(By.cssSelector("#jobs li[data-job='" + job + "'] .figure"));
                String first = listed.getText();
                assertThat(first).startsWith("evaluations ");
                page.wait.withMessage("the bar's figure moving on from " + first).until(d ->
                        !page.byId("runFigure").getText().equals(first));
                assertThat(listed.getText()).startsWith("evaluations ").isNotEqualTo(first);
                assertThat(client.get("/api/jobs/" + job).json().get("parent").asText()).isEqualTo(run);
                page.byId("stop").click();
                page.wait.withMessage("the refinement stopped").until(d -> page.state().equals("stopped"));
                page.wait.until(d -> page.painting().equals("result:" + job));
                assertThat(page.consoleErrors()).as("no console error").isEmpty();
                assertThat(page.visibleImagesWithoutPixels()).isEmpty();
            } finally {
                driver.quit();
            }
        }
    }
}
