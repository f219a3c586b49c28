package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Squared error between the output's Gram matrix inside a mask and a given target Gram matrix, per layer:
 * the style loss of painterly harmonisation, whose target is the Gram of painting features matched to the
 * masked region (not of the whole painting). Both Grams weight each position by the layer's soft mask m
 * and divide by C·Σm, so the statistic does not depend on the region's size. Each layer's error is
 * divided by the mean square of its target (relative scaling), so layers contribute on one scale.
 */
public final class MaskedGramTerm extends PerLayerTerm<MaskedGramTerm.Layer> {
    /** One layer's target: the masked Gram, the root of the layer's mask, its area and the error's divisor. */
    record Layer(NDArray gram, NDArray rootMask, double area, double divisor) {}

    private final Map<String, NDArray> grams = new LinkedHashMap<>();

    /**
     * @param targetFeatures per layer, the features whose masked Gram is the target {@code (1, C, h, w)}
     *     (the matched painting features, laid out like the output)
     * @param masks per layer, the soft mask at that layer's size, {@code h * w} weights in [0, 1]
     * @param manager owns the targets and masks
     */
    public MaskedGramTerm(Map<String, NDArray> targetFeatures, Map<String, float[]> masks, NDManager manager) {
        this(targetFeatures, masks, masks, true, manager);
    }

    /**
     * @param relative whether each layer's error is divided by its target's mean square; without, the error
     *     is the plain mean squared difference of the Grams (the authors' pass 1, {@code MSECriterion})
     */
    public MaskedGramTerm(Map<String, NDArray> targetFeatures, Map<String, float[]> masks, boolean relative,
            NDManager manager) {
        this(targetFeatures, masks, masks, relative, manager);
    }

    /**
     * A target taken over other cells than the output's: pass 2 of painterly harmonisation takes the
     * painting's own features over the set of matched cells (each once), the output's inside its mask.
     *
     * @param targetFeatures per layer, the features whose masked Gram is the target {@code (1, C, h, w)}, of
     *     the output's layer size
     * @param targetMasks per layer, the weights of the target's cells ({@code h * w})
     * @param masks per layer, the output's soft mask ({@code h * w})
     * @param relative whether each layer's error is divided by its target's mean square
     * @param manager owns the targets and masks
     */
    public MaskedGramTerm(Map<String, NDArray> targetFeatures, Map<String, float[]> targetMasks,
            Map<String, float[]> masks, boolean relative, NDManager manager) {
        super(LossKind.STYLE, layers(targetFeatures, targetMasks, masks, relative, manager));
        layerTargets().forEach((layer, t) -> grams.put(layer, t.gram()));
    }

    private static Map<String, Layer> layers(Map<String, NDArray> targetFeatures, Map<String, float[]> targetMasks,
            Map<String, float[]> masks, boolean relative, NDManager manager) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : targetFeatures.entrySet()) {
            String layer = e.getKey();
            Shape s = e.getValue().getShape();
            RootMask root = root(masks, layer, s);
            NDArray r = OwnedArrays.of(manager, root.root(), new Shape(1, 1, s.get(2), s.get(3)));
            NDArray g;
            if (targetMasks == masks) {
                g = maskedGram(e.getValue(), r, root.area());
            } else {
                RootMask t = root(targetMasks, layer, s);
                try (NDArray tr = OwnedArrays.of(manager, t.root(), new Shape(1, 1, s.get(2), s.get(3)))) {
                    g = maskedGram(e.getValue(), tr, t.area());
                }
            }
            g.attach(manager);
            layers.put(layer, new Layer(g, r, root.area(),
                    relative ? LossScaling.relativeDivisor(MeanSquare.of(g)) : 1));
        }
        return layers;
    }

    private static RootMask root(Map<String, float[]> masks, String layer, Shape s) {
        float[] m = masks.get(layer);
        if (m == null || m.length != s.get(2) * s.get(3)) {
            throw new IllegalArgumentException("no mask of " + s.get(3) + "x" + s.get(2) + " for " + layer);
        }
        RootMask root = RootMask.of(m);
        if (!(root.area() > 0)) {
            throw new IllegalArgumentException("the mask is empty at " + layer);
        }
        return root;
    }

    /** Per layer, the target masked Gram {@code (1, C, C)}. */
    public Map<String, NDArray> targets() {
        return Collections.unmodifiableMap(grams);
    }

    @Override
    protected NDArray layerValue(String layer, NDArray features, Layer target) {
        NDArray g = ScalarArithmetic.over(HalfGradientGram.sum(features.mul(target.rootMask())),
                features.getShape().get(1) * target.area());
        NDArray error = ScalarArithmetic.over(MeanSquare.perItem(g.sub(target.gram())), target.divisor());
        return HalfGradientGram.fullGradient(error);
    }

    /** Σ_p m_p F_p F_pᵀ / (C·Σm) per item, {@code (N, C, C)}, for activations {@code (N, C, h, w)}. */
    public static NDArray maskedGram(NDArray features, NDArray rootMask, double area) {
        Shape s = features.getShape();
        NDArray f = features.mul(rootMask).reshape(s.get(0), s.get(1), -1);
        return ScalarArithmetic.over(f.matMul(f.transpose(0, 2, 1)), s.get(1) * area);

    }
}
