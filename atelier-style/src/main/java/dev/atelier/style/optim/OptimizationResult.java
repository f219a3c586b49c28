package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;

/**
 * The outcome of a minimisation.
 *
 * @param best the point with the lowest finite loss seen, shaped like the start point and attached to
 *     the start point's manager
 * @param bestLoss the loss at {@code best}
 * @param evaluations how many times the objective was evaluated
 * @param iterations how many optimiser steps (search directions) were taken
 * @param reason why the run ended
 */
public record OptimizationResult(
        NDArray best, double bestLoss, int evaluations, int iterations, StopReason reason) {}
