package dev.atelier.audit;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The result of an audit, ready for a renderer.
 *
 * @param description where the cases came from
 * @param cases number of cases
 * @param classes one audit per positive class (one, unless one-vs-rest)
 * @param ratioLower ratios to the reference below this are flagged
 * @param ratioUpper ratios to the reference above this are flagged
 * @param maxIntervalWidth rates with a wider 95% interval are marked too small to judge
 * @param threshold the score threshold, when predictions were derived from scores
 * @param hasAuc whether any group has an AUC (scores were given)
 * @param flags everything flagged, in report order
 */
public record AuditReport(String description, int cases, List<ClassAudit> classes, double ratioLower,
        double ratioUpper, double maxIntervalWidth, OptionalDouble threshold, boolean hasAuc, List<Flag> flags) {
    public AuditReport {
        classes = List.copyOf(classes);
        flags = List.copyOf(flags);
    }

    /** The audit of the given positive class. */
    public ClassAudit forClass(String positiveClass) {
        return classes.stream().filter(c -> c.positiveClass().equals(positiveClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no audit for class " + positiveClass));
    }

    /** Whether this rate is too uncertain to judge under this report's width limit. */
    public boolean tooWide(Rate rate) {
        return rate.interval().width() > maxIntervalWidth;
    }
}
