package dev.atelier.train.lrfind;

import java.util.Arrays;

/**
 * The range-test loop, independent of any model: for each iteration of the schedule, train one batch
 * at its learning rate, smooth the loss, stop on divergence, and finally read suggestions off the
 * curve. {@code Learner.lrFind} supplies the training step and restores the model afterwards.
 */
public final class LrRangeTest {
    private final LrRangeSchedule schedule;
    private final StopDiv stopDiv;
    private final double beta;
    private final LrSuggester suggester;

    private LrRangeTest(Builder b) {
        this.schedule = b.schedule;
        this.stopDiv = b.stopDiv;
        this.beta = b.beta;
        this.suggester = b.suggester != null ? b.suggester : LrSuggester.forIterations(schedule.iterations());
    }

    public static Builder builder() {
        return new Builder();
    }

    public LrRangeSchedule schedule() {
        return schedule;
    }

    public StopDiv stopDiv() {
        return stopDiv;
    }

    /** Runs the test, calling {@code step} once per iteration until done or stopped. */
    public LrFinderResult run(LrTrainingStep step) {
        int n = schedule.iterations();
        double[] lrs = new double[n];
        double[] losses = new double[n];
        double[] smoothed = new double[n];
        LossSmoother smoother = new LossSmoother(beta);
        double best = Double.POSITIVE_INFINITY;
        StopReason reason = StopReason.COMPLETED;
        int done = 0;
        while (done < n) {
            double lr = schedule.lrAt(done);
            double loss = step.train(done, lr);
            double s = smoother.add(loss);
            lrs[done] = lr;
            losses[done] = loss;
            smoothed[done] = s;
            done++;
            if (s < best) {
                best = s;
            }
            if (stopDiv.shouldStop(done, s, best)) {
                reason = Double.isFinite(s) ? StopReason.DIVERGED : StopReason.NON_FINITE;
                break;
            }
        }
        double[] x = Arrays.copyOf(lrs, done);
        double[] y = Arrays.copyOf(smoothed, done);
        return new LrFinderResult(x, Arrays.copyOf(losses, done), y, n, reason, suggester.suggest(x, y));
    }

    /** Builder: {@code setSchedule} is required. */
    public static final class Builder {
        private LrRangeSchedule schedule;
        private StopDiv stopDiv = StopDiv.defaults();
        private double beta = LossSmoother.DEFAULT_BETA;
        private LrSuggester suggester;

        private Builder() {}

        public Builder setSchedule(LrRangeSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optStopDiv(StopDiv stopDiv) {
            this.stopDiv = stopDiv;
            return this;
        }

        /** Smoothing factor of the loss (default 0.98). */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Suggestion window and methods (default: fastai v2's window, all methods). */
        public Builder optSuggester(LrSuggester suggester) {
            this.suggester = suggester;
            return this;
        }

        public LrRangeTest build() {
            if (schedule == null) {
                throw new IllegalStateException("setSchedule is required");
            }
            if (stopDiv == null) {
                throw new IllegalStateException("stopDiv must not be null");
            }
            new LossSmoother(beta); // validates beta
            return new LrRangeTest(this);
        }
    }
}
