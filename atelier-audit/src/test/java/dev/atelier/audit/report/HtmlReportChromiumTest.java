package dev.atelier.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.audit.AuditReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium (Debian package {@code chromium}, which {@code .ci/run}
 * installs) and checks what the browser built: the charts laid out with visible bars, the styles
 * applied, no script errors, nothing fetched. Skips, saying why, when Chromium is absent.
 */
class HtmlReportChromiumTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("atelier.chromium", "/usr/bin/chromium"));

    // Per test rather than per class, so that surefire counts and shows the skip.
    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: " + CHROMIUM + " not found; install Debian's chromium package (.ci/run does) to check"
                        + " the HTML report in a real browser");
    }

    @Test
    void reportRendersInChromiumWithoutErrors(@TempDir Path dir) throws Exception {
        AuditReport report = SampleReports.mixed();
        String html = ReportFormat.HTML.render(report);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);

        // The report itself, as a user opens it.
        BrowserRun plain = dumpDom(page, dir.resolve("profile1"));
        assertThat(plain.consoleErrors()).as("console errors").isEmpty();
        assertThat(plain.dom()).contains("<h1>Bias audit: sample \"mixed\" cases</h1>")
                .contains("data-grouping=\"race &amp; sex\"")
                .contains("&lt;x &amp; y&gt;")
                .doesNotContain("<x & y>");
        assertThat(count(plain.dom(), "<svg class=\"chart\"")).isEqualTo(3 * 6); // 3 groupings × 6 metrics
        assertThat(plain.dom()).contains("<li class=\"flag disparity\">", "<li class=\"flag small\">",
                "<td class=\"flag-disparity\">", "<td class=\"flag-small\">");

        // The same page with a probe script that measures the layout the browser computed.
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, withProbe(html), StandardCharsets.UTF_8);
        BrowserRun run = dumpDom(probed, dir.resolve("profile2"));
        Matcher m = Pattern.compile("<div id=\"probe\"([^>]*)>").matcher(run.dom());
        assertThat(m.find()).as("probe ran; DOM:\n%s", tail(run.dom())).isTrue();
        String probe = m.group(1);
        assertThat(attribute(probe, "data-errors")).as("script errors").isEqualTo("0");
        assertThat(attribute(probe, "data-resources")).as("resources fetched").isEqualTo("0");
        assertThat(attribute(probe, "data-charts")).isEqualTo("18");
        assertThat(attribute(probe, "data-drawn")).as("charts with a laid-out size").isEqualTo("18");
        int bars = Integer.parseInt(attribute(probe, "data-bars"));
        assertThat(bars).isEqualTo(6 * (3 + 2 + 6)); // 3 races, 2 sexes, 6 intersections
        assertThat(attribute(probe, "data-visible-bars")).isEqualTo(Integer.toString(bars));
        assertThat(attribute(probe, "data-header-background")).isEqualTo("rgb(243, 245, 247)");
        assertThat(attribute(probe, "data-flag-background")).isEqualTo("rgb(251, 213, 210)");
        assertThat(run.consoleErrors()).isEmpty();
    }

    /** The page with an error recorder first in the head and a layout probe last in the body. */
    static String withProbe(String html) {
        String recorder = "<script>window.__errors=[];window.addEventListener('error',"
                + "function(e){window.__errors.push(String(e.message||e.type));},true);</script>\n";
        String probe = """
                <script>
                (function(){
                  var charts=document.querySelectorAll('svg.chart'),drawn=0;
                  charts.forEach(function(s){var r=s.getBoundingClientRect();if(r.width>300&&r.height>50)drawn++;});
                  var bars=document.querySelectorAll('svg .bar rect'),visible=0;
                  bars.forEach(function(b){var r=b.getBoundingClientRect();if(r.width>0&&r.height>0)visible++;});
                  var p=document.createElement('div');p.id='probe';
                  p.setAttribute('data-errors',String(window.__errors.length));
                  p.setAttribute('data-resources',String(performance.getEntriesByType('resource').length));
                  p.setAttribute('data-charts',String(charts.length));
                  p.setAttribute('data-drawn',String(drawn));
                  p.setAttribute('data-bars',String(bars.length));
                  p.setAttribute('data-visible-bars',String(visible));
                  p.setAttribute('data-header-background',getComputedStyle(document.querySelector('th')).backgroundColor);
                  p.setAttribute('data-flag-background',
                      getComputedStyle(document.querySelector('td.flag-disparity')).backgroundColor);
                  document.body.appendChild(p);
                })();
                </script>
                """;
        return html.replaceFirst("</title>\n", "</title>\n" + recorder).replace("</body>", probe + "</body>");
    }

    record BrowserRun(String dom, List<String> consoleErrors) {}

    static BrowserRun dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        Path stdout = profile.resolveSibling(profile.getFileName() + ".out");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--dump-dom", page.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n%s", err).isEqualTo(0);
        List<String> console = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.contains("CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR_")) {
                console.add(line);
            }
        }
        return new BrowserRun(Files.readString(stdout, StandardCharsets.UTF_8), console);
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attributes);
        assertThat(m.find()).as("attribute %s in %s", name, attributes).isTrue();
        return m.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
