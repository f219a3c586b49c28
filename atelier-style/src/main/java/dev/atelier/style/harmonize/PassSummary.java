package dev.atelier.style.harmonize;

import dev.atelier.style.optim.StopReason;

/**
 * How one pass went.
 *
 * @param scale the index of its scale in the run's ladder, 0 for the coarsest
 * @param width the scale's width in pixels
 * @param height the scale's height in pixels
 * @param pass 1 or 2
 * @param evaluations evaluations spent
 * @param firstLoss the loss at the pass's starting image
 * @param bestLoss the loss of the image kept
 * @param reason why it ended
 * @param seconds wall time, matching included
 * @param termWeights per term, its weight (in pass 2, the L2 norm each of its layers' gradients is scaled to)
 * @param restarts how often the explosion guard restored the best image and restarted L-BFGS
 * @param guard what the guard did, in words, or null when it never tripped
 */
public record PassSummary(int scale, int width, int height, int pass, int evaluations, double firstLoss, double bestLoss,
        StopReason reason, double seconds, java.util.Map<String, Double> termWeights, int restarts, String guard) {}
