package dev.atelier.train.lrfind;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerState;
import dev.atelier.train.schedule.PhaseLength;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.util.List;

/**
 * The LR range test on a {@link Learner}: trains one {@link TrainingPhase} whose learning rate rises
 * every batch (by default {@link LrRangeSchedule#toPhase()}, SGD; any phase works, with any optimizer
 * and lr shape), records the loss against the learning rate, stops on divergence, then puts the
 * learner back.
 *
 * <p>Restored afterwards: every model parameter (batch-norm statistics included), every optimizer
 * buffer, the training position with the data cursors (which, with the data seeds, determine all
 * shuffling and augmentation) and the recorder, via {@link Learner#snapshot()} /
 * {@link Learner#restore}. Not restorable through DJL: the PyTorch engine's global generator, used by
 * dropout; a model with dropout sees different dropout masks after a range test.
 *
 * <p>The learner's own callbacks do not run during the test; validation and checkpoints are off. The
 * x value of each point is the learning rate of the last layer group (the head), like fastai.
 */
public final class LrFinder {
    private final TrainingPhase phase;
    private final StopDiv stopDiv;
    private final double beta;
    private final LrSuggester suggester;
    private final boolean progressBar;

    private LrFinder(Builder b) {
        this.progressBar = b.progressBar;
        this.phase = b.phase;
        this.stopDiv = b.stopDiv;
        this.beta = b.beta;
        this.suggester = b.suggester;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The phase the test trains. */
    public TrainingPhase phase() {
        return phase;
    }

    /** Runs the test on {@code learner} and restores it. */
    public LrFinderResult run(Learner learner) {
        TrainingSchedule schedule = learner.compile(List.of(phase));
        int iterations = iterations(schedule);
        int lastGroup = schedule.layerGroups() - 1;
        LrCurve curve = new LrCurve(iterations, stopDiv, beta);
        LearnerCallback recorder = new LearnerCallback() {
            @Override
            public void onIterationEnd(Learner l, IterationRecord record) {
                if (curve.add(record.lr()[lastGroup], record.loss())) {
                    l.requestStop();
                }
            }
        };
        try (LearnerState before = learner.snapshot()) {
            try {
                learner.fit(List.of(phase), new FitOptions(false, false, progressBar, false), List.of(recorder));
            } finally {
                learner.restore(before);
            }
        }
        return curve.result(suggester != null ? suggester : LrSuggester.forIterations(iterations));
    }

    /**
     * The same test without a learner, for any model (or none: the unit tests replay losses): for each
     * batch {@code k} of the phase, {@code step} trains one batch at the phase's learning rate and
     * returns its loss, until the phase ends or {@link StopDiv} stops it. The phase must be a number of
     * iterations (there is no dataset to measure an epoch by), with one layer group.
     */
    public LrFinderResult run(LrTrainingStep step) {
        if (!(phase.length() instanceof PhaseLength.Iterations)) {
            throw new InvalidInputException("a range test without a learner needs a phase of whole iterations, got "
                    + phase.length());
        }
        TrainingSchedule schedule = TrainingSchedule.compile(List.of(phase), key -> 1, 1);
        int iterations = iterations(schedule);
        LrCurve curve = new LrCurve(iterations, stopDiv, beta);
        boolean stop = false;
        for (int k = 0; k < iterations && !stop; k++) {
            double lr = schedule.valueAt(k).lr(0);
            stop = curve.add(lr, step.train(k, lr));
        }
        return curve.result(suggester != null ? suggester : LrSuggester.forIterations(iterations));
    }

    private static int iterations(TrainingSchedule schedule) {
        long total = schedule.totalIterations();
        if (total < 2 || total > Integer.MAX_VALUE) {
            throw new InvalidInputException("an LR range test needs 2 to " + Integer.MAX_VALUE + " iterations, got "
                    + total);
        }
        return (int) total;
    }

    /** Builder: {@code setSchedule} or {@code setPhase} is required. */
    public static final class Builder {
        private TrainingPhase phase;
        private StopDiv stopDiv = StopDiv.defaults();
        private double beta = LossSmoother.DEFAULT_BETA;
        private LrSuggester suggester;
        private boolean progressBar;

        private Builder() {}

        /** Show the Learner's progress bar (if it has one) while the test trains. */
        public Builder optProgressBar(boolean show) {
            this.progressBar = show;
            return this;
        }

        /** The usual range test, trained with SGD at its default momentum. */
        public Builder setSchedule(LrRangeSchedule schedule) {
            this.phase = schedule.toPhase();
            return this;
        }

        /**
         * Any phase as the range test, e.g. {@code schedule.toPhase().optimizer(OptimizerKind.ADAM)} to
         * test with the optimizer of the phase you plan to train, or a custom lr shape.
         */
        public Builder setPhase(TrainingPhase phase) {
            this.phase = phase;
            return this;
        }

        public Builder optStopDiv(StopDiv stopDiv) {
            this.stopDiv = stopDiv;
            return this;
        }

        /** Loss smoothing factor (default 0.98). */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Suggestion window and methods (default fastai v2's window for the phase's length, all methods). */
        public Builder optSuggester(LrSuggester suggester) {
            this.suggester = suggester;
            return this;
        }

        public LrFinder build() {
            if (phase == null) {
                throw new IllegalStateException("setSchedule or setPhase is required");
            }
            if (stopDiv == null) {
                throw new IllegalStateException("stopDiv must not be null");
            }
            new LossSmoother(beta);
            return new LrFinder(this);
        }
    }
}
