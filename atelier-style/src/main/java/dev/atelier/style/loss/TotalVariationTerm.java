package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * Mean squared difference between neighbouring pixels, down and across: a smoothness prior that removes
 * the high-frequency speckle pixel optimisation tends to create. A mean, so its scale does not depend on
 * the image size.
 */
public final class TotalVariationTerm implements LossTerm {
    @Override
    public LossKind kind() {
        return LossKind.TOTAL_VARIATION;
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray images) {
        return of(images);
    }

    /** The total variation of each item of {@code images (N, C, H, W)}, shape (N). */
    public static NDArray of(NDArray images) {
        return MeanSquare.perItem(down(images)).add(MeanSquare.perItem(across(images)));
    }

    /** Each pixel minus the one above it, {@code (N, C, H − 1, W)}. */
    static NDArray down(NDArray images) {
        return images.get(":, :, 1:, :").sub(images.get(":, :, :-1, :"));
    }

    /** Each pixel minus the one left of it, {@code (N, C, H, W − 1)}. */
    static NDArray across(NDArray images) {
        return images.get(":, :, :, 1:").sub(images.get(":, :, :, :-1"));
    }
}
