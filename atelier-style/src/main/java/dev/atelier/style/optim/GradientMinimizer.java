package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/** A first-order minimiser of an {@link Objective} over one NDArray of free variables. */
public interface GradientMinimizer {
    /**
     * Minimises {@code objective} starting at {@code start}, which is left unchanged.
     *
     * @return the best point seen; never a point whose loss was NaN or infinite
     * @throws IllegalStateException if the very first evaluation is not finite (there is no good point)
     */
    OptimizationResult minimize(Objective objective, NDArray start, OptimizationMonitor monitor);

    /** The most objective evaluations one {@link #minimize} call performs. */
    int maxEvaluations();
}
