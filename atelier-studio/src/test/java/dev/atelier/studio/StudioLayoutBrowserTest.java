package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The page's layout and finish in headless Chromium: the picture is the largest thing on screen, a phone's
 * width never scrolls sideways, the first load shows no broken image and logs no error, every control has a
 * label and the colours pass WCAG AA (axe-core), files dropped on the gallery are uploaded, and the keyboard
 * shortcuts answer (but not while typing in a field).
 */
class StudioLayoutBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void atADesktopWidthThePictureTakesHalfTheWindowAndThePagePassesItsChecks() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1400, 900, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                page.wait.withMessage("the first photo on the picture").until(d -> page.photo() != null && !page.photo().isEmpty());
                // every example's thumbnail has loaded: the gallery shows pictures, not names in grey boxes
                for (String ref : new String[] {"example:chelsea", "example:astronaut", "example:coffee"}) {
                    page.thumbnail("contentGallery", ref);
                }
                page.thumbnail("styleGallery", "example:hokusai-great-wave");
                double window = ((Number) page.script("return window.innerWidth")).doubleValue();
                assertThat(page.pictureWidth()).as("the picture's width at 1400 px")
                        .isGreaterThanOrEqualTo(window / 2);
                assertThat(page.visibleImagesWithoutPixels()).as("visible images without pixels").isEmpty();
                assertThat(page.axeViolations("color-contrast", "label")).as("axe: contrast and labels").isEmpty();
                // stricter than axe, which takes a title or placeholder for a name: every field, either mode's,
                // has a <label> of its own
                assertThat((java.util.List<?>) page.script("return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(e => e.labels.length === 0 || [...e.labels].every(l => !l.textContent.trim())).map(e => e.id || e.outerHTML);"))
                        .as("fields without a label").isEmpty();
                shot(driver, "studio-1400.png");
                assertThat(page.consoleErrors()).as("console errors on first load").isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void onAPhoneThePictureHasTheWholeWidthAndNothingScrollsSideways() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(390, 844, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                page.wait.withMessage("the first photo on the picture").until(d -> page.photo() != null && !page.photo().isEmpty());
                page.thumbnail("styleGallery", "example:hokusai-great-wave");
                long inner = (Long) page.script("return window.innerWidth");
                assertThat(inner).as("the emulated phone's viewport").isEqualTo(390);
                long scroll = (Long) page.script("return document.documentElement.scrollWidth");
                assertThat(scroll).as("the page's width at %d px", inner).isLessThanOrEqualTo(inner);
                assertThat(page.pictureWidth()).as("the picture on a phone").isGreaterThanOrEqualTo(inner * 0.9);
                // the picture comes first, above the galleries and settings
                assertThat(page.picture().getRect().getY()).isLessThan(page.byId("contentGallery").getRect().getY());
                assertThat(page.visibleImagesWithoutPixels()).isEmpty();
                shot(driver, "studio-390.png");
                assertThat(page.consoleErrors()).isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void aFileDroppedOnTheGalleryIsUploadedAndChosenAndABadOneIsSaidBesideIt() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1024, 768, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                page.thumbnail("styleGallery", "example:hokusai-great-wave");
                int before = driver.findElements(By.cssSelector("#styleGallery button")).size();
                // what a drop from the file manager delivers: a File in the drop's DataTransfer
                drop(page, "styleGallery", "/api/image?ref=example:coffee", "coffee.png", "image/png");
                page.wait.withMessage("the dropped file in the style gallery").until(d ->
                        d.findElements(By.cssSelector("#styleGallery button")).size() == before + 1);
                WebElement slot = driver.findElement(By.cssSelector("#styles li.active"));
                page.wait.withMessage("the active style to be the upload").until(d ->
                        slot.getAttribute("data-ref") != null && slot.getAttribute("data-ref").startsWith("upload:"));
                String ref = slot.getAttribute("data-ref");
                page.thumbnail("styleGallery", ref);
                page.thumbnail("contentGallery", ref);
                assertThat(page.byId("styleError").getText()).isEmpty();

                // dropped on the picture: it becomes the photo
                drop(page, "picture", "/api/image?ref=example:astronaut", "astronaut.png", "image/png");
                page.wait.withMessage("the dropped photo on the picture").until(d ->
                        page.photo().startsWith("upload:") && !page.photo().equals(ref));

                // not an image: the server's one line, beside the gallery it was dropped on
                drop(page, "styleGallery", "data:text/plain,not%20an%20image", "notes.png", "image/png");
                page.wait.withMessage("the refusal beside the style gallery").until(d ->
                        page.byId("styleError").getText().startsWith("upload refused"));
                assertThat(page.byId("photoError").getText()).isEmpty();
                page.consoleErrors(); // the refused upload's 400 is the answer, not a fault: cleared here
                assertThat(page.visibleImagesWithoutPixels()).isEmpty();
                shot(driver, "studio-1024.png");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void theShortcutsAnswerButNotWhileTyping() throws Exception {
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1400, 900, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                WebElement brush = page.byId("brush");
                WebElement eraser = page.byId("eraser");
                int size = Integer.parseInt(brush.getAttribute("value"));
                new Actions(driver).sendKeys("]").perform();
                page.wait.until(d -> Integer.parseInt(brush.getAttribute("value")) > size);
                new Actions(driver).sendKeys("[").sendKeys("[").perform();
                page.wait.until(d -> Integer.parseInt(brush.getAttribute("value")) < size);
                assertThat(page.byId("brushValue").getText()).isEqualTo(brush.getAttribute("value") + " px");
                new Actions(driver).sendKeys("e").perform();
                page.wait.until(d -> "true".equals(eraser.getAttribute("aria-pressed")));
                // X swaps paint and erase (Krita's key): back to painting, and again to erasing
                new Actions(driver).sendKeys("x").perform();
                page.wait.until(d -> "false".equals(eraser.getAttribute("aria-pressed")));
                assertThat(eraser.getText()).isEqualTo("Eraser (E): off");
                new Actions(driver).sendKeys("X").perform();
                page.wait.until(d -> "true".equals(eraser.getAttribute("aria-pressed")));
                assertThat(eraser.getText()).isEqualTo("Eraser (E): on");
                // typed into a field, the letter is the field's
                WebElement scales = page.byId("scales");
                scales.sendKeys("ex");
                assertThat(scales.getAttribute("value")).isEqualTo("ex");
                assertThat(eraser.getAttribute("aria-pressed")).isEqualTo("true");
                scales.clear();
                // ? shows the list; Esc closes it
                page.byId("help").sendKeys(Keys.chord(Keys.SHIFT, "/"));
                page.wait.withMessage("the shortcut list").until(d -> page.byId("shortcuts").isDisplayed());
                assertThat(page.byId("shortcuts").getText()).contains("Space", "Esc", "undo the last stroke",
                        "swap paint and erase", "show the photo while held");
                new Actions(driver).sendKeys(Keys.ESCAPE).perform();
                page.wait.until(d -> !page.byId("shortcuts").isDisplayed());

                // a stroke on the picture, undone with Ctrl-Z
                page.wait.until(d -> page.photo() != null && !page.photo().isEmpty());
                new Actions(driver).moveToElement(page.picture(), -40, 0).clickAndHold().moveByOffset(40, 10)
                        .moveByOffset(30, 0).release().perform();
                page.wait.until(d -> "1".equals(page.picture().getAttribute("data-strokes")));
                assertThat(page.byId("undo").isEnabled()).isTrue();
                new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
                page.wait.until(d -> "0".equals(page.picture().getAttribute("data-strokes")));
                assertThat(page.byId("undo").isEnabled()).isFalse();
                assertThat(page.consoleErrors()).isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    /** Drops the bytes at {@code url} on the element {@code id} as a file named {@code name}, as a drag from the desktop does. */
    private static void drop(StudioPage page, String id, String url, String name, String type) {
        page.driver.manage().timeouts().scriptTimeout(StudioPage.PATIENCE);
        page.js.executeAsyncScript("const [id, url, name, type, done] = arguments;"
                + "fetch(url).then(r => r.blob()).then(b => {"
                + " const dt = new DataTransfer(); dt.items.add(new File([b], name, {type}));"
                + " const target = document.getElementById(id);"
                + " for (const t of ['dragenter', 'dragover', 'drop'])"
                + "  target.dispatchEvent(new DragEvent(t, {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + " done(); });", id, url, name, type);
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        Path shots = Files.createDirectories(Path.of(System.getProperty("atelier.studio.screenshots", "target/studio-screenshots")));
        Path f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(f, shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
