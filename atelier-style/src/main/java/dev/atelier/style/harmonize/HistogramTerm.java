package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.style.loss.LossKind;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.loss.LossTerm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
public final class HistogramTerm implements LossTerm {
    private final Map<String, float[][]> targets = new LinkedHashMap<>();
    private final Map<String, boolean[]> inside = new LinkedHashMap<>();
    private final Map<String, NDArray> insideMasks = new LinkedHashMap<>();
    private final Map<String, Double> norms = new LinkedHashMap<>();

    /**
     * @param targetFeatures per layer, the features whose inside histogram is the target (the matched
     *     painting features, laid out like the output)
     * @param masks per layer, where the histograms are taken
     * @param manager owns the masks
     */
    public HistogramTerm(Map<String, FeatureMap> targetFeatures, Map<String, LayerMask> masks, NDManager manager) {
        if (targetFeatures.isEmpty()) {
            throw new IllegalArgumentException("a histogram term needs at least one layer");
        }
        for (Map.Entry<String, FeatureMap> e : targetFeatures.entrySet()) {
            String layer = e.getKey();
            FeatureMap t = e.getValue();
            LayerMask m = masks.get(layer);
            boolean[] in = m.inside();
            int n = m.insideCount();
            if (n == 0) {
                throw new IllegalArgumentException("the mask is empty at " + layer);
            }
            float[][] sorted = HistogramMatch.sortedChannels(t, in);
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
            targets.put(layer, sorted);
            inside.put(layer, in);
            insideMasks.put(layer, OwnedArrays.of(manager, ones, new Shape(1, 1, t.height(), t.width())));
            norms.put(layer, count * LossScaling.relativeDivisor(sq / count));
        }
    }

    @Override
    public LossKind kind() {
        return LossKind.STYLE;
    }

    @Override
    public Set<String> layers() {
        return targets.keySet();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray images) {
        NDArray total = null;
        for (Map.Entry<String, float[][]> e : targets.entrySet()) {
            String layer = e.getKey();
            NDArray f = features.get(layer);
            if (f.getShape().get(0) != 1) {
                throw new IllegalArgumentException("the histogram loss takes one image at a time, got " + f.getShape());
            }
            FeatureMap remapped = HistogramMatch.remap(FeatureMap.of(f), inside.get(layer), e.getValue());
            NDArray r = remapped.toArray(f.getManager()).toType(f.getDataType(), false);
            NDArray term = ScalarArithmetic.over(f.sub(r).square().mul(insideMasks.get(layer)).sum(), norms.get(layer))
                    .reshape(1);

            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
