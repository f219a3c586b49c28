package dev.atelier.style.engine;

import java.util.List;

/**
 * The time left of a running style transfer, for a progress bar's ETA. A finer scale's evaluation costs
 * about its pixels' worth more than a coarser one's (the network's work is proportional to the pixels), so
 * a rate averaged over the run, as a plain progress bar keeps it, runs fast while the cheap scales run and
 * then falls behind: the estimate here times the current scale's own evaluations and scales that rate by
 * each later scale's pixels, plus one evaluation's worth per later scale for its targets and one at the end
 * for the judge. A scale's first evaluation is not timed: it also pays for the scale's targets and the
 * library's first pass at a new size (2 to 3 s here against 0.1 to 0.3 s for the next ones at 256 px), so
 * until a scale's second evaluation the previous scale's rate, scaled by the pixels, stands in (and before
 * any, there is no estimate). With a time budget the time left is the budget's.
 */
public final class RemainingTime {
    private final List<Integer> longSides;
    private final List<Integer> evaluations;
    private final TimeBudget budget;
    private int scale = -1;
    private int doneInScale;
    private double scaleStartSeconds;
    private double firstEvaluationEnd;
    private double lastSeconds;
    /** Seconds per evaluation per pixel of the long side squared, as last timed; NaN before any. */
    private double ratePerPixel = Double.NaN;

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
            ratePerPixel = (lastSeconds - firstEvaluationEnd) / (doneInScale - 1) / pixels(scale);
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
        }
        lastSeconds = seconds;
    }

    /** Seconds left, or NaN before the first evaluation (nothing measured yet). */
    public double seconds() {
        if (budget.isSet()) {
            return Math.max(0, budget.seconds() - lastSeconds);
        }
        if (scale < 0) {
            return Double.NaN;
        }
        double perEvaluation = doneInScale > 1 ? (lastSeconds - firstEvaluationEnd) / (doneInScale - 1)
                : ratePerPixel * pixels(scale);
        if (!Double.isFinite(perEvaluation)) {
            return Double.NaN;
        }
        double here = pixels(scale);
        double left = perEvaluation * Math.max(0, evaluations.get(scale) - doneInScale);
        double ratio = 1;
        for (int j = scale + 1; j < longSides.size(); j++) {
            ratio = pixels(j) / here;
            left += perEvaluation * ratio * (evaluations.get(j) + 1);
        }
        // the judge: about one evaluation at the output size
        left += perEvaluation * ratio;
        return left;
    }

    private double pixels(int k) {
        return (double) longSides.get(k) * longSides.get(k);
    }
}
