package dev.atelier.studio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio's page in a browser test, read as the artist sees it: what the picture canvas shows, the run's
 * state and progress figure, the galleries; and the checks every state must pass (no console error, no
 * visible image without pixels).
 */
final class StudioPage {
    /** Long enough for a loaded 2-core machine to build a random VGG and paint a few evaluations. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    final WebDriver driver;
    final JavascriptExecutor js;
    final WebDriverWait wait;

    StudioPage(WebDriver driver) {
        this.driver = driver;
        this.js = (JavascriptExecutor) driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
        // the page redraws its lists and notes on every poll: an element found just before a redraw is read again
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** Opens {@code url} and waits until the page has loaded its images and settings. */
    StudioPage open(String url) {
        driver.get(url);
        wait.withMessage("the page to start").until(d -> "true".equals(body().getAttribute("data-ready")));
        return this;
    }

    WebElement body() {
        return driver.findElement(By.tagName("body"));
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /**
     * The text of what {@code by} finds, found and read in one step: the job list and the history are redrawn on
     * every poll, so an element found once may be gone by the time it is read.
     */
    String text(By by) {
        return wait.withMessage("the text of " + by).until(d -> d.findElement(by).getText());
    }

    WebElement picture() {
        return byId("picture");
    }

    /** What the picture shows as the painting: {@code preview:ID:N}, {@code result:ID} or empty. */
    String painting() {
        String p = picture().getAttribute("data-painting");
        return p == null ? "" : p;
    }

    /** The picture's width on screen, in CSS pixels. */
    double pictureWidth() {
        return ((Number) script("return document.getElementById('picture').getBoundingClientRect().width")).doubleValue();
    }

    String photo() {
        return picture().getAttribute("data-photo");
    }

    /** The run's state as the bar shows it ({@code idle}, {@code running}, {@code paused}, ...). */
    String state() {
        return byId("runState").getText();
    }

    void waitForState(String state) {
        wait.withMessage("the bar to say " + state + " (it says " + state() + ")").until(d -> state().equals(state));
    }

    /** The gallery's thumbnail button of {@code ref} once its image has loaded. */
    WebElement thumbnail(String gallery, String ref) {
        By b = By.cssSelector("#" + gallery + " button[data-ref='" + ref + "']");
        return wait.withMessage("the thumbnail of " + ref).until(d -> d.findElements(b).stream()
                .filter(e -> e.getAttribute("class").contains("loaded")).findFirst().orElse(null));
    }

    Object script(String code, Object... args) {
        return js.executeScript(code, args);
    }

    /** The console's errors since the last call (resource loads that failed included). */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** Every visible image without pixels (a broken or not yet loaded image standing on the page). */
    @SuppressWarnings("unchecked")
    List<String> visibleImagesWithoutPixels() {
        return (List<String>) script("return [...document.images].filter(i => {"
                + " const r = i.getBoundingClientRect(), s = getComputedStyle(i);"
                + " return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && i.naturalWidth === 0;"
                + "}).map(i => i.outerHTML);");
    }

    /** axe-core's violations of {@code rules} on the page as it stands, each as "rule: target". */
    @SuppressWarnings("unchecked")
    List<String> axeViolations(String... rules) throws IOException {
        String axe;
        try (InputStream in = StudioPage.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IOException("axe-core is missing from the test resources");
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        driver.manage().timeouts().scriptTimeout(PATIENCE);
        script(axe);
        List<Map<String, Object>> found = (List<Map<String, Object>>) js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'rule', values: arguments[0]}})"
                + ".then(r => done(r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ') + ' '"
                + " + n.failureSummary)})))).catch(e => done([{id: 'axe failed', nodes: [String(e)]}]));",
                List.of(rules));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : found) {
            for (Object n : (List<Object>) v.get("nodes")) {
                out.add(v.get("id") + ": " + n);
            }
        }
        return out;
    }
}
