package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import dev.atelier.style.mask.SoftMask;
import java.util.Map;

/**
 * One style of a tiled loss: weight · Σ_layers layerWeight · MSE(G, G_s) / divisor with G the output's
 * (optionally masked) Gram matrix times {@code factor}, as {@link dev.atelier.style.loss.GramStyleTerm}
 * computes it for one image.
 *
 * @param statistics per layer, the style's scaled target: a Gram matrix {@code (1, C, C)} or its diagonal {@code (1, C)}
 * @param layerWeights per layer, its weight (1 where absent)
 * @param divisors per layer, what its squared error is divided by
 * @param diagonal compare only Gram diagonals
 * @param mask where the style applies, or null for everywhere
 * @param factor the recipe's factor on Gram matrices
 * @param weight the style's weight (user's style weight times its blend weight)
 */
public record StyleTarget(Map<String, NDArray> statistics, Map<String, Double> layerWeights,
        Map<String, Double> divisors, boolean diagonal, SoftMask mask, double factor, double weight) {}
