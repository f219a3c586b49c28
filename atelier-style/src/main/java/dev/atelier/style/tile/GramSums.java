package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Unnormalised Gram sums: what adds up over tiles. The Gram matrix of the whole image is the sum of its
 * cores' sums divided by C·(positions), which is why a tiled run can have exactly the global statistic.
 */
final class GramSums {
    private GramSums() {}

    /** Σ over positions of f·fᵀ, {@code (N, C, C)}, or of f², {@code (N, C)}, for activations {@code (N, C, h, w)}. */
    static NDArray of(NDArray features, boolean diagonal) {
        Shape s = features.getShape();
        if (diagonal) {
            return features.square().reshape(s.get(0), s.get(1), -1).sum(new int[] {2});
        }
        NDArray f = features.reshape(s.get(0), s.get(1), -1);
        return f.matMul(f.transpose(0, 2, 1));
    }
}
