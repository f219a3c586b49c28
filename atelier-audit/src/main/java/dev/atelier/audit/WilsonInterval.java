package dev.atelier.audit;

/**
 * A confidence interval for a binomial proportion by Wilson's score method.
 *
 * <p>Wilson rather than the textbook normal ("Wald") interval because audits routinely meet small
 * groups and rates near 0 or 1, where the Wald interval collapses to zero width or leaves [0, 1];
 * Wilson's stays inside [0, 1] and keeps close to its nominal coverage.
 *
 * @param lower lower bound, in [0, 1]
 * @param upper upper bound, in [0, 1]
 */
public record WilsonInterval(double lower, double upper) {
    /** The standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975). */
    public static final double Z_95 = 1.959963984540054;

    /** The interval that says nothing: a rate measured on no cases could be anything. */
    public static final WilsonInterval UNKNOWN = new WilsonInterval(0, 1);

    public WilsonInterval {
        if (!(lower >= 0 && upper <= 1 && lower <= upper)) {
            throw new IllegalArgumentException("not an interval in [0, 1]: [" + lower + ", " + upper + "]");
        }
    }

    /** The 95% Wilson interval for {@code successes} out of {@code trials}; {@link #UNKNOWN} for 0 trials. */
    public static WilsonInterval of95(long successes, long trials) {
        return of(successes, trials, Z_95);
    }

    /**
     * The Wilson interval with normal quantile {@code z}:
     * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), with p = successes / trials.
     */
    public static WilsonInterval of(long successes, long trials, double z) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
        }
        if (trials == 0) {
            return UNKNOWN;
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // At p = 0 (or 1) centre and half are equal in real arithmetic, so the bound is exactly 0 (or 1);
        // say so rather than keep the rounding noise.
        double lower = successes == 0 ? 0 : Math.max(0, centre - half);
        double upper = successes == trials ? 1 : Math.min(1, centre + half);
        return new WilsonInterval(lower, upper);
    }

    /** upper − lower: how much the data leave open. */
    public double width() {
        return upper - lower;
    }
}
