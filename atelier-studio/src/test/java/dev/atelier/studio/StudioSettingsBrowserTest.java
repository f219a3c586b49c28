package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.style.engine.StyleTransferSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's settings in real headless Chromium: the fields show the settings table's defaults (the same
 * the command line shows), every setting the studio offers has a field, and a bad value is reported next to
 * its field with the field's label.
 */
class StudioSettingsBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void fieldsShowTheTablesDefaultsAndABadValueIsShownBesideItsField() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1400, 900, null);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                new StudioPage(driver).open(server.url());
                WebElement size = driver.findElement(By.id("size"));
                assertThat(size.getAttribute("placeholder")).isEqualTo("" + StyleTransferSettings.DEFAULT_SIZE);
                assertThat(driver.findElement(By.id("maxEvals")).getAttribute("placeholder"))
                        .isEqualTo("" + StyleTransferSettings.DEFAULT_MAX_EVALUATIONS);
                // settings the page does not place itself are made from the table, under "More settings"
                assertThat(driver.findElements(By.cssSelector("#moreSettings input"))).extracting(e -> e.getAttribute("id"))
                        .contains("recipe", "net", "precision", "seed", "tile");

                size.clear();
                size.sendKeys("8");
                driver.findElement(By.id("start")).click();
                WebElement note = wait.until(d -> d.findElements(By.id("sizeError")).stream().findFirst().orElse(null));
                assertThat(note.getText()).isEqualTo("Size (px): must be at least 16 pixels, got 8");
                assertThat(size.getAttribute("aria-invalid")).isEqualTo("true");
                assertThat(driver.findElement(By.id("error")).getText()).as("said once, beside its field").isEmpty();

                // fixed and sent again, the note goes
                size.clear();
                size.sendKeys("9");
                driver.findElement(By.id("maxEvals")).sendKeys("2");
                driver.findElement(By.id("start")).click();
                wait.until(d -> d.findElement(By.id("sizeError")).getText().endsWith("got 9"));

                // a time budget: the progress figure counts its seconds, and the run ends by the time
                StudioPage page = new StudioPage(driver);
                WebElement time = driver.findElement(By.id("time"));
                assertThat(time.getAttribute("placeholder")).as("empty: off").isEqualTo("off");
                size.clear();
                size.sendKeys("160");
                driver.findElement(By.id("maxEvals")).clear();
                driver.findElement(By.id("scales")).sendKeys("1");
                time.sendKeys("3s");
                driver.findElement(By.id("start")).click();
                page.wait.withMessage("the figure counting the time budget's seconds").until(d ->
                        page.byId("runFigure").getText().matches("evaluations [1-9][0-9]* \u00b7 [0-3]/3 s \u00b7 scale 1/1.*"));
                page.waitForState("done");
                assertThat(page.byId("runFigure").getText()).matches("evaluations [1-9][0-9]* \u00b7 [0-3]/3 s.*");
            } finally {
                driver.quit();
            }
        }
    }
}
