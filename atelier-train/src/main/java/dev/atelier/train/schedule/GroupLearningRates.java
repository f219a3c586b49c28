package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Discriminative learning rates for a named schedule: how the head's learning rate is spread over the
 * model's layer groups. Either nothing (every group trains at the schedule's rate), a ratio (each group
 * gets the next group's rate divided by it, like {@link TrainingPhase#groupRatio}), or one peak rate per
 * group, first layers first: the schedule is shaped on the last group's (the head's) rate and every
 * group follows it scaled by {@code lrs[g] / lrs[last]}, so a 1cycle with {@code 1e-4, 1e-3, 1e-2}
 * peaks at exactly those three values.
 *
 * @param ratio the group ratio, 1 for none
 * @param peaks per-group peak learning rates, or empty
 */
public record GroupLearningRates(double ratio, double[] peaks) {
    /** Every group at the schedule's rate. */
    public static final GroupLearningRates SAME = new GroupLearningRates(1, new double[0]);

    /** @throws SettingException for a ratio that is not a positive number, non-positive peaks, or both spreads */
    public GroupLearningRates {
        requireRatio(ratio);
        peaks = peaks.clone();
        requireOneSpread(peaks.length > 0, ratio);
        for (double p : peaks) {
            if (!(p > 0) || Double.isInfinite(p)) {
                throw new SettingException("lr", "per-group learning rates must be positive numbers, got "
                        + Arrays.toString(peaks));
            }
        }
    }

    /**
     * The group rates a user asks for: a ratio (null for none) and one learning rate, or one per layer
     * group, first layers first. Every front end and the phases file come in here, so that asking for both
     * spreads meets the same refusal everywhere.
     *
     * @throws SettingException as the constructor
     */
    public static GroupLearningRates of(Double ratio, double... lrs) {
        return new GroupLearningRates(ratio == null ? 1 : ratio, lrs.length > 1 ? lrs : new double[0]);
    }

    /** The rule of a group ratio, in a spec or in a phase: a positive, finite number. */
    static void requireRatio(double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new SettingException("group_ratio", "must be a positive number, got " + ratio);
        }
    }

    /**
     * The rule of spreading learning rates over layer groups, in a spec or in a phase: by one learning rate
     * per group or by a ratio, not both.
     */
    static void requireOneSpread(boolean perGroupRates, double ratio) {
        if (perGroupRates && ratio != 1) {
            throw new SettingException("group_ratio",
                    "give either one learning rate per layer group or a group ratio, not both");
        }
    }

    /** The head's (last group's) peak learning rate, or {@code fallback} when no peaks are given. */
    public double headLr(double fallback) {
        return peaks.length == 0 ? fallback : peaks[peaks.length - 1];
    }

    /** True when every group trains at the same rate. */
    public boolean isSame() {
        return ratio == 1 && peaks.length == 0;
    }

    /**
     * {@code phase} with these group rates: its single learning-rate schedule is scaled per group (or
     * given the ratio). A phase that already has one lr per group is refused: two spreads cannot both hold.
     */
    public TrainingPhase applyTo(TrainingPhase phase) {
        if (isSame()) {
            return phase;
        }
        if (phase.learningRates().size() != 1 || phase.groupRatio() != 1) {
            throw new InvalidInputException("a phase with its own per-group learning rates or group ratio cannot"
                    + " take the schedule's group learning rates as well");
        }
        if (peaks.length == 0) {
            return phase.groupRatio(ratio);
        }
        ScheduledValue head = phase.learningRates().get(0);
        List<ScheduledValue> perGroup = new ArrayList<>();
        double last = peaks[peaks.length - 1];
        for (double p : peaks) {
            perGroup.add(head.scaled(p / last));
        }
        return phase.learningRates(perGroup);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupLearningRates g && g.ratio == ratio && Arrays.equals(g.peaks, peaks);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(ratio) * 31 + Arrays.hashCode(peaks);
    }

    @Override
    public String toString() {
        return peaks.length > 0 ? "lrs " + Arrays.toString(peaks) : ratio != 1 ? "ratio " + ScheduledValue.format(ratio)
                : "same lr";
    }
}
