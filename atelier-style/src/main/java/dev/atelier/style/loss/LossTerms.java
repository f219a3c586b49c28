package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;

/**
 * The parts of one evaluation of {@link StyleTransferLoss}, each per batch item, shape (N), already
 * multiplied by their weights; null where a term is switched off. {@code total} is the scalar whose
 * gradient drives the optimiser: the sum over items, so items do not influence each other.
 */
public record LossTerms(NDArray content, NDArray style, NDArray totalVariation, NDArray total) {}
