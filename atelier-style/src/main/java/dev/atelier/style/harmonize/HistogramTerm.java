package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.style.loss.LossKind;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.loss.PerLayerTerm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The histogram loss of Risser et al. (2017): at each layer, the output's activations inside the mask are
 * remapped channel by channel to the target's histogram ({@link HistogramMatch}), and the loss is the
 * squared distance to that remapped copy, {@code Σ_inside |F − R(F)|² / (C·n)}, with R(F) held constant.
 * The value is the squared 1-D optimal-transport distance between the two histograms, and its gradient
 * with R fixed is that distance's true gradient, so the optimiser sees one consistent function although
 * the remap is recomputed at each evaluation. Gram matrices miss what this sees: a histogram can have the
 * right mean and variance and still the wrong shape (the paper's pass-2 instabilities). Divided by the
 * target's mean square (relative scaling). One image at a time (batch of one).
 */
public final class HistogramTerm extends PerLayerTerm<HistogramTerm.Layer> {
    /**
     * One layer's target: the target's sorted inside values per channel, where inside is (as flags and as a
     * {@code (1, 1, h, w)} mask of ones), and the divisor of the squared distance.
     */
    record Layer(float[][] sorted, boolean[] inside, NDArray insideMask, double norm) {}

    /**
     * @param targetFeatures per layer, the features whose inside histogram is the target (the matched
     *     painting features, laid out like the output)
     * @param masks per layer, where the histograms are taken
     * @param manager owns the masks
     */
    public HistogramTerm(Map<String, FeatureMap> targetFeatures, Map<String, LayerMask> masks, NDManager manager) {
        super(LossKind.STYLE, layers(targetFeatures, null, masks, manager));
    }

    /**
     * A target histogram taken over other cells than the output's (pass 2: the painting's own features over
     * the set of matched cells, {@link MatchedCells}, each once); the output's histogram is still taken
     * inside its mask. The counts may differ: {@link HistogramMatch#remap} interpolates the target's
     * quantiles (the authors scale the target histogram by n_output / n_target for the same reason).
     *
     * @param targetFeatures per layer, the features the target histogram is taken from
     * @param targetCells per layer, which of their cells count
     * @param masks per layer, where the output's histogram is taken
     */
    public HistogramTerm(Map<String, FeatureMap> targetFeatures, Map<String, boolean[]> targetCells,
            Map<String, LayerMask> masks, NDManager manager) {
        super(LossKind.STYLE, layers(targetFeatures, java.util.Objects.requireNonNull(targetCells), masks, manager));
    }

    private static Map<String, Layer> layers(Map<String, FeatureMap> targetFeatures, Map<String, boolean[]> targetCells,
            Map<String, LayerMask> masks, NDManager manager) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureMap> e : targetFeatures.entrySet()) {
            String layer = e.getKey();
            FeatureMap t = e.getValue();
            LayerMask m = masks.get(layer);
            boolean[] in = m.inside();
            int n = m.insideCount();
            if (n == 0) {
                throw new IllegalArgumentException("the mask is empty at " + layer);
            }
            boolean[] cells = targetCells == null ? in : targetCells.get(layer);
            if (cells == null || cells.length != t.plane()) {
                throw new IllegalArgumentException("no target cells of " + t.width() + "x" + t.height() + " for " + layer);
            }
            float[][] sorted = HistogramMatch.sortedChannels(t, cells);
            if (sorted[0].length == 0) {
                throw new IllegalArgumentException("no target cells at " + layer);
            }
            double sq = 0;
            for (float[] channel : sorted) {
                for (float v : channel) {
                    sq += (double) v * v;
                }
            }
            float[] ones = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                ones[i] = in[i] ? 1f : 0f;
            }
            double count = (double) t.channels() * n;
            double targetMeanSquare = sq / ((double) t.channels() * sorted[0].length);
            layers.put(layer, new Layer(sorted, in, OwnedArrays.of(manager, ones, new Shape(1, 1, m.height(), m.width())),
                    count * LossScaling.relativeDivisor(targetMeanSquare)));
        }
        return layers;
    }

    @Override
    protected NDArray layerValue(String layer, NDArray features, Layer target) {
        if (features.getShape().get(0) != 1) {
            throw new IllegalArgumentException("the histogram loss takes one image at a time, got " + features.getShape());
        }
        FeatureMap remapped = HistogramMatch.remap(FeatureMap.of(features), target.inside(), target.sorted());
        NDArray r = remapped.toArray(features.getManager()).toType(features.getDataType(), false);
        return ScalarArithmetic.over(features.sub(r).square().mul(target.insideMask()).sum(), target.norm()).reshape(1);
    }
}
