package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/**
 * One hyper-parameter over one phase: it starts at {@code start} and moves towards {@code end}
 * following {@code decay}. Construct with {@link #constant}, {@link #decaying(double, DecayType)}
 * (end 0) or {@link #of}; all three validate, so an instance is always usable.
 *
 * @param start value at the first iteration of the phase
 * @param end value the decay reaches at {@code pos = 1}, i.e. where the next phase begins; equals
 *     {@code start} for {@link DecayType#NONE}
 * @param decay the shape between them
 */
public record ScheduledValue(double start, double end, DecayType decay) {
    public ScheduledValue {
        if (decay == null) {
            throw new IllegalArgumentException("decay must not be null");
        }
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new InvalidInputException("scheduled values must be finite numbers, got " + format(start)
                    + " -> " + format(end));
        }
        if (decay instanceof DecayType.None) {
            end = start;
        }
        if (decay instanceof DecayType.Exponential && (start == 0 || end == 0 || Math.signum(start) != Math.signum(end))) {
            throw new InvalidInputException("exponential decay needs a non-zero end of the same sign as its start"
                    + " (got " + format(start) + " -> " + format(end) + "); give an end value or use another decay");
        }
    }

    /** The same value for the whole phase. */
    public static ScheduledValue constant(double value) {
        return new ScheduledValue(value, value, DecayType.NONE);
    }

    /**
     * {@code start} decaying to 0 (the rule for a decay without an end); EXPONENTIAL is
     * rejected here because it never reaches 0.
     */
    public static ScheduledValue decaying(double start, DecayType decay) {
        if (decay instanceof DecayType.Exponential) {
            throw new InvalidInputException("exponential decay needs an end value (it never reaches 0)");
        }
        return new ScheduledValue(start, 0, decay);
    }

    /** {@code start} moving to {@code end} following {@code decay}. */
    public static ScheduledValue of(double start, double end, DecayType decay) {
        return new ScheduledValue(start, end, decay);
    }

    /** The value at {@code pos = i/n ∈ [0, 1]}. */
    public double at(double pos) {
        if (pos <= 0) {
            return start;
        }
        if (pos >= 1) {
            return decay.value(start, end, 1);
        }
        return decay.value(start, end, pos);
    }

    /** This value multiplied by {@code factor} (start and end), same decay. */
    public ScheduledValue scaled(double factor) {
        return new ScheduledValue(start * factor, end * factor, decay);
    }

    /** True if it never changes during the phase. */
    public boolean isConstant() {
        return decay instanceof DecayType.None || start == end;
    }

    @Override
    public String toString() {
        return isConstant() ? format(start) : format(start) + " -> " + format(end) + " (" + decay.label() + ")";
    }

    /** Compact rendering of a hyper-parameter: {@code 0.01}, {@code 1e-05}. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
