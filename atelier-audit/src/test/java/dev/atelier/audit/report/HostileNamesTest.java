package dev.atelier.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.audit.AuditInput;
import dev.atelier.audit.AuditOptions;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.BiasAudit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group names from a hostile CSV: HTML, Markdown syntax, table pipes, line breaks, terminal escapes. */
class HostileNamesTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String LINK = "[click](javascript:alert(1))";
    static final String PIPES = "a|b|c";
    static final String BREAK = "two\nlines\r\nhere";
    static final String TICKS = "`code` *bold* _em_ ~~gone~~ # &amp;";
    static final String ANSI = "\u001b[31mred\u001b[0m\u001b]0;owned\u0007\u001b[2J";
    static final String BIDI = "\u202Eevil\u202C\u0000\u0085\u009b31m";

    private static AuditReport report() {
        List<String> names = List.of("plain", SCRIPT, LINK, PIPES, BREAK, TICKS, ANSI, BIDI);
        List<String> labels = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < names.size(); g++) {
            for (int i = 0; i < 40; i++) {
                labels.add(i % 2 == 0 ? "1" : "0");
                predictions.add(i % (g + 2) == 0 ? "1" : "0");
                groups.add(names.get(g));
            }
        }
        AuditInput input = AuditInput.builder().optDescription("<b>evil</b>\u001b[31m.csv").setLabels(labels)
                .optPredictions(predictions).addGroup("grp|" + SCRIPT, groups).build();
        return BiasAudit.run(input, AuditOptions.defaults());
    }

    @Test
    void markdownShowsHostileNamesAsTextNeverAsHtmlLinksOrColumns() {
        String md = ReportFormat.MARKDOWN.render(report(), ReportLimits.unlimited());
        assertThat(md).doesNotContainPattern("(?<!\\\\)\\]\\(javascript").doesNotContain("<script>", "<b>", "\u001b", "\u202E", "\u0000", "\u009b")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "\\[click\\](javascript:alert(1))", "a\\|b\\|c",
                        "two lines  here", "\\`code\\` \\*bold\\* \\_em\\_ \\~\\~gone\\~\\~ \\# &amp;amp;");
        int headerPipes = -1;
        int rows = 0;
        for (String line : md.split("\n")) {
            if (!line.startsWith("| ")) {
                headerPipes = -1;
                continue;
            }
            // Every row of a table has as many unescaped pipes as its header: no cell spilled into another.
            if (headerPipes < 0) {
                headerPipes = unescapedPipes(line);
            }
            assertThat(unescapedPipes(line)).as(line).isEqualTo(headerPipes);
            rows++;
        }
        assertThat(rows).isGreaterThan(3 * 8);
    }

    @Test
    void terminalTableHasNoControlCharactersOrEscapeSequences() {
        String table = ReportFormat.TABLE.render(report(), ReportLimits.unlimited());
        assertThat(table).contains("red", "evil", "two lines  here", SCRIPT);
        assertThat(table.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E))).isEmpty();
        assertThat(table).doesNotContain("[31m", "[2J", "]0;");
    }

    @Test
    void htmlEscapesAndDropsControlCharacters() {
        String html = ReportFormat.HTML.render(report(), ReportLimits.unlimited());
        assertThat(html).doesNotContain(SCRIPT, "\u001b", "\u0000").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void cleanRemovesWholeEscapeSequences() {
        assertThat(DisplayText.clean("a\u001b[1;31mb\u001b[0mc")).isEqualTo("abc");
        assertThat(DisplayText.clean("x\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\y")).isEqualTo("xlinky");
        assertThat(DisplayText.clean("tab\there\nnew")).isEqualTo("tab here new");
        assertThat(DisplayText.clean("\u202Eabc\u2066")).isEqualTo("abc");
        assertThat(DisplayText.clean("Caucasian & Female")).isEqualTo("Caucasian & Female");
        assertThat(DisplayText.clean("trailing\u001b")).isEqualTo("trailing");
    }

    @Test
    void markdownKeepsOrdinaryNamesReadable() {
        assertThat(MarkdownText.escape("Caucasian & Female")).isEqualTo("Caucasian & Female");
        assertThat(MarkdownText.escape("age_band")).isEqualTo("age_band");
        assertThat(MarkdownText.escape("65+")).isEqualTo("65+");
        assertThat(MarkdownText.escape("_x_")).isEqualTo("\\_x\\_");
    }

    private static int unescapedPipes(String line) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '|') {
                n++;
            }
        }
        return n;
    }
}
