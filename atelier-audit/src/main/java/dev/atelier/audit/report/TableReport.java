package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupingAudit;

/** The audit as aligned plain-text tables for a terminal, flags listed last where the eye lands. */
final class TableReport {
    private static final String INDENT = "  ";

    private TableReport() {}

    static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Bias audit: ").append(report.description()).append('\n');
        for (String line : ReportTables.preamble(report)) {
            out.append(INDENT).append(line).append('\n');
        }
        for (ClassAudit audit : report.classes()) {
            if (report.classes().size() > 1) {
                out.append("\n=== positive class '").append(audit.positiveClass()).append("' vs the rest ===\n");
            }
            for (GroupingAudit grouping : audit.groupings()) {
                out.append("\n").append(grouping.name()).append(" (reference: ").append(grouping.reference())
                        .append(")\n\n");
                out.append(ReportTables.counts(report, audit, grouping).aligned(INDENT)).append('\n');
                out.append(ReportTables.rates(report, audit, grouping).aligned(INDENT)).append('\n');
                if (grouping.groups().size() > 1) {
                    out.append(INDENT).append("ratio and difference to ").append(grouping.reference()).append(":\n");
                    out.append(ReportTables.disparities(report, grouping).aligned(INDENT));
                }
            }
        }
        out.append('\n');
        if (report.flags().isEmpty()) {
            out.append("No flags: every ratio within bounds, every interval narrow enough.\n");
        } else {
            out.append("Flags (").append(report.flags().size()).append("):\n");
            for (Flag flag : report.flags()) {
                out.append(INDENT).append(mark(flag)).append(' ');
                if (report.classes().size() > 1) {
                    out.append("[class ").append(flag.positiveClass()).append("] ");
                }
                out.append(flag.message()).append('\n');
            }
        }
        return out.toString();
    }

    static String mark(Flag flag) {
        return flag.kind() == Flag.Kind.DISPARITY ? ReportTables.DISPARITY_MARK : ReportTables.UNCERTAIN_MARK;
    }
}
