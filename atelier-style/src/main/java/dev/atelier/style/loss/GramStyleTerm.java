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
import java.util.Set;

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
public final class GramStyleTerm implements LossTerm {
    private final Map<String, NDArray> targets;
    private final Map<String, Double> layerWeights;
    private final Map<String, Double> divisors = new LinkedHashMap<>();
    private final boolean diagonalOnly;
    private final double factor;
    private final SoftMask mask;
    private final NDManager manager;
    private final Map<String, NDArray[]> maskAtSize = new HashMap<>();

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
        if (styleFeatures.isEmpty()) {
            throw new IllegalArgumentException("a style term needs at least one layer");
        }
        this.diagonalOnly = diagonalOnly;
        this.factor = scaling.statisticFactor();
        this.layerWeights = Map.copyOf(layerWeights);
        this.mask = mask;
        this.manager = manager;
        Map<String, NDArray> t = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : styleFeatures.entrySet()) {
            if (e.getValue().getShape().get(0) != 1) {
                throw new IllegalArgumentException("one style image expected, got a batch of " + e.getValue().getShape());
            }
            NDArray g = statistic(e.getValue(), null, false).mul(factor);
            g.attach(manager);
            t.put(e.getKey(), g);
            divisors.put(e.getKey(), scaling.statisticDivisor(g));
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

    /** Per layer, the style target's (scaled) statistic: a Gram matrix (1, C, C) or its diagonal (1, C). */
    public Map<String, NDArray> targets() {
        return targets;
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray images) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            NDArray f = features.get(e.getKey());
            NDArray g = ScalarArithmetic.times(statistic(f, mask == null ? null : maskFor(f), true), factor);
            NDArray mse = MeanSquare.perItem(g.sub(e.getValue()));
            if (!diagonalOnly) {
                mse = HalfGradientGram.fullGradient(mse);
            }
            double w = layerWeights.getOrDefault(e.getKey(), 1.0) / divisors.get(e.getKey());
            NDArray term = ScalarArithmetic.times(mse, w);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** [sqrt(m) as (1, 1, h, w), Σm as a scalar] at the layer size of {@code features}, cached. */
    private synchronized NDArray[] maskFor(NDArray features) {
        int h = (int) features.getShape().get(2);
        int w = (int) features.getShape().get(3);
        return maskAtSize.computeIfAbsent(h + "x" + w, k -> {
            float[] m = mask.resized(w, h);
            double sum = 0;
            float[] root = new float[m.length];
            for (int i = 0; i < m.length; i++) {
                sum += m[i];
                root[i] = (float) Math.sqrt(m[i]);
            }
            NDArray r = OwnedArrays.of(manager, root, new Shape(1, 1, h, w));
            NDArray area = OwnedArrays.scalar(r, Math.max(sum, 1e-6));
            return new NDArray[] {r, area};
        });
    }

    /** {@code forSquaredError}: the Gram feeds {@link #compute}'s squared error, which restores its full gradient. */
    private NDArray statistic(NDArray features, NDArray[] rootMaskAndArea, boolean forSquaredError) {
        if (rootMaskAndArea == null) {
            if (diagonalOnly) {
                return gramDiagonal(features);
            }
            return forSquaredError ? ScalarArithmetic.over(HalfGradientGram.sum(features), perItemSize(features))
                    : gram(features);
        }
        NDArray masked = features.mul(rootMaskAndArea[0]);
        long c = features.getShape().get(1);
        NDArray divisor = ScalarArithmetic.times(rootMaskAndArea[1], c);
        NDArray sum = diagonalOnly ? gramDiagonalSum(masked)
                : forSquaredError ? HalfGradientGram.sum(masked) : gramSum(masked);
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
