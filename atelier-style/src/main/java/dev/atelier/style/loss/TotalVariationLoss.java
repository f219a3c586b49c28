package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;

/**
 * Mean squared difference between neighbouring pixels, down and across: a smoothness prior that
 * removes the high-frequency speckle pixel optimisation tends to create. A mean, so its scale does
 * not depend on the image size.
 */
public final class TotalVariationLoss {
    private TotalVariationLoss() {}

    /** One value per batch item of {@code images (N, C, H, W)}, shape (N). */
    public static NDArray compute(NDArray images) {
        NDArray down = images.get(":, :, 1:, :").sub(images.get(":, :, :-1, :"));
        NDArray across = images.get(":, :, :, 1:").sub(images.get(":, :, :, :-1"));
        return ContentLoss.perItemMeanSquare(down).add(ContentLoss.perItemMeanSquare(across));
    }
}
