package dev.atelier.train.lrfind;

import java.util.function.IntToDoubleFunction;

/**
 * The range-test loop, independent of any model: for each iteration of the schedule, train one batch
 * at its learning rate, smooth the loss, stop on divergence, and finally read suggestions off the
 * curve. {@code Learner.lrFind} supplies the training step and restores the model afterwards.
 */
public final class LrRangeTest {
    private final int iterations;
    private final IntToDoubleFunction learningRates;
    private final StopDiv stopDiv;
    private final double beta;
    private final LrSuggester suggester;

    private LrRangeTest(Builder b) {
        this.iterations = b.iterations;
        this.learningRates = b.learningRates;
        this.stopDiv = b.stopDiv;
        this.beta = b.beta;
        this.suggester = b.suggester != null ? b.suggester : LrSuggester.forIterations(iterations);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Planned iterations. */
    public int iterations() {
        return iterations;
    }

    /** The learning rate iteration {@code k} trains with. */
    public double lrAt(int k) {
        return learningRates.applyAsDouble(k);
    }

    public StopDiv stopDiv() {
        return stopDiv;
    }

    /** Runs the test, calling {@code step} once per iteration until done or stopped. */
    public LrFinderResult run(LrTrainingStep step) {
        LrCurve curve = new LrCurve(iterations, stopDiv, beta);
        int k = 0;
        boolean stop = false;
        while (!stop) {
            double lr = learningRates.applyAsDouble(k);
            stop = curve.add(lr, step.train(k, lr));
            k++;
        }
        return curve.result(suggester);
    }

    /** Builder: {@code setSchedule} or {@code setLearningRates} is required. */
    public static final class Builder {
        private int iterations;
        private IntToDoubleFunction learningRates;
        private StopDiv stopDiv = StopDiv.defaults();
        private double beta = LossSmoother.DEFAULT_BETA;
        private LrSuggester suggester;

        private Builder() {}

        /** The usual range test: exponential or linear from a start to an end value. */
        public Builder setSchedule(LrRangeSchedule schedule) {
            this.iterations = schedule.iterations();
            this.learningRates = schedule::lrAt;
            return this;
        }

        /**
         * Any learning-rate sequence, e.g. a custom phase's: iteration {@code k} of {@code iterations}
         * trains with {@code lrAt.applyAsDouble(k)}. (The x axis of the curve is this lr.)
         */
        public Builder setLearningRates(int iterations, IntToDoubleFunction lrAt) {
            this.iterations = iterations;
            this.learningRates = lrAt;
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
            if (learningRates == null || iterations < 2) {
                throw new IllegalStateException("setSchedule or setLearningRates (at least 2 iterations) is required");
            }
            if (stopDiv == null) {
                throw new IllegalStateException("stopDiv must not be null");
            }
            new LossSmoother(beta); // validates beta
            return new LrRangeTest(this);
        }
    }
}
