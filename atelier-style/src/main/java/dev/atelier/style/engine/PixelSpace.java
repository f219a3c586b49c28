package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.image.RgbImage;
import java.util.List;

/**
 * What the optimiser's variables are and how they become the image the network sees and the image that
 * is written. Keeping this mapping in one place is what lets the written picture be exactly what was
 * optimised: the network sees the image already inside the displayable range.
 */
interface PixelSpace {
    /** The variables {@code (N, 3, H, W)} for RGB images in [0, 1]. */
    NDArray variables(NDManager manager, List<RgbImage> images);

    /** The variables as float planes, unclipped, to carry to another scale. */
    List<RgbImage> planes(NDArray variables);

    /** Variables from {@link #planes}. */
    NDArray fromPlanes(NDManager manager, List<RgbImage> planes);

    /** Differentiable: the ImageNet-normalised image the network sees, inside [0, 1] before normalising. */
    NDArray toNetwork(NDArray variables);

    /** The RGB images in [0, 1] that get written. */
    List<RgbImage> output(NDArray variables);

    /** How a target image (content or style, RGB in [0, 1]) is shown to the network. */
    RgbImage networkView(RgbImage image);
}
