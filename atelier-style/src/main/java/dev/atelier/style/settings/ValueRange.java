package dev.atelier.style.settings;

import dev.atelier.core.SettingException;
import java.util.Locale;

/**
 * The values a numeric setting accepts, checked on the resolved value (so a programmatic builder, a typed
 * option and a manifest cell meet the same rule) and described for help texts.
 *
 * @param min the smallest value allowed, or {@code -infinity}
 * @param minOpen whether {@code min} itself is refused (a positive weight, not zero)
 * @param max the largest value allowed, or {@code +infinity}
 * @param unit appended to the bounds in messages ({@code " pixels"}), or empty
 */
public record ValueRange(double min, boolean minOpen, double max, String unit) {
    /** Anything finite. */
    public static final ValueRange ANY = new ValueRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, "");

    public static ValueRange atLeast(double min) {
        return new ValueRange(min, false, Double.POSITIVE_INFINITY, "");
    }

    public static ValueRange between(double min, double max) {
        return new ValueRange(min, false, max, "");
    }

    public static ValueRange positive() {
        return new ValueRange(0, true, Double.POSITIVE_INFINITY, "");
    }

    public static ValueRange positiveAtMost(double max) {
        return new ValueRange(0, true, max, "");
    }

    /** This range with {@code unit} in its messages, e.g. {@code " pixels"}. */
    public ValueRange in(String unit) {
        return new ValueRange(min, minOpen, max, unit);
    }

    /** Whether {@code v} lies in the range (never for NaN or an infinity). */
    public boolean contains(double v) {
        return Double.isFinite(v) && (minOpen ? v > min : v >= min) && v <= max;
    }

    /**
     * @throws SettingException keyed {@code key} when {@code v} lies outside the range
     */
    public void check(String key, Number v) {
        if (v != null && !contains(v.doubleValue())) {
            throw new SettingException(key, "must be " + describe() + ", got " + text(v.doubleValue()));
        }
    }

    /** E.g. {@code at least 16 pixels}, {@code between 0 and 1}, {@code positive}. */
    public String describe() {
        boolean low = min != Double.NEGATIVE_INFINITY;
        boolean high = max != Double.POSITIVE_INFINITY;
        if (minOpen && min == 0 && !high) {
            return "positive";
        }
        if (minOpen && min == 0) {
            return "positive and at most " + text(max) + unit;
        }
        if (low && high) {
            return "between " + text(min) + " and " + text(max) + unit;
        }
        if (low) {
            return min == 0 && unit.isEmpty() ? "zero or positive" : "at least " + text(min) + unit;
        }
        return high ? "at most " + text(max) + unit : "a finite number";
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
