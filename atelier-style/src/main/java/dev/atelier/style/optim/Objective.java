package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable function to minimise: given a point, its value and gradient.
 *
 * <p>The optimisers know nothing about images; the style engine is one such objective over pixels.
 */
@FunctionalInterface
public interface Objective {
    /**
     * Evaluates the function at {@code x}.
     *
     * @param x the point; the objective must not modify or close it
     * @return the value and a NEW gradient array of {@code x}'s shape, which the caller owns and closes
     */
    Evaluation evaluate(NDArray x);
}
