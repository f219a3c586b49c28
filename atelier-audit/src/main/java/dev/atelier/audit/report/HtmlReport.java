package dev.atelier.audit.report;

import dev.atelier.audit.AuditNumbers;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Disparity;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.audit.Rate;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit as one self-contained HTML page: inline CSS, inline SVG charts, no scripts and nothing
 * fetched, so it can be mailed, archived or opened offline and still show everything.
 */
final class HtmlReport {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;margin:24px auto;\
            max-width:1240px;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde3}
            h3{font-size:16px;margin:22px 0 8px}h3 small{font-weight:normal;color:#5b6570}
            .meta,.legend{color:#4a535c;margin:2px 0}
            .mark{display:inline-block;min-width:1.2em;text-align:center;font-weight:bold;border-radius:3px}
            .mark.disparity{background:#fbd5d2;color:#9b1c13}.mark.small{background:#e6e8eb;color:#4a535c}
            ul.flags{padding-left:20px}ul.flags li{margin:3px 0}
            .charts{display:flex;flex-wrap:wrap;gap:8px 20px;margin:8px 0 12px}
            svg.chart{font-size:11px;background:#fff}
            svg .title{font-size:12px;font-weight:600;fill:#1d232a}
            svg .label,svg .value,svg .tick{fill:#3b444d}svg .tick{font-size:10px}
            svg .grid{stroke:#e3e6ea;stroke-width:1}
            svg .band{fill:#e3f1e6}
            svg .bar rect{fill:#5b8ac3}svg .bar.ref rect{fill:#5f6b77}svg .bar.flagged rect{fill:#d3493c}
            svg .bar.wide rect{fill-opacity:.38}
            svg .whisker{stroke:#1d232a;stroke-width:1.3;fill:none}
            svg .refline{stroke:#1d232a;stroke-width:1;stroke-dasharray:4 3}
            table{border-collapse:collapse;margin:6px 0 14px;font-variant-numeric:tabular-nums}
            th,td{padding:3px 9px;border-bottom:1px solid #e3e6ea;text-align:right;white-space:nowrap}
            th:first-child,td:first-child{text-align:left}th{background:#f3f5f7;font-weight:600}
            td.ref{font-weight:600}td.flag-disparity{background:#fbd5d2;color:#7d160f}
            td.flag-small{color:#7a838c;font-style:italic}tr.overall td{border-top:2px solid #c9ced4}
            .caption{color:#4a535c;margin:10px 0 2px}
            """;

    private HtmlReport() {}

    static String render(AuditReport report, ReportLimits limits) {
        ReportView view = new ReportView(report, limits);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Bias audit: ").append(Markup.escape(report.description())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>Bias audit: ").append(Markup.escape(report.description())).append("</h1>\n");
        List<String> preamble = ReportTables.preamble(report, text -> text);
        h.append("<p class=\"meta\">").append(Markup.escape(preamble.get(0))).append("</p>\n");
        h.append("<p class=\"meta\">").append(Markup.escape(preamble.get(1))).append("</p>\n");
        h.append("<p class=\"legend\"><span class=\"mark disparity\">!</span> ratio to the reference outside [")
                .append(AuditNumbers.decimal(report.ratioLower())).append(", ")
                .append(AuditNumbers.decimal(report.ratioUpper()))
                .append("] &nbsp; <span class=\"mark small\">?</span> 95% interval wider than ")
                .append(AuditNumbers.decimal(report.maxIntervalWidth()))
                .append(": too few cases to judge &nbsp; Charts: bar = rate, whisker = 95% interval, dashed line"
                        + " = reference group, green band = rates within the ratio bounds.</p>\n</header>\n");
        h.append("<section id=\"flags\">\n<h2>Flags (").append(report.flags().size()).append(")</h2>\n");
        if (report.flags().isEmpty()) {
            h.append("<p>None: every ratio within bounds, every interval narrow enough.</p>\n");
        } else {
            h.append("<ul class=\"flags\">\n");
            for (Flag f : view.flags()) {
                boolean disparity = f.kind() == Flag.Kind.DISPARITY;
                h.append("<li class=\"flag ").append(disparity ? "disparity" : "small").append("\"><span class=\"mark ")
                        .append(disparity ? "disparity\">!" : "small\">?").append("</span> ");
                if (report.classes().size() > 1) {
                    h.append("[class ").append(Markup.escape(f.positiveClass())).append("] ");
                }
                h.append(Markup.escape(f.message())).append("</li>\n");
            }
            if (!view.hiddenFlagsSummary().isEmpty()) {
                h.append("<li class=\"more\">").append(Markup.escape(view.hiddenFlagsSummary())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
        for (ClassAudit audit : report.classes()) {
            h.append("<section class=\"class-audit\" data-class=\"").append(Markup.escape(audit.positiveClass()))
                    .append("\">\n");
            if (report.classes().size() > 1) {
                h.append("<h2>Positive class ‘").append(Markup.escape(audit.positiveClass()))
                        .append("’ vs the rest</h2>\n");
            }
            for (GroupingAudit grouping : audit.groupings()) {
                grouping(h, report, audit, grouping, view.shown(audit, grouping));
            }
            h.append("</section>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void grouping(StringBuilder h, AuditReport report, ClassAudit audit, GroupingAudit grouping,
            ShownGroups shown) {
        h.append("<section class=\"grouping\" data-grouping=\"").append(Markup.escape(grouping.name())).append("\">\n")
                .append("<h3>").append(Markup.escape(grouping.name())).append(" <small>reference: ")
                .append(Markup.escape(grouping.reference())).append("</small></h3>\n");
        if (shown.hidden() > 0) {
            h.append("<p class=\"caption listed\">").append(Markup.escape(shown.summary())).append("</p>\n");
        }
        h.append("<div class=\"charts\">\n");
        for (Metric m : Metric.values()) {
            h.append(SvgRateChart.render(report, grouping, m, shown.groups()));
        }
        h.append("</div>\n");
        List<GroupStats> rows = new ArrayList<>(shown.groups());
        rows.add(audit.overall());

        h.append("<table class=\"counts\">\n<tr><th>").append(Markup.escape(grouping.name()))
                .append("</th><th>n</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th>")
                .append(report.hasAuc() ? "<th>AUC</th>" : "").append("</tr>\n");
        for (GroupStats g : rows) {
            h.append(rowStart(grouping, audit, g)).append(cell(Long.toString(g.size()), ""))
                    .append(cell(Long.toString(g.counts().truePositives()), ""))
                    .append(cell(Long.toString(g.counts().falsePositives()), ""))
                    .append(cell(Long.toString(g.counts().trueNegatives()), ""))
                    .append(cell(Long.toString(g.counts().falseNegatives()), ""));
            if (report.hasAuc()) {
                h.append(cell(AuditNumbers.auc(g.auc().orElse(Double.NaN)), ""));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<table class=\"rates\">\n<tr><th>").append(Markup.escape(grouping.name())).append("</th>");
        for (Metric m : Metric.values()) {
            h.append("<th>").append(Markup.escape(m.label())).append("</th>");
        }
        h.append("</tr>\n");
        for (GroupStats g : rows) {
            h.append(rowStart(grouping, audit, g));
            for (Metric m : Metric.values()) {
                Rate r = g.rate(m);
                boolean wide = report.tooWide(r);
                h.append(cell(AuditNumbers.rateWithInterval(r) + (wide ? " ?" : ""), wide ? "flag-small" : ""));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        if (grouping.groups().size() > 1) {
            h.append("<p class=\"caption\">Ratio and difference to ").append(Markup.escape(grouping.reference()))
                    .append(":</p>\n<table class=\"disparities\">\n<tr><th>").append(Markup.escape(grouping.name()))
                    .append("</th>");
            for (Metric m : Metric.values()) {
                h.append("<th>").append(Markup.escape(m.label())).append("</th>");
            }
            h.append("</tr>\n");
            for (GroupStats g : shown.groups()) {
                if (g.group().equals(grouping.reference())) {
                    continue;
                }
                h.append("<tr><td>").append(Markup.escape(g.group())).append("</td>");
                for (Metric m : Metric.values()) {
                    Disparity d = grouping.disparity(g.group(), m).orElseThrow();
                    String cls = d.beyondBounds() ? "flag-disparity" : d.uncertain() ? "flag-small" : "";
                    h.append(cell(ReportTables.disparityCell(report, d), cls));
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private static String rowStart(GroupingAudit grouping, ClassAudit audit, GroupStats g) {
        if (g == audit.overall()) {
            return "<tr class=\"overall\"><td>all</td>";
        }
        boolean ref = g.group().equals(grouping.reference());
        return "<tr><td" + (ref ? " class=\"ref\"" : "") + ">" + Markup.escape(g.group()) + (ref ? " (ref)" : "")
                + "</td>";
    }

    private static String cell(String text, String cls) {
        return (cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">") + Markup.escape(text) + "</td>";
    }
}
