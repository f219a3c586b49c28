package dev.atelier.train.lrfind;

import java.util.Arrays;

/**
 * A range test's curve as it is recorded, one iteration at a time: smooths each loss, tracks the best
 * smoothed loss and says when {@link StopDiv} ends the test. Used by both drivers of {@link LrFinder} (one
 * calls a training step, the other is called back by the Learner).
 */
final class LrCurve {
    private final int planned;
    private final StopDiv stopDiv;
    private final LossSmoother smoother;
    private final double[] lrs;
    private final double[] losses;
    private final double[] smoothed;
    private int done;
    private double best = Double.POSITIVE_INFINITY;
    private StopReason reason = StopReason.COMPLETED;

    LrCurve(int plannedIterations, StopDiv stopDiv, double beta) {
        this.planned = plannedIterations;
        this.stopDiv = stopDiv;
        this.smoother = new LossSmoother(beta);
        this.lrs = new double[plannedIterations];
        this.losses = new double[plannedIterations];
        this.smoothed = new double[plannedIterations];
    }

    /** Records one iteration; returns true if the test must stop now (diverged, or all iterations done). */
    boolean add(double lr, double loss) {
        if (isFinished()) {
            throw new IllegalStateException("the range test has already ended");
        }
        double s = smoother.add(loss);
        lrs[done] = lr;
        losses[done] = loss;
        smoothed[done] = s;
        done++;
        best = Math.min(best, s);
        if (stopDiv.shouldStop(done, s, best)) {
            reason = Double.isFinite(s) ? StopReason.DIVERGED : StopReason.NON_FINITE;
        }
        return isFinished();
    }

    boolean isFinished() {
        return reason != StopReason.COMPLETED || done == planned;
    }

    LrFinderResult result(LrSuggester suggester) {
        double[] x = Arrays.copyOf(lrs, done);
        double[] y = Arrays.copyOf(smoothed, done);
        return new LrFinderResult(x, Arrays.copyOf(losses, done), y, planned, reason, suggester.suggest(x, y));
    }
}
