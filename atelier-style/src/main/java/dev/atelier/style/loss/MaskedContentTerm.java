package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.Map;

/**
 * Content loss inside a mask, at one layer: Σ_p m_p |F_p − T_p|² / (C·Σm), divided by the same masked
 * mean square of the target (relative scaling). Outside the mask the output is free: only the masked
 * object has to keep showing what it showed.
 */
public final class MaskedContentTerm extends PerLayerTerm<MaskedContentTerm.Layer> {
    /** The layer's target: the content's activations, the mask, and the divisor of the masked sum. */
    record Layer(NDArray features, NDArray mask, double norm) {}

    /**
     * @param layer the layer
     * @param target the content's activations there {@code (1, C, h, w)}
     * @param maskWeights the soft mask at that layer, {@code h * w} weights
     * @param manager owns the mask
     */
    public MaskedContentTerm(String layer, NDArray target, float[] maskWeights, NDManager manager) {
        this(layer, target, maskWeights, true, manager);
    }

    /**
     * @param relative whether the masked sum is divided by C·Σm times the target's masked mean square; without,
     *     by the layer's element count C·h·w: the mean squared error over the layer with the difference
     *     weighted by the mask (the authors' pass 1, {@code MSECriterion} with a masked gradient)
     */
    public MaskedContentTerm(String layer, NDArray target, float[] maskWeights, boolean relative, NDManager manager) {
        super(LossKind.CONTENT, Map.of(layer, layer(layer, target, maskWeights, relative, manager)));
    }

    private static Layer layer(String layer, NDArray target, float[] maskWeights, boolean relative,
            NDManager manager) {
        Shape s = target.getShape();
        if (maskWeights.length != s.get(2) * s.get(3)) {
            throw new IllegalArgumentException("a mask of " + maskWeights.length + " for " + s);
        }
        double area = 0;
        for (float v : maskWeights) {
            area += v;
        }
        if (!(area > 0)) {
            throw new IllegalArgumentException("the mask is empty at " + layer);
        }
        NDArray mask = OwnedArrays.of(manager, maskWeights, new Shape(1, 1, s.get(2), s.get(3)));
        if (!relative) {
            return new Layer(target, mask, (double) s.get(1) * s.get(2) * s.get(3));
        }
        double denominator = s.get(1) * area;
        try (NDArray t2 = target.square().mul(mask).sum()) {
            return new Layer(target, mask, denominator * LossScaling.relativeDivisor(t2.getFloat() / denominator));
        }
    }

    @Override
    protected NDArray layerValue(String layer, NDArray features, Layer target) {
        NDArray d = features.sub(target.features());
        long n = d.getShape().get(0);
        return ScalarArithmetic.over(d.square().mul(target.mask()).reshape(n, -1).sum(new int[] {1}), target.norm());
    }
}
