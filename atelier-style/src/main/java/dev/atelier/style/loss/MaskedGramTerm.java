package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Squared error between the output's Gram matrix inside a mask and a given target Gram matrix, per layer:
 * the style loss of painterly harmonisation, whose target is the Gram of painting features matched to the
 * masked region (not of the whole painting). Both Grams weight each position by the layer's soft mask m
 * and divide by C·Σm, so the statistic does not depend on the region's size. Each layer's error is
 * divided by the mean square of its target (relative scaling), so layers contribute on one scale.
 */
public final class MaskedGramTerm implements LossTerm {
    private final Map<String, NDArray> targets;
    private final Map<String, NDArray> rootMasks = new LinkedHashMap<>();
    private final Map<String, Double> areas = new LinkedHashMap<>();
    private final Map<String, Double> divisors = new LinkedHashMap<>();

    /**
     * @param targetFeatures per layer, the features whose masked Gram is the target {@code (1, C, h, w)}
     *     (the matched painting features, laid out like the output)
     * @param masks per layer, the soft mask at that layer's size, {@code h * w} weights in [0, 1]
     * @param manager owns the targets and masks
     */
    public MaskedGramTerm(Map<String, NDArray> targetFeatures, Map<String, float[]> masks, NDManager manager) {
        if (targetFeatures.isEmpty()) {
            throw new IllegalArgumentException("a style term needs at least one layer");
        }
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : targetFeatures.entrySet()) {
            String layer = e.getKey();
            Shape s = e.getValue().getShape();
            float[] m = masks.get(layer);
            if (m == null || m.length != s.get(2) * s.get(3)) {
                throw new IllegalArgumentException("no mask of " + s.get(3) + "x" + s.get(2) + " for " + layer);
            }
            double area = 0;
            float[] root = new float[m.length];
            for (int i = 0; i < m.length; i++) {
                area += m[i];
                root[i] = (float) Math.sqrt(m[i]);
            }
            if (!(area > 0)) {
                throw new IllegalArgumentException("the mask is empty at " + layer);
            }
            NDArray r = OwnedArrays.of(manager, root, new Shape(1, 1, s.get(2), s.get(3)));
            rootMasks.put(layer, r);
            areas.put(layer, area);
            NDArray g = maskedGram(e.getValue(), r, area);
            g.attach(manager);
            t.put(layer, g);
            divisors.put(layer, LossScaling.relativeDivisor(MeanSquare.of(g)));
        }
        this.targets = Collections.unmodifiableMap(t);
    }

    @Override
    public LossKind kind() {
        return LossKind.STYLE;
    }

    @Override
    public Set<String> layers() {
        return targets.keySet();
    }

    /** Per layer, the target masked Gram {@code (1, C, C)}. */
    public Map<String, NDArray> targets() {
        return targets;
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray images) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            String layer = e.getKey();
            NDArray f = features.get(layer);
            NDArray g = ScalarArithmetic.over(HalfGradientGram.sum(f.mul(rootMasks.get(layer))),
                    f.getShape().get(1) * areas.get(layer));
            NDArray term = ScalarArithmetic.over(MeanSquare.perItem(g.sub(e.getValue())), divisors.get(layer));
            total = total == null ? term : total.add(term);
        }
        return HalfGradientGram.fullGradient(total);
    }

    /** Σ_p m_p F_p F_pᵀ / (C·Σm) per item, {@code (N, C, C)}, for activations {@code (N, C, h, w)}. */
    public static NDArray maskedGram(NDArray features, NDArray rootMask, double area) {
        Shape s = features.getShape();
        NDArray f = features.mul(rootMask).reshape(s.get(0), s.get(1), -1);
        return ScalarArithmetic.over(f.matMul(f.transpose(0, 2, 1)), s.get(1) * area);

    }
}
