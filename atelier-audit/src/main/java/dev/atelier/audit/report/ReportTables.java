package dev.atelier.audit.report;

import dev.atelier.audit.AuditNumbers;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Disparity;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import dev.atelier.audit.Metric;
import dev.atelier.audit.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The three tables of a grouping, as text cells shared by the terminal and Markdown reports: counts,
 * rates with intervals, and disparities. Marks: {@value #DISPARITY_MARK} for a ratio beyond the
 * bounds, {@value #UNCERTAIN_MARK} for an interval too wide to judge.
 */
final class ReportTables {
    static final String DISPARITY_MARK = "!";
    static final String UNCERTAIN_MARK = "?";

    private ReportTables() {}

    /** Group, n, TP, FP, TN, FN (and AUC when scores were given); the overall row last. */
    static TextTable counts(AuditReport report, ClassAudit audit, GroupingAudit grouping, List<GroupStats> shown) {
        List<String> header = new ArrayList<>(List.of(grouping.name(), "n", "TP", "FP", "TN", "FN"));
        if (report.hasAuc()) {
            header.add("AUC");
        }
        TextTable table = new TextTable(header);
        for (GroupStats g : withOverall(audit, shown)) {
            List<String> row = new ArrayList<>(List.of(groupLabel(grouping, g), Long.toString(g.size()),
                    Long.toString(g.counts().truePositives()), Long.toString(g.counts().falsePositives()),
                    Long.toString(g.counts().trueNegatives()), Long.toString(g.counts().falseNegatives())));
            if (report.hasAuc()) {
                row.add(AuditNumbers.auc(g.auc().orElse(Double.NaN)));
            }
            table.addRow(row);
        }
        return table;
    }

    /** Every metric with its 95% interval, marked when the interval is too wide. */
    static TextTable rates(AuditReport report, ClassAudit audit, GroupingAudit grouping, List<GroupStats> shown) {
        List<String> header = new ArrayList<>(List.of(grouping.name()));
        for (Metric m : Metric.values()) {
            header.add(m.label());
        }
        TextTable table = new TextTable(header);
        for (GroupStats g : withOverall(audit, shown)) {
            List<String> row = new ArrayList<>(List.of(groupLabel(grouping, g)));
            for (Metric m : Metric.values()) {
                Rate r = g.rate(m);
                row.add(AuditNumbers.rateWithInterval(r) + (report.tooWide(r) ? " " + UNCERTAIN_MARK : ""));
            }
            table.addRow(row);
        }
        return table;
    }

    /** Ratio and difference to the reference for every non-reference group and metric. */
    static TextTable disparities(AuditReport report, GroupingAudit grouping, List<GroupStats> shown) {
        List<String> header = new ArrayList<>(List.of(grouping.name()));
        for (Metric m : Metric.values()) {
            header.add(m.label());
        }
        TextTable table = new TextTable(header);
        for (GroupStats g : shown) {
            if (g.group().equals(grouping.reference())) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(g.group()));
            for (Metric m : Metric.values()) {
                row.add(grouping.disparity(g.group(), m).map(d -> disparityCell(report, d)).orElse(""));
            }
            table.addRow(row);
        }
        return table;
    }

    /** {@code "0.52× −21.4 pp !"}: ratio, difference, marks. */
    static String disparityCell(AuditReport report, Disparity d) {
        return AuditNumbers.ratio(d.ratio(), report.ratioLower(), report.ratioUpper()) + " "
                + AuditNumbers.points(d.difference()) + marks(d);
    }

    static String marks(Disparity d) {
        return (d.beyondBounds() ? " " + DISPARITY_MARK : "") + (d.uncertain() ? " " + UNCERTAIN_MARK : "");
    }

    private static String groupLabel(GroupingAudit grouping, GroupStats g) {
        return g.group().equals(grouping.reference()) ? g.group() + " (ref)" : g.group();
    }

    private static List<GroupStats> withOverall(ClassAudit audit, List<GroupStats> shown) {
        List<GroupStats> rows = new ArrayList<>(shown);
        rows.add(audit.overall());
        return rows;
    }

    /**
     * The lines under a report's title: cases, positive class, rule for predictions, legend; the
     * positive class (user data) passes through {@code userText}, the format's escaping.
     */
    static List<String> preamble(AuditReport report, UnaryOperator<String> userText) {
        List<String> lines = new ArrayList<>();
        lines.add(report.cases() + " cases; "
                + (report.classes().size() == 1
                        ? "positive class '" + userText.apply(report.classes().get(0).positiveClass()) + "'"
                        : report.classes().size() + " classes, each against the rest")
                + (report.threshold().isPresent()
                        ? "; predicted positive when score >= " + report.threshold().getAsDouble() : ""));
        lines.add("Rates with 95% Wilson intervals; disparities are ratio and difference to the reference group"
                + " (ref; default the largest).");
        lines.add(DISPARITY_MARK + " ratio to the reference outside [" + AuditNumbers.decimal(report.ratioLower()) + ", "
                + AuditNumbers.decimal(report.ratioUpper()) + "]   " + UNCERTAIN_MARK
                + " 95% interval wider than " + AuditNumbers.decimal(report.maxIntervalWidth())
                + ": too few cases to judge");
        return lines;
    }
}
