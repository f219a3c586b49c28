package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The ways an audit can be written out. */
public enum ReportFormat {
    /** Aligned plain-text tables for a terminal. */
    TABLE("table", TableReport::render),
    /** Markdown, for READMEs, issues and pull requests. */
    MARKDOWN("md", MarkdownReport::render),
    /** One self-contained HTML page with bar charts: inline CSS and SVG, no scripts, nothing fetched. */
    HTML("html", HtmlReport::render),
    /** JSON for machines. */
    JSON("json", JsonReport::render);

    private final String name;
    private final Function<AuditReport, String> renderer;

    ReportFormat(String name, Function<AuditReport, String> renderer) {
        this.name = name;
        this.renderer = renderer;
    }

    /** The name users type: table, md, html or json. */
    public String formatName() {
        return name;
    }

    /** The report as text in this format. */
    public String render(AuditReport report) {
        return renderer.apply(report);
    }

    /** The format named {@code text} (table, md/markdown, html, json; any case). */
    public static ReportFormat parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("markdown")) {
            return MARKDOWN;
        }
        return Arrays.stream(values()).filter(f -> f.name.equals(t)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown report format '" + text
                        + "'; choose table, md, html or json"));
    }

    /** The format a file name's extension suggests (.md, .html/.htm, .json), else {@link #TABLE}. */
    public static ReportFormat forFileName(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.endsWith(".md") || f.endsWith(".markdown")) {
            return MARKDOWN;
        }
        if (f.endsWith(".html") || f.endsWith(".htm")) {
            return HTML;
        }
        return f.endsWith(".json") ? JSON : TABLE;
    }
}
