package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.style.mask.SoftMask;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Squared error between Gram matrices (Gatys et al. 2015): "are the same features present together, in
 * the same amounts, anywhere in the image?". Position is discarded, which is what makes it a style.
 *
 * <p>For activations F reshaped to (C, h·w), G = F·Fᵀ / (C·h·w). The diagonal-only variant (the lesson's
 * homework) keeps each channel's own energy G_cc. With a {@link SoftMask} m the Gram is taken over the
 * masked region only, each position weighted by m and the sum divided by C·Σm instead of C·h·w: a style's
 * strength then does not depend on the size of its region, and a mask of ones gives the plain Gram.
 * One Gram per batch item, all compared with the single style target, one loss per item.
 */
public final class GramStyleTerm extends PerLayerTerm<GramStyleTerm.Layer> {
    /**
     * One layer's target: the style's (scaled) statistic, and what multiplies that layer's squared error
     * (its layer weight over its divisor).
     */
    record Layer(NDArray statistic, double multiplier) {}

    private final boolean diagonalOnly;
    private final double factor;
    private final SoftMask mask;
    private final NDManager manager;
    private final Map<String, NDArray[]> maskAtSize = new HashMap<>();
    private final Map<String, NDArray> statistics = new LinkedHashMap<>();

    /**
     * @param styleFeatures per layer, the style image's activations {@code (1, C, h, w)}
     * @param layerWeights per layer, its weight in the sum (1 where absent)
     * @param diagonalOnly compare only the Gram diagonals
     * @param mask where in the output this style applies, at any resolution of the output's aspect; null
     *     for everywhere
     * @param scaling the recipe's scaling
     * @param manager owns the targets and mask tensors
     */
    public GramStyleTerm(Map<String, NDArray> styleFeatures, Map<String, Double> layerWeights, boolean diagonalOnly,
            SoftMask mask, LossScaling scaling, NDManager manager) {
        super(LossKind.STYLE, layers(styleFeatures, layerWeights, diagonalOnly, scaling, manager));
        this.diagonalOnly = diagonalOnly;
        this.factor = scaling.statisticFactor();
        this.mask = mask;
        this.manager = manager;
        layerTargets().forEach((layer, t) -> statistics.put(layer, t.statistic()));
    }

    private static Map<String, Layer> layers(Map<String, NDArray> styleFeatures, Map<String, Double> layerWeights,
            boolean diagonalOnly, LossScaling scaling, NDManager manager) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : styleFeatures.entrySet()) {
            if (e.getValue().getShape().get(0) != 1) {
                throw new IllegalArgumentException("one style image expected, got a batch of " + e.getValue().getShape());
            }
            NDArray g = (diagonalOnly ? gramDiagonal(e.getValue()) : gram(e.getValue())).mul(scaling.statisticFactor());
            g.attach(manager);
            double divisor = scaling.statisticDivisor(g);
            layers.put(e.getKey(), new Layer(g, layerWeights.getOrDefault(e.getKey(), 1.0) / divisor));
        }
        return layers;
    }

    /** Per layer, the style target's (scaled) statistic: a Gram matrix (1, C, C) or its diagonal (1, C). */
    public Map<String, NDArray> targets() {
        return Collections.unmodifiableMap(statistics);
    }

    @Override
    protected NDArray layerValue(String layer, NDArray features, Layer target) {
        NDArray g = ScalarArithmetic.times(statistic(features, mask == null ? null : maskFor(features)), factor);
        NDArray mse = MeanSquare.perItem(g.sub(target.statistic()));
        if (!diagonalOnly) {
            mse = HalfGradientGram.fullGradient(mse);
        }
        return ScalarArithmetic.times(mse, target.multiplier());
    }

    /** [sqrt(m) as (1, 1, h, w), Σm as a scalar] at the layer size of {@code features}, cached. */
    private synchronized NDArray[] maskFor(NDArray features) {
        int h = (int) features.getShape().get(2);
        int w = (int) features.getShape().get(3);
        return maskAtSize.computeIfAbsent(h + "x" + w, k -> {
            RootMask m = RootMask.of(mask.resized(w, h));
            NDArray r = OwnedArrays.of(manager, m.root(), new Shape(1, 1, h, w));
            NDArray area = OwnedArrays.scalar(r, Math.max(m.area(), 1e-6));
            return new NDArray[] {r, area};
        });
    }

    /**
     * The image's statistic for {@link #layerValue}'s squared error, which restores the full gradient of the
     * half-gradient Gram ({@link HalfGradientGram}); masked by the root of the mask when there is one.
     */
    private NDArray statistic(NDArray features, NDArray[] rootMaskAndArea) {
        if (rootMaskAndArea == null) {
            return diagonalOnly ? gramDiagonal(features)
                    : ScalarArithmetic.over(HalfGradientGram.sum(features), perItemSize(features));
        }
        NDArray masked = features.mul(rootMaskAndArea[0]);
        long c = features.getShape().get(1);
        NDArray divisor = ScalarArithmetic.times(rootMaskAndArea[1], c);
        NDArray sum = diagonalOnly ? gramDiagonalSum(masked) : HalfGradientGram.sum(masked);
        return sum.div(divisor);
    }

    private static long perItemSize(NDArray features) {
        return features.getShape().size() / features.getShape().get(0);
    }

    /** Gram matrices {@code (N, C, C)} of activations {@code (N, C, h, w)}, divided by C·h·w. */
    public static NDArray gram(NDArray features) {
        return ScalarArithmetic.over(gramSum(features), perItemSize(features));
    }

    /** The diagonals {@code (N, C)} of {@link #gram}: each channel's own energy. */
    public static NDArray gramDiagonal(NDArray features) {
        return ScalarArithmetic.over(gramDiagonalSum(features), perItemSize(features));
    }

    private static NDArray gramSum(NDArray features) {
        Shape s = features.getShape();
        NDArray f = features.reshape(s.get(0), s.get(1), -1);
        return f.matMul(f.transpose(0, 2, 1));
    }

    private static NDArray gramDiagonalSum(NDArray features) {
        Shape s = features.getShape();
        return features.square().reshape(s.get(0), s.get(1), -1).sum(new int[] {2});
    }
}
