package dev.atelier.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private final AuditReport report = SampleReports.mixed();

    @Test
    void sampleHasEveryKindOfFlag() {
        assertThat(report.flags()).extracting(Flag::kind).contains(Flag.Kind.DISPARITY, Flag.Kind.TOO_SMALL);
    }

    @Test
    void terminalTableLinesUpAndMarksFlags() {
        String text = ReportFormat.TABLE.render(report);
        List<String> lines = text.lines().toList();
        // In each block the rule under the header is as long as the longest row.
        int rule = lines.indexOf(lines.stream().filter(l -> l.startsWith("  ----")).findFirst().orElseThrow());
        int width = lines.get(rule).length();
        for (int i = rule + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            assertThat(lines.get(i).length()).as(lines.get(i)).isLessThanOrEqualTo(width);
        }
        assertThat(lines.get(rule - 1).length()).isEqualTo(width); // header's last column ends on the rule
        assertThat(text).contains("race (reference: w)", "race & sex (reference: w & m)", " !", " ?")
                .contains("Flags (" + report.flags().size() + "):");
    }

    @Test
    void markdownHasOneTablePerBlockWithMatchingColumns() {
        String md = ReportFormat.MARKDOWN.render(report);
        assertThat(md).startsWith("# Bias audit: sample \"mixed\" cases\n").contains("\n## race & sex (reference: w & m)\n");
        for (String line : md.lines().filter(l -> l.startsWith("|")).toList()) {
            long pipes = line.chars().filter(c -> c == '|').count();
            assertThat(pipes).as(line).isEqualTo(8L); // 7 columns: counts with AUC, or group + 6 rates
        }
    }

    @Test
    void jsonCarriesTheSameNumbersAsTheReport() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ReportFormat.JSON.render(report));
        assertThat(root.path("cases").asInt()).isEqualTo(300);
        assertThat(root.path("ratio_bounds").path(0).asDouble()).isEqualTo(0.8);
        GroupingAudit race = report.forClass("1").grouping("race");
        JsonNode jsonRace = root.path("classes").path(0).path("groupings").path(0);
        assertThat(jsonRace.path("reference").asText()).isEqualTo(race.reference());
        for (int i = 0; i < race.groups().size(); i++) {
            GroupStats g = race.groups().get(i);
            JsonNode jg = jsonRace.path("groups").path(i);
            assertThat(jg.path("group").asText()).isEqualTo(g.group());
            assertThat(jg.path("counts").path("fp").asLong()).isEqualTo(g.counts().falsePositives());
            for (Metric m : Metric.values()) {
                JsonNode r = jg.path("rates").path(m.key());
                assertThat(r.path("value").asDouble()).isEqualTo(g.rate(m).value());
                assertThat(r.path("lower").asDouble()).isEqualTo(g.rate(m).interval().lower());
                assertThat(r.path("too_wide").asBoolean()).isEqualTo(report.tooWide(g.rate(m)));
            }
        }
        assertThat(root.path("flags").size()).isEqualTo(report.flags().size());
    }

    @Test
    void htmlEscapesUserTextAndFetchesNothing() {
        String html = ReportFormat.HTML.render(report);
        assertThat(html).contains("&lt;x &amp; y&gt;").doesNotContain("<x & y>");
        // The only URL is the SVG namespace, a name that is never fetched.
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutNamespace).doesNotContain("<script", "http:", "https:", "<link", "@import", "url(", "src=");
    }

    @Test
    void formatNamesAndFileExtensions() {
        assertThat(ReportFormat.parse("MD")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.parse("markdown")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.parse("json")).isEqualTo(ReportFormat.JSON);
        assertThatThrownBy(() -> ReportFormat.parse("pdf")).isInstanceOf(InvalidInputException.class);
        assertThat(ReportFormat.forFileName("a.HTML")).isEqualTo(ReportFormat.HTML);
        assertThat(ReportFormat.forFileName("a.md")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.forFileName("a.json")).isEqualTo(ReportFormat.JSON);
        assertThat(ReportFormat.forFileName("a.txt")).isEqualTo(ReportFormat.TABLE);
    }
}
