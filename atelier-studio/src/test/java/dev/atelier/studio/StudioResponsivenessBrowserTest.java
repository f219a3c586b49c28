package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The page's responsiveness, measured in the browser from the marks the page sets: page load to the first
 * preview drawn on the picture, Start to that preview, and a weight slider's move to the first preview
 * painted after the change (docs/benchmarks.md). Each figure is appended to
 * {@code target/studio-responsiveness.txt}; the test fails when a mark is missing or out of order.
 */
class StudioResponsivenessBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void firstPreviewAndASliderChangeAreMeasuredInTheBrowser() throws Exception {
        int size = Integer.getInteger("atelier.studio.bench.size", 256);
        try (StudioServer server = StudioServer.start(StudioConfig.local(tmp.resolve("data"), 0, WeightsProvider.random()))) {
            WebDriver driver = HeadlessChromium.start(1400, 900, null);
            try {
                StudioPage page = new StudioPage(driver).open(server.url());
                page.thumbnail("contentGallery", "example:chelsea").click();
                page.wait.until(d -> "example:chelsea".equals(page.photo()));
                page.byId("size").sendKeys("" + size);
                page.byId("maxEvals").sendKeys("2000");
                page.byId("start").click();
                page.wait.withMessage("the first preview on the picture").until(d -> mark(page, "atelier:first-preview") != null);
                page.byId("styleWeight").sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
                page.wait.withMessage("a preview painted after the change").until(d -> mark(page, "atelier:steer-preview") != null);
                new Actions(driver).sendKeys(Keys.ESCAPE).perform();
                page.waitForState("stopped");

                Map<String, Double> m = new LinkedHashMap<>();
                for (String name : new String[] {"ready", "start", "first-preview", "steer-input", "steer-preview"}) {
                    m.put(name, mark(page, "atelier:" + name));
                }
                assertThat(m.values()).doesNotContainNull();
                assertThat(m.get("start")).isGreaterThanOrEqualTo(m.get("ready"));
                assertThat(m.get("first-preview")).isGreaterThan(m.get("start"));
                assertThat(m.get("steer-preview")).isGreaterThan(m.get("steer-input"));
                double load = ((Number) page.script("return (performance.getEntriesByType('navigation')[0] || {}).loadEventEnd || 0"))
                        .doubleValue();
                String line = String.format(Locale.ROOT,
                        "studio %d px: page ready %.2f s (load event %.2f s), start -> first preview %.2f s,"
                                + " slider -> first preview showing it %.2f s, load average %s%n",
                        size, m.get("ready") / 1000, load / 1000, (m.get("first-preview") - m.get("start")) / 1000,
                        (m.get("steer-preview") - m.get("steer-input")) / 1000, loadAverage());
                System.out.print(line);
                Files.writeString(Path.of("target", "studio-responsiveness.txt"), line, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                assertThat(page.consoleErrors()).isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    /** The latest mark of {@code name}, in milliseconds since the page's navigation began; null before it is set. */
    private static Double mark(StudioPage page, String name) {
        Object t = page.script("const e = performance.getEntriesByName(arguments[0]); return e.length ? e[e.length - 1].startTime : null;",
                name);
        return t == null ? null : ((Number) t).doubleValue();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
