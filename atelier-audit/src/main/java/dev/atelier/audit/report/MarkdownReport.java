package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupingAudit;

/** The audit as Markdown: flags first, then one section per grouping with its three tables. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("# Bias audit: ").append(report.description()).append("\n\n");
        for (String line : ReportTables.preamble(report)) {
            out.append(line).append("  \n");
        }
        out.append("\n## Flags\n\n");
        if (report.flags().isEmpty()) {
            out.append("None: every ratio within bounds, every interval narrow enough.\n");
        }
        for (Flag flag : report.flags()) {
            out.append("- **").append(TableReport.mark(flag)).append("** ");
            if (report.classes().size() > 1) {
                out.append("[class ").append(flag.positiveClass()).append("] ");
            }
            out.append(flag.message()).append('\n');
        }
        for (ClassAudit audit : report.classes()) {
            String level = "##";
            if (report.classes().size() > 1) {
                out.append("\n## Positive class '").append(audit.positiveClass()).append("' vs the rest\n");
                level = "###";
            }
            for (GroupingAudit grouping : audit.groupings()) {
                out.append('\n').append(level).append(' ').append(grouping.name()).append(" (reference: ")
                        .append(grouping.reference()).append(")\n\n");
                out.append(ReportTables.counts(report, audit, grouping).markdown()).append('\n');
                out.append(ReportTables.rates(report, audit, grouping).markdown()).append('\n');
                if (grouping.groups().size() > 1) {
                    out.append("Ratio and difference to ").append(grouping.reference()).append(":\n\n");
                    out.append(ReportTables.disparities(report, grouping).markdown());
                }
            }
        }
        return out.toString();
    }
}
