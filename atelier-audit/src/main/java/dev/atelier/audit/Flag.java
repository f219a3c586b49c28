package dev.atelier.audit;

import java.util.List;

/**
 * Something a reader of the audit must not miss. Flags mark results; they never remove them.
 *
 * @param kind what is wrong
 * @param positiveClass the class audited
 * @param grouping the grouping, e.g. {@code "race"}
 * @param group the group concerned
 * @param metrics the rates concerned
 * @param message one sentence for people
 */
public record Flag(Kind kind, String positiveClass, String grouping, String group, List<Metric> metrics,
        String message) {
    /** The two reasons to flag. */
    public enum Kind {
        /** A rate's ratio to the reference group lies outside the bounds (e.g. the four-fifths rule). */
        DISPARITY,
        /** A rate's 95% interval is wider than the limit: too few cases to judge. */
        TOO_SMALL
    }

    public Flag {
        metrics = List.copyOf(metrics);
    }
}
