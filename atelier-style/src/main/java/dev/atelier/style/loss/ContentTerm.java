package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Mean squared error between an image's activations and the content image's, at chosen layers:
 * "does it show the same things in the same places?". Item {@code b} of the batch is compared with
 * item {@code b} of the targets, so items never influence each other's gradients.
 */
public final class ContentTerm implements LossTerm {
    private final Map<String, NDArray> targets;
    private final Map<String, Double> layerWeights;
    private final Map<String, NDArray> divisors = new LinkedHashMap<>();

    /**
     * @param targets per layer, the content images' activations {@code (N, C, h, w)}; kept, not copied
     * @param layerWeights per layer, its weight in the sum (1 where absent)
     * @param scaling the recipe's scaling
     * @param manager owns the divisors
     */
    public ContentTerm(Map<String, NDArray> targets, Map<String, Double> layerWeights, LossScaling scaling,
            NDManager manager) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a content term needs at least one layer");
        }
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        this.layerWeights = Map.copyOf(layerWeights);
        targets.forEach((layer, t) -> divisors.put(layer, scaling.contentDivisor(t, manager)));
    }

    @Override
    public LossKind kind() {
        return LossKind.CONTENT;
    }

    @Override
    public Set<String> layers() {
        return targets.keySet();
    }

    @Override
    public NDArray compute(Map<String, NDArray> features, NDArray images) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            NDArray mse = MeanSquare.perItem(features.get(e.getKey()).sub(e.getValue()));
            NDArray term = ScalarArithmetic.times(mse.div(divisors.get(e.getKey())),
                    layerWeights.getOrDefault(e.getKey(), 1.0));


            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
