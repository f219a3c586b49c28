package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * One term of a style-transfer loss: a differentiable function of an image's activations (and, for
 * pixel priors, of the image itself) giving one value per batch item. Terms know their layers and their
 * target; the user's weight is applied by {@link WeightedLoss}, and every fixed scaling factor by
 * {@link LossScaling} when the term is built, so a term's value is already on its recipe's scale.
 */
public interface LossTerm {
    /** Where this term's value is reported. */
    LossKind kind();

    /** The feature-network layers this term reads (empty for pixel priors). */
    Set<String> layers();

    /**
     * The term's value per batch item, shape (N).
     *
     * @param features the activations of {@code images} at (at least) {@link #layers()}
     * @param images the images the network saw, {@code (N, 3, H, W)}, ImageNet-normalised
     */
    NDArray compute(Map<String, NDArray> features, NDArray images);
}
