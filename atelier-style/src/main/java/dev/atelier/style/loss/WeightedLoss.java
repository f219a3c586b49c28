package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loss the engine minimises: Σ weight·term over a list of {@link WeightedTerm}s, for a batch of
 * images, with one forward pass through the feature network per evaluation.
 */
public final class WeightedLoss {
    private final FeatureExtractor network;
    private final List<WeightedTerm> terms;
    private final Set<String> layers = new LinkedHashSet<>();

    public WeightedLoss(FeatureExtractor network, List<WeightedTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a loss needs at least one term");
        }
        this.network = network;
        this.terms = List.copyOf(terms);
        for (WeightedTerm t : terms) {
            layers.addAll(t.term().layers());
        }
    }

    public List<WeightedTerm> terms() {
        return terms;
    }

    /** Every layer some term reads. */
    public Set<String> layers() {
        return layers;
    }

    /** Evaluates every term on {@code images (N, 3, H, W)}; call inside a gradient collector to differentiate. */
    public LossTerms evaluate(NDArray images) {
        Map<String, NDArray> features = layers.isEmpty() ? Map.of() : network.extract(images, layers);
        Map<LossKind, NDArray> byKind = new EnumMap<>(LossKind.class);
        NDArray perItem = null;
        for (WeightedTerm t : terms) {
            if (t.weight() == 0) {
                continue;
            }
            NDArray v = ScalarArithmetic.times(t.term().compute(features, images), t.weight());
            byKind.merge(t.term().kind(), v, NDArray::add);
            perItem = perItem == null ? v : perItem.add(v);
        }
        if (perItem == null) {
            // every weight is zero: a zero that still depends on the pixels, so backward() has a graph
            perItem = ScalarArithmetic.times(MeanSquare.perItem(images), 0);

        }
        return new LossTerms(byKind.get(LossKind.CONTENT), byKind.get(LossKind.STYLE),
                byKind.get(LossKind.TOTAL_VARIATION), perItem.sum());
    }
}
