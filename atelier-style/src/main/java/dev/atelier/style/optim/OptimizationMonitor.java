package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/**
 * Watches a minimisation: told about every evaluation, asked after each one whether to stop.
 *
 * <p>Progress bars, loss curves, periodic snapshots and Ctrl-C handling live behind this interface,
 * so the optimisers stay free of them.
 */
public interface OptimizationMonitor {
    /** A monitor that watches nothing and never stops the run. */
    OptimizationMonitor NONE = new OptimizationMonitor() {};

    /**
     * Called after each evaluation of the objective.
     *
     * @param evaluation 1 for the first evaluation, counted like PyTorch's LBFGS {@code n_iter} in the lesson
     * @param loss the value just computed (may be non-finite; the optimiser stops after reporting it)
     * @param x the evaluated point; valid only during this call (duplicate it to keep it)
     */
    default void onEvaluation(int evaluation, double loss, NDArray x) {}

    /** Asked after every evaluation; {@code true} ends the run with {@link StopReason#STOPPED}. */
    default boolean stopRequested() {
        return false;
    }
}
