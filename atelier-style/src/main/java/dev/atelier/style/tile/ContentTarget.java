package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The content part of a tiled loss: weight · Σ_layers layerWeight · MSE(F, T) / divisor, as
 * {@link dev.atelier.style.loss.ContentTerm} computes it for one image.
 *
 * @param features per layer, the whole content image's activations {@code (1, C, h, w)}
 * @param layerWeights per layer, its weight (1 where absent)
 * @param divisors per layer, what its MSE is divided by ({@link dev.atelier.style.loss.LossScaling#contentDivisor})
 * @param weight the user's content weight
 */
public record ContentTarget(Map<String, NDArray> features, Map<String, Double> layerWeights,
        Map<String, Double> divisors, double weight) {}
