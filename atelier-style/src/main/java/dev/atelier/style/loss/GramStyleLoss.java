package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Squared error between Gram matrices (Gatys et al. 2015): "are the same features present together, in
 * the same amounts, anywhere in the image?". Position is discarded, which is what makes it a style.
 *
 * <p>For activations F reshaped to (C, h·w), G = F·Fᵀ / (C·h·w). The diagonal-only variant (the
 * lesson's homework) keeps just each channel's own energy, G_cc, ignoring which channels fire together.
 * Batch-aware: one Gram per batch item, all compared with the single style target, one loss per item.
 */
public final class GramStyleLoss {
    private final Map<String, NDArray> targetGrams;
    private final Map<String, Double> layerWeights;
    private final Map<String, Double> divisors;
    private final boolean diagonalOnly;
    private final double gramFactor;

    /**
     * @param styleFeatures per layer, the style image's activations {@code (1, C, h, w)}
     * @param layerWeights per layer, its weight in the sum
     * @param diagonalOnly compare only the Gram diagonals
     * @param normalization how each layer's error is scaled
     * @param manager owns the target Gram matrices
     */
    public GramStyleLoss(Map<String, NDArray> styleFeatures, Map<String, Double> layerWeights,
            boolean diagonalOnly, LossNormalization normalization, NDManager manager) {
        if (styleFeatures.isEmpty()) {
            throw new IllegalArgumentException("style loss needs at least one layer");
        }
        this.diagonalOnly = diagonalOnly;
        this.gramFactor = normalization == LossNormalization.LESSON13 ? 1e6 : 1.0;
        this.layerWeights = Map.copyOf(layerWeights);
        Map<String, NDArray> grams = new LinkedHashMap<>();
        Map<String, Double> d = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : styleFeatures.entrySet()) {
            if (e.getValue().getShape().get(0) != 1) {
                throw new IllegalArgumentException("one style image expected, got a batch of " + e.getValue().getShape());
            }
            NDArray g = statistic(e.getValue());
            g.attach(manager);
            grams.put(e.getKey(), g);
            double ms = normalization == LossNormalization.RELATIVE
                    ? meanSquare(g)
                    : 1.0;
            d.put(e.getKey(), Math.max(ms, 1e-30));
        }
        this.targetGrams = Collections.unmodifiableMap(grams);
        this.divisors = d;
    }

    /** The layers this loss looks at. */
    public Set<String> layers() {
        return targetGrams.keySet();
    }

    /** The weighted, normalised loss per batch item, shape (N). */
    public NDArray compute(Map<String, NDArray> features) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : targetGrams.entrySet()) {
            NDArray g = statistic(features.get(e.getKey()));
            NDArray diff = g.sub(e.getValue());
            NDArray mse = ContentLoss.perItemMeanSquare(diff);
            double w = layerWeights.getOrDefault(e.getKey(), 1.0) / divisors.get(e.getKey());
            NDArray term = mse.mul(w);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private static double meanSquare(NDArray a) {
        try (NDArray sq = a.square(); NDArray mean = sq.mean(); NDArray wide = mean.toType(DataType.FLOAT64, true)) {
            return wide.getDouble();
        }
    }

    private NDArray statistic(NDArray features) {
        NDArray g = diagonalOnly ? gramDiagonal(features) : gram(features);
        return gramFactor == 1.0 ? g : g.mul(gramFactor);
    }

    /** Gram matrices {@code (N, C, C)} of activations {@code (N, C, h, w)}, divided by C·h·w. */
    public static NDArray gram(NDArray features) {
        Shape s = features.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long numel = s.size() / n;
        NDArray f = features.reshape(n, c, -1);
        return f.matMul(f.transpose(0, 2, 1)).div(numel);
    }

    /** The diagonals {@code (N, C)} of {@link #gram}: each channel's own energy. */
    public static NDArray gramDiagonal(NDArray features) {
        Shape s = features.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long numel = s.size() / n;
        return features.square().reshape(n, c, -1).sum(new int[] {2}).div(numel);
    }
}
