package dev.atelier.train.learner;

import dev.atelier.core.InvalidInputException;

/**
 * A fit stopped because the loss stopped being a finite number (NaN or ±∞): the model's weights are
 * no longer usable, so the learner writes no further checkpoint and the last one written (if any)
 * stays the last good state. Turn it off with {@link FitOptions#withStopOnNonFinite(boolean)}.
 */
public final class TrainingDivergedException extends InvalidInputException {
    private final int phase;
    private final long iteration;

    TrainingDivergedException(String message, int phase, long iteration) {
        super(message);
        this.phase = phase;
        this.iteration = iteration;
    }

    /** The phase (from 1) the loss diverged in. */
    public int phase() {
        return phase;
    }

    /** The iteration (from 0, on the schedule's axis) whose loss was not finite. */
    public long iteration() {
        return iteration;
    }
}
