package dev.atelier.style.engine;

import java.util.function.LongSupplier;

/**
 * Where a run with a {@link TimeBudget} must end, scale by scale. The budget is split over the scales in
 * proportion to the work the evaluation ladder gives each (its evaluations times its pixels), so a time
 * budget spends its effort as the tuned ladder does; each scale's share is set when the scale begins, from
 * the time then left, so a scale that ran long or short moves the difference to the scales after it.
 *
 * <p>A scale ends before an evaluation that would end past its share (predicted from the last evaluation's
 * duration), so the run finishes within about one evaluation of the budget. A scale's first evaluation
 * predicts nothing: it also pays for the scale's targets and the library's first pass at a new size (measured
 * here at 2 to 3 s on 2 cores, against 0.1 to 0.3 s for the next ones at 256 px), so every scale makes at
 * least two evaluations and is timed from its second. Time spent paused does not count: the clock is the
 * run's active time.
 */
final class RunDeadline {
    private final double limit;
    private final double[] costs;
    private final LongSupplier nanos;
    private final LongSupplier heldNanos;
    private final long startNanos;
    private volatile double scaleEnd = Double.POSITIVE_INFINITY;
    private volatile double lastMark;
    private volatile double lastDuration;
    private volatile int evaluationsInScale;

    /**
     * @param budget the run's time budget ({@link TimeBudget#NONE}: a deadline that never ends anything)
     * @param costs each scale's share of the work, coarsest first (any positive units)
     * @param nanos the clock
     * @param heldNanos the time spent paused so far, on the same clock
     */
    RunDeadline(TimeBudget budget, double[] costs, LongSupplier nanos, LongSupplier heldNanos) {
        this.limit = budget.seconds();
        this.costs = costs.clone();
        this.nanos = nanos;
        this.heldNanos = heldNanos;
        this.startNanos = nanos.getAsLong();
    }

    /** A deadline that never ends a scale. */
    static RunDeadline none() {
        return new RunDeadline(TimeBudget.NONE, new double[] {1}, () -> 0L, () -> 0L);
    }

    /** The deadline of a run of {@code plan} under {@code budget}, on the system clock, paused time from {@code control}. */
    static RunDeadline of(TimeBudget budget, RunPlan plan, java.util.List<Integer> shares, RunControl control) {
        double[] costs = new double[plan.scales().size()];
        for (int k = 0; k < costs.length; k++) {
            RunPlan.Scale s = plan.scales().get(k);
            costs[k] = Math.max(1, shares.get(k)) * (double) s.width() * s.height();
        }
        return new RunDeadline(budget, costs, System::nanoTime, control::heldNanos);
    }

    boolean isSet() {
        return limit > 0;
    }

    /** Seconds of active (unpaused) time since the run began. */
    double elapsed() {
        return (nanos.getAsLong() - startNanos - heldNanos.getAsLong()) / 1e9;
    }

    /** Seconds of the budget left; infinite without one. */
    double left() {
        return isSet() ? Math.max(0, limit - elapsed()) : Double.POSITIVE_INFINITY;
    }

    /** Scale {@code k} begins: its share of what is left is set now. */
    void beginScale(int k) {
        if (!isSet()) {
            return;
        }
        double rest = 0;
        for (int j = k; j < costs.length; j++) {
            rest += costs[j];
        }
        double now = elapsed();
        scaleEnd = k == costs.length - 1 ? limit : now + Math.max(0, limit - now) * costs[k] / rest;
        lastDuration = 0;
        lastMark = now;
        evaluationsInScale = 0;
    }

    /** The optimiser starts now (the scale's targets are built): the first evaluation is timed from here. */
    void beginSegment() {
        lastMark = elapsed();
    }

    /** An evaluation has just ended. */
    void evaluated() {
        double now = elapsed();
        if (++evaluationsInScale > 1) {
            lastDuration = now - lastMark;
        }
        lastMark = now;
    }

    /** Whether the current scale must end now: its next evaluation would end past the scale's share. */
    boolean scaleMustEnd() {
        return isSet() && lastDuration > 0 && elapsed() + lastDuration > scaleEnd;
    }

    /** Whether the whole budget is spent, or would be by one more evaluation. */
    boolean runMustEnd() {
        return isSet() && lastDuration > 0 && elapsed() + lastDuration > limit;
    }
}
