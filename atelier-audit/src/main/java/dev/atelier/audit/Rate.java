package dev.atelier.audit;

/**
 * A proportion measured on a group, with the counts behind it and its 95% Wilson interval.
 *
 * @param numerator cases counted in the rate's top line (e.g. false positives)
 * @param denominator cases the rate is taken over (e.g. actual negatives); 0 makes the rate undefined
 * @param interval 95% Wilson interval; [0, 1] when the rate is undefined
 */
public record Rate(long numerator, long denominator, WilsonInterval interval) {
    public Rate {
        if (numerator < 0 || numerator > denominator) {
            throw new IllegalArgumentException(numerator + " / " + denominator + " is not a proportion");
        }
    }

    /** {@code numerator / denominator} with its 95% Wilson interval. */
    public static Rate of(long numerator, long denominator) {
        return new Rate(numerator, denominator, WilsonInterval.of95(numerator, denominator));
    }

    /** False when no case falls in the denominator, so the rate says nothing. */
    public boolean defined() {
        return denominator > 0;
    }

    /** The point estimate; NaN when undefined. */
    public double value() {
        return defined() ? (double) numerator / denominator : Double.NaN;
    }
}
