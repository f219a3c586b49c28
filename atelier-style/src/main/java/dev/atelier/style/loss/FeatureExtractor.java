package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A network whose intermediate activations can be tapped by layer name: what the losses look at.
 * VGG in production; any small differentiable network in tests.
 */
public interface FeatureExtractor {
    /** Every layer name {@link #extract} accepts, in network order. */
    List<String> layerNames();

    /**
     * One forward pass of {@code images} {@code (N, 3, H, W)}, returning each requested layer's activation
     * {@code (N, C, h, w)}. Must be differentiable with respect to {@code images} inside a gradient collector.
     */
    Map<String, NDArray> extract(NDArray images, Collection<String> layers);
}
