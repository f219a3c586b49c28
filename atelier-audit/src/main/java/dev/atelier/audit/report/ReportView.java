package dev.atelier.audit.report;

import dev.atelier.audit.AuditReport;
import dev.atelier.audit.ClassAudit;
import dev.atelier.audit.Flag;
import dev.atelier.audit.GroupingAudit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report for people shows of an audit under its {@link ReportLimits}: the listed groups of
 * every grouping, the flags that concern them, and how many flags concern groups not listed.
 */
final class ReportView {
    private final AuditReport report;
    private final Map<ClassAudit, Map<String, ShownGroups>> shown = new IdentityHashMap<>();
    private final List<Flag> flags = new ArrayList<>();
    private final int hiddenFlags;

    ReportView(AuditReport report, ReportLimits limits) {
        this.report = report;
        for (ClassAudit audit : report.classes()) {
            Map<String, ShownGroups> byGrouping = new HashMap<>();
            for (GroupingAudit grouping : audit.groupings()) {
                byGrouping.put(grouping.name(), ShownGroups.of(grouping, limits));
            }
            shown.put(audit, byGrouping);
        }
        Map<String, ClassAudit> byClass = new HashMap<>();
        report.classes().forEach(c -> byClass.put(c.positiveClass(), c));
        int hidden = 0;
        for (Flag f : report.flags()) {
            ShownGroups s = shown.get(byClass.get(f.positiveClass())).get(f.grouping());
            if (s.lists(f.group())) {
                flags.add(f);
            } else {
                hidden++;
            }
        }
        this.hiddenFlags = hidden;
    }

    AuditReport report() {
        return report;
    }

    /** The listed groups of {@code grouping}. */
    ShownGroups shown(ClassAudit audit, GroupingAudit grouping) {
        return shown.get(audit).get(grouping.name());
    }

    /** The flags on listed groups, in report order. */
    List<Flag> flags() {
        return flags;
    }

    /** One line on the flags not listed, or empty when every flag is. */
    String hiddenFlagsSummary() {
        return hiddenFlags == 0 ? "" : hiddenFlags + " more " + (hiddenFlags == 1 ? "flag concerns" : "flags concern")
                + " groups not listed here; the JSON report lists every group and flag.";
    }
}
