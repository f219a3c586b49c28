package dev.atelier.style.optim;

/** Why a minimisation ended. */
public enum StopReason {
    /** The evaluation budget was spent. */
    MAX_EVALUATIONS,
    /** The iteration cap was reached. */
    MAX_ITERATIONS,
    /** The largest gradient component fell below the gradient tolerance: a stationary point. */
    GRADIENT_TOLERANCE,
    /** The loss or the step stopped changing by more than the change tolerance. */
    CHANGE_TOLERANCE,
    /** The loss became NaN or infinite; the result is the best point seen before that. */
    NON_FINITE_LOSS,
    /** The monitor asked to stop (for example the user pressed Ctrl-C). */
    STOPPED,
    /** The run's time budget was spent: the result is the best picture reached in that time. */
    TIME_BUDGET
}
