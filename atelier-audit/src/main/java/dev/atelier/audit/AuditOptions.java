package dev.atelier.audit;

import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run an audit: which class is positive, which groups are references, and when to flag.
 * Build with {@link #builder()}; every setting has a default.
 */
public final class AuditOptions {
    /** The four-fifths rule: a group's rate below 80% of the reference's (or above 125%) is flagged. */
    public static final double DEFAULT_RATIO_LOWER = 0.8;
    public static final double DEFAULT_RATIO_UPPER = 1.25;
    /** Intervals wider than 20 percentage points leave too much open to judge a group. */
    public static final double DEFAULT_MAX_INTERVAL_WIDTH = 0.2;

    private final String positiveClass;
    private final boolean oneVsRest;
    private final List<String> references;
    private final double ratioLower;
    private final double ratioUpper;
    private final double maxIntervalWidth;

    private AuditOptions(Builder b) {
        this.positiveClass = b.positiveClass;
        this.oneVsRest = b.oneVsRest;
        this.references = List.copyOf(b.references);
        this.ratioLower = b.ratioLower;
        this.ratioUpper = b.ratioUpper;
        this.maxIntervalWidth = b.maxIntervalWidth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: positive class inferred from binary labels, four-fifths rule, width limit 0.2. */
    public static AuditOptions defaults() {
        return builder().build();
    }

    /** The label value treated as positive, if given. */
    public Optional<String> positiveClass() {
        return Optional.ofNullable(positiveClass);
    }

    /** Whether to audit every class in turn against the rest. */
    public boolean oneVsRest() {
        return oneVsRest;
    }

    /** Reference choices, each {@code "value"} or {@code "column=value"}. */
    public List<String> references() {
        return references;
    }

    public double ratioLower() {
        return ratioLower;
    }

    public double ratioUpper() {
        return ratioUpper;
    }

    public double maxIntervalWidth() {
        return maxIntervalWidth;
    }

    /** Whether {@code ratio} lies outside the flagging bounds (an infinite ratio does). */
    public boolean beyondBounds(double ratio) {
        return !Double.isNaN(ratio) && (ratio < ratioLower || ratio > ratioUpper);
    }

    /** Builder for {@link AuditOptions}. */
    public static final class Builder {
        private String positiveClass;
        private boolean oneVsRest;
        private final List<String> references = new ArrayList<>();
        private double ratioLower = DEFAULT_RATIO_LOWER;
        private double ratioUpper = DEFAULT_RATIO_UPPER;
        private double maxIntervalWidth = DEFAULT_MAX_INTERVAL_WIDTH;

        private Builder() {}

        /** The label value treated as positive; needed when labels are not an obvious 0/1, no/yes pair. */
        public Builder optPositiveClass(String positiveClass) {
            this.positiveClass = positiveClass;
            return this;
        }

        /** Audit every class against the rest, one section per class (for multi-class labels). */
        public Builder optOneVsRest(boolean oneVsRest) {
            this.oneVsRest = oneVsRest;
            return this;
        }

        /**
         * Adds a reference group: {@code "value"} for whichever group column holds that value, or
         * {@code "column=value"}. Columns without one use their largest group.
         */
        public Builder optReference(String reference) {
            this.references.add(reference);
            return this;
        }

        /** A ratio to the reference below {@code lower} or above {@code upper} is flagged. */
        public Builder optRatioBounds(double lower, double upper) {
            this.ratioLower = lower;
            this.ratioUpper = upper;
            return this;
        }

        /** A rate whose 95% interval is wider than this is marked too small to judge. */
        public Builder optMaxIntervalWidth(double width) {
            this.maxIntervalWidth = width;
            return this;
        }

        public AuditOptions build() {
            if (!(ratioLower > 0 && ratioLower <= 1 && ratioUpper >= 1 && Double.isFinite(ratioUpper))) {
                throw new InvalidInputException("ratio bounds must satisfy 0 < lower <= 1 <= upper, got "
                        + ratioLower + "," + ratioUpper);
            }
            if (!(maxIntervalWidth > 0 && maxIntervalWidth <= 1)) {
                throw new InvalidInputException("the interval width limit must be in (0, 1], got " + maxIntervalWidth);
            }
            if (positiveClass != null && oneVsRest) {
                throw new InvalidInputException("choose either a positive class or one-vs-rest, not both");
            }
            for (String r : references) {
                if (r == null || r.isBlank() || r.endsWith("=") || r.startsWith("=")) {
                    throw new InvalidInputException("reference group must be VALUE or COLUMN=VALUE, got '" + r + "'");
                }
            }
            return new AuditOptions(this);
        }
    }
}
