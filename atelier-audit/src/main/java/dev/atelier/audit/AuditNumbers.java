package dev.atelier.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How audit numbers are written for people: rates as percentages, ratios with ×, gaps in points. */
public final class AuditNumbers {
    private AuditNumbers() {}

    /** 0.4485 → {@code "44.8%"}; NaN → {@code "n/a"}. */
    public static String percent(double rate) {
        return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }

    /** A Wilson interval as {@code "42.6–47.1"} (percent, no sign, to sit after a percentage). */
    public static String interval(WilsonInterval ci) {
        return String.format(Locale.ROOT, "%.1f–%.1f", 100 * ci.lower(), 100 * ci.upper());
    }

    /** A rate with its interval: {@code "44.8% (42.6–47.1)"}, or {@code "n/a"} when undefined. */
    public static String rateWithInterval(Rate rate) {
        return rate.defined() ? percent(rate.value()) + " (" + interval(rate.interval()) + ")" : "n/a";
    }

    /** 1.9124 → {@code "1.91×"}; ∞ → {@code "∞×"}; NaN → {@code "n/a"}. */
    public static String ratio(double ratio) {
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        return Double.isInfinite(ratio) ? "∞×" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /**
     * A ratio as {@link #ratio(double)}, with more decimals where two would round it across a flagging
     * bound: 0.7955 is {@code "0.796×"}, not a flagged {@code "0.80×"} that looks within [0.80, 1.25].
     */
    public static String ratio(double ratio, double lower, double upper) {
        if (!Double.isFinite(ratio)) {
            return ratio(ratio);
        }
        boolean beyond = ratio < lower || ratio > upper;
        for (int decimals = 2; decimals < 6; decimals++) {
            double shown = new BigDecimal(ratio).setScale(decimals, RoundingMode.HALF_EVEN)
                    .doubleValue();
            if ((shown < lower || shown > upper) == beyond) {
                return String.format(Locale.ROOT, "%." + decimals + "f×", ratio);
            }
        }
        return String.format(Locale.ROOT, "%.6f×", ratio);
    }

    /** A difference of rates in percentage points: 0.214 → {@code "+21.4 pp"}. */
    public static String points(double difference) {
        return Double.isNaN(difference) ? "n/a" : String.format(Locale.ROOT, "%+.1f pp", 100 * difference);
    }

    /** An AUC to three places, or {@code "n/a"}. */
    public static String auc(double auc) {
        return Double.isNaN(auc) ? "n/a" : String.format(Locale.ROOT, "%.3f", auc);
    }

    /** A plain number with two decimals, e.g. for bounds. */
    public static String decimal(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
