package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;

/** The ways an audit can be written out. */
public enum ReportFormat {
    /** Aligned plain-text tables for a terminal. */
    TABLE("table", TableReport::render),
    /** Markdown, for READMEs, issues and pull requests. */
    MARKDOWN("md", MarkdownReport::render),
    /** One self-contained HTML page with bar charts: inline CSS and SVG, no scripts, nothing fetched. */
    HTML("html", HtmlReport::render),
    /** JSON for machines: every group and flag, whatever the {@link ReportLimits}. */
    JSON("json", (report, limits) -> JsonReport.render(report));

    private final String name;
    private final BiFunction<AuditReport, ReportLimits, String> renderer;

    ReportFormat(String name, BiFunction<AuditReport, ReportLimits, String> renderer) {
        this.name = name;
        this.renderer = renderer;
    }

    /** The name users type: table, md, html or json. */
    public String formatName() {
        return name;
    }

    /**
     * The report as text in this format, listing as many groups as {@link ReportLimits#fromEnvironment()}
     * allows (JSON: all).
     */
    public String render(AuditReport report) {
        return render(report, ReportLimits.fromEnvironment());
    }

    /** The report as text in this format; table, Markdown and HTML list groups within {@code limits}. */
    public String render(AuditReport report, ReportLimits limits) {
        return renderer.apply(report, limits);
    }

    /**
     * Writes the report in this format to {@code out} (not closed). JSON is streamed, so that an audit
     * of very many groups never exists as one string in memory.
     */
    public void write(AuditReport report, ReportLimits limits, Writer out) throws IOException {
        if (this == JSON) {
            try {
                JsonReport.write(report, out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            out.write(render(report, limits));
        }
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
