package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/**
 * One evaluation of an {@link Objective}.
 *
 * @param loss the function value
 * @param gradient the gradient at the evaluated point, owned by whoever receives this record
 */
public record Evaluation(double loss, NDArray gradient) {}
