package dev.atelier.style.engine;

import java.util.List;

/**
 * The time left of a running style transfer, for a progress bar's ETA. A finer scale's evaluation costs
 * more than a coarser one's, so a rate averaged over the run, as a plain progress bar keeps it, runs fast
 * while the cheap scales run and then falls behind: the estimate here times the current scale's own
 * evaluations and carries that rate to each later scale by its pixels raised to {@link #COST_EXPONENT}.
 *
 * <p>Why not by its pixels alone: an evaluation also pays costs that do not grow with the picture (the
 * L-BFGS step, the loss terms' small Gram products, the library's per-call overhead), so four times the
 * pixels cost less than four times the time. Timed on this project's machine (docs/benchmarks.md), a
 * 256-px evaluation cost 2.8x a 128-px one, not 4x: 4^0.75. Scaling by the pixels overestimated the time
 * left by a third early in the run; with the exponent the estimate is within a tenth or so there.
 *
 * <p>A scale's first evaluation is not timed as an evaluation: it also pays for the scale's targets and
 * the library's first pass at a new size. That extra (its time beyond the scale's rate) is carried to each
 * later scale the same way. The rate is that of the scale's last {@link #RATE_WINDOW} evaluations, not of
 * all of them: L-BFGS's evaluations grow dearer as a scale goes on (0.33 s at its start, 0.41 s at its
 * end at 256 px on AVX2), and the whole scale's mean lags behind. After the last evaluation the run still
 * judges the picture (three float32 forward passes at the output size) and writes it:
 * {@link #FINISH_EVALUATIONS} evaluations' worth at the output size, as timed (0.6 to 0.75 s at 256 px,
 * 4 to 2 evaluations). Until a scale's second evaluation the previous scale's rate stands in (and before
 * any, there is no estimate). With a time budget the time left is the budget's.
 */
public final class RemainingTime {
    private final List<Integer> longSides;
    private final List<Integer> evaluations;
    private final TimeBudget budget;
    /**
     * How an evaluation's cost grows with the pixels: cost ∝ pixels^0.75, measured (a 256-px evaluation
     * 2.8x a 128-px one on the tuning pair, bfloat16 on AVX-512; see the class comment).
     */
    public static final double COST_EXPONENT = 0.75;
    /** How many of the scale's latest evaluations its rate is taken over. */
    public static final int RATE_WINDOW = 8;
    /** The judge and the writing after the last evaluation, in evaluations at the output size. */
    public static final double FINISH_EVALUATIONS = 3;
    private int scale = -1;
    private int doneInScale;
    private double scaleStartSeconds;
    private double firstEvaluationEnd;
    private double lastSeconds;
    /** The end times of the current scale's latest evaluations, a ring of {@link #RATE_WINDOW} + 1. */
    private final double[] recentEnds = new double[RATE_WINDOW + 1];
    /** The last finished scale's seconds per evaluation, and its index; NaN and -1 before any. */
    private double previousRate = Double.NaN;
    private int previousScale = -1;
    /** The last timed scale's first evaluation's time beyond its rate (targets, first pass), and its scale. */
    private double setupSeconds = Double.NaN;
    private int setupScale = -1;

    /**
     * @param ladder the run's scales and their evaluation budgets
     * @param budget the run's time budget, or {@link TimeBudget#NONE}
     */
    public RemainingTime(ScaleLadder ladder, TimeBudget budget) {
        this.longSides = ladder.longSides();
        this.evaluations = ladder.evaluations();
        this.budget = budget;
    }

    /** Scale {@code index} begins, {@code seconds} after the optimisation started. */
    public void onScale(int index, double seconds) {
        if (scale >= 0 && doneInScale > 1) {
            previousRate = recentRate();
            previousScale = scale;
        }
        scale = index;
        doneInScale = 0;
        scaleStartSeconds = seconds;
        lastSeconds = seconds;
    }

    /** An evaluation of the current scale ended, {@code seconds} after the optimisation started. */
    public void onEvaluation(double seconds) {
        doneInScale++;
        if (doneInScale == 1) {
            firstEvaluationEnd = seconds;
        } else if (doneInScale == 2) {
            // the first evaluation's time beyond the second's: the scale's targets and first pass
            setupSeconds = Math.max(0, (firstEvaluationEnd - scaleStartSeconds) - (seconds - firstEvaluationEnd));
            setupScale = scale;
        }
        recentEnds[doneInScale % recentEnds.length] = seconds;
        lastSeconds = seconds;
    }

    /** Seconds per evaluation over the scale's latest evaluations, its first (which pays the setup) left out. */
    private double recentRate() {
        int span = Math.min(RATE_WINDOW, doneInScale - 1);
        double earlier = recentEnds[(doneInScale - span) % recentEnds.length];
        return (lastSeconds - earlier) / span;
    }

    /** Seconds left, or NaN before the first evaluation (nothing measured yet). */
    public double seconds() {
        if (budget.isSet()) {
            return Math.max(0, budget.seconds() - lastSeconds);
        }
        if (scale < 0) {
            return Double.NaN;
        }
        double perEvaluation;
        if (doneInScale > 1) {
            perEvaluation = recentRate();
        } else if (previousScale >= 0) {
            perEvaluation = previousRate * costRatio(previousScale, scale);
        } else {
            return Double.NaN;
        }
        if (!Double.isFinite(perEvaluation)) {
            return Double.NaN;
        }
        double left = perEvaluation * Math.max(0, evaluations.get(scale) - doneInScale);
        double ratio = 1;
        for (int j = scale + 1; j < longSides.size(); j++) {
            ratio = costRatio(scale, j);
            double setup = setupScale >= 0 ? setupSeconds * costRatio(setupScale, j) : perEvaluation * ratio;
            left += perEvaluation * ratio * evaluations.get(j) + setup;
        }
        left += perEvaluation * ratio * FINISH_EVALUATIONS;
        return left;
    }

    /** How much an evaluation at scale {@code to} costs against one at scale {@code from}. */
    private double costRatio(int from, int to) {
        return Math.pow(pixels(to) / pixels(from), COST_EXPONENT);
    }

    private double pixels(int k) {
        return (double) longSides.get(k) * longSides.get(k);
    }
}
