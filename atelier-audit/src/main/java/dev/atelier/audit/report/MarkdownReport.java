package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupingAudit;

/**
 * The audit as Markdown: flags first, then one section per grouping with its three tables. Every
 * piece of user data is {@linkplain MarkdownText#escape escaped}: a group name shows as typed, never
 * as HTML, a link or an extra table column.
 */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(AuditReport report, ReportLimits limits) {
        ReportView view = new ReportView(report, limits);
        StringBuilder out = new StringBuilder();
        out.append("# Bias audit: ").append(MarkdownText.escape(report.description())).append("\n\n");
        for (String line : ReportTables.preamble(report, MarkdownText::escape)) {
            out.append(line).append("  \n");
        }
        out.append("\n## Flags\n\n");
        if (report.flags().isEmpty()) {
            out.append("None: every ratio within bounds, every interval narrow enough.\n");
        }
        for (Flag flag : view.flags()) {
            out.append("- **").append(TableReport.mark(flag)).append("** ");
            if (report.classes().size() > 1) {
                out.append("\\[class ").append(MarkdownText.escape(flag.positiveClass())).append("\\] ");
            }
            out.append(MarkdownText.escape(flag.message())).append('\n');
        }
        if (!view.hiddenFlagsSummary().isEmpty()) {
            out.append("- ").append(view.hiddenFlagsSummary()).append('\n');
        }
        for (ClassAudit audit : report.classes()) {
            String level = "##";
            if (report.classes().size() > 1) {
                out.append("\n## Positive class '").append(MarkdownText.escape(audit.positiveClass()))
                        .append("' vs the rest\n");
                level = "###";
            }
            for (GroupingAudit grouping : audit.groupings()) {
                ShownGroups shown = view.shown(audit, grouping);
                out.append('\n').append(level).append(' ').append(MarkdownText.escape(grouping.name()))
                        .append(" (reference: ").append(MarkdownText.escape(grouping.reference())).append(")\n\n");
                if (shown.hidden() > 0) {
                    out.append(shown.summary()).append("\n\n");
                }
                out.append(ReportTables.counts(report, audit, grouping, shown.groups()).markdown()).append('\n');
                out.append(ReportTables.rates(report, audit, grouping, shown.groups()).markdown()).append('\n');
                if (grouping.groups().size() > 1) {
                    out.append("Ratio and difference to ").append(MarkdownText.escape(grouping.reference()))
                            .append(":\n\n");
                    out.append(ReportTables.disparities(report, grouping, shown.groups()).markdown());
                }
            }
        }
        return out.toString();
    }
}
