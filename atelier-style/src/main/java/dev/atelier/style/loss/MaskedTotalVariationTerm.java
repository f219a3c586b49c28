package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import java.util.Map;
import java.util.Set;

/**
 * Total variation inside a mask: {@code ½ Σ w (x_p − x_q)²} over every pair of vertically and every pair of
 * horizontally neighbouring pixels (all channels), each pair weighted by the larger of its two pixels' mask
 * values, so pairs wholly outside the mask count for nothing and a pixel on the mask's edge is still pulled
 * towards its outside neighbour. A sum, like the authors' {@code TVLoss}, whose gradient at p is
 * {@code (x_p − x_right) + (x_p − x_down) − (x_left − x_p) − (x_up − x_p)}: the gradient of this sum.
 */
public final class MaskedTotalVariationTerm implements LossTerm {
    private final int width;
    private final int height;
    private final NDArray downWeights;
    private final NDArray acrossWeights;

    /**
     * @param mask the image's mask, {@code width * height} values in [0, 1]
     * @param manager owns the pair weights
     */
    public MaskedTotalVariationTerm(float[] mask, int width, int height, NDManager manager) {
        if (mask.length != width * height || width < 2 || height < 2) {
            throw new IllegalArgumentException("a mask of " + mask.length + " for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        float[] down = new float[(height - 1) * width];
        for (int y = 0; y < height - 1; y++) {
            for (int x = 0; x < width; x++) {
                down[y * width + x] = 0.5f * Math.max(mask[y * width + x], mask[(y + 1) * width + x]);
            }
        }
        float[] across = new float[height * (width - 1)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width - 1; x++) {
                across[y * (width - 1) + x] = 0.5f * Math.max(mask[y * width + x], mask[y * width + x + 1]);
            }
        }
        this.downWeights = OwnedArrays.of(manager, down, new Shape(1, 1, height - 1, width));
        this.acrossWeights = OwnedArrays.of(manager, across, new Shape(1, 1, height, width - 1));
    }

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
        Shape s = images.getShape();
        if (s.get(2) != height || s.get(3) != width) {
            throw new IllegalArgumentException("a TV mask of " + width + "x" + height + " for images " + s);
        }
        long n = s.get(0);
        NDArray d = TotalVariationTerm.down(images).square().mul(downWeights).reshape(n, -1).sum(new int[] {1});
        NDArray a = TotalVariationTerm.across(images).square().mul(acrossWeights).reshape(n, -1).sum(new int[] {1});
        return d.add(a);
    }
}
