package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupingAudit;

/**
 * The audit as aligned plain-text tables for a terminal, flags listed last where the eye lands.
 * Every piece of user data is {@linkplain DisplayText#clean cleaned}: a group name cannot send
 * escape sequences to the reader's terminal or break a line.
 */
final class TableReport {
    private static final String INDENT = "  ";

    private TableReport() {}

    static String render(AuditReport report, ReportLimits limits) {
        ReportView view = new ReportView(report, limits);
        StringBuilder out = new StringBuilder();
        out.append("Bias audit: ").append(DisplayText.clean(report.description())).append('\n');
        for (String line : ReportTables.preamble(report, DisplayText::clean)) {
            out.append(INDENT).append(line).append('\n');
        }
        for (ClassAudit audit : report.classes()) {
            if (report.classes().size() > 1) {
                out.append("\n=== positive class '").append(DisplayText.clean(audit.positiveClass()))
                        .append("' vs the rest ===\n");
            }
            for (GroupingAudit grouping : audit.groupings()) {
                ShownGroups shown = view.shown(audit, grouping);
                out.append("\n").append(DisplayText.clean(grouping.name())).append(" (reference: ")
                        .append(DisplayText.clean(grouping.reference())).append(")\n");
                if (shown.hidden() > 0) {
                    out.append(INDENT).append(shown.summary()).append('\n');
                }
                out.append('\n');
                out.append(ReportTables.counts(report, audit, grouping, shown.groups()).aligned(INDENT)).append('\n');
                out.append(ReportTables.rates(report, audit, grouping, shown.groups()).aligned(INDENT)).append('\n');
                if (grouping.groups().size() > 1) {
                    out.append(INDENT).append("ratio and difference to ").append(DisplayText.clean(grouping.reference()))
                            .append(":\n");
                    out.append(ReportTables.disparities(report, grouping, shown.groups()).aligned(INDENT));
                }
            }
        }
        out.append('\n');
        if (report.flags().isEmpty()) {
            out.append("No flags: every ratio within bounds, every interval narrow enough.\n");
        } else {
            out.append("Flags (").append(report.flags().size()).append("):\n");
            for (Flag flag : view.flags()) {
                out.append(INDENT).append(mark(flag)).append(' ');
                if (report.classes().size() > 1) {
                    out.append("[class ").append(DisplayText.clean(flag.positiveClass())).append("] ");
                }
                out.append(DisplayText.clean(flag.message())).append('\n');
            }
            if (!view.hiddenFlagsSummary().isEmpty()) {
                out.append(INDENT).append(view.hiddenFlagsSummary()).append('\n');
            }
        }
        return out.toString();
    }

    static String mark(Flag flag) {
        return flag.kind() == Flag.Kind.DISPARITY ? ReportTables.DISPARITY_MARK : ReportTables.UNCERTAIN_MARK;
    }
}
