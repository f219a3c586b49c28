package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Mean squared error between an image's activations and the content image's, at chosen layers:
 * "does it show the same things in the same places?".
 *
 * <p>Batch-aware: item {@code b} of the batch is compared with item {@code b} of the targets, and the
 * loss is one value per item, so items never influence each other's gradients.
 */
public final class ContentLoss {
    private final Map<String, NDArray> targets;
    private final Map<String, Double> layerWeights;
    /** Per layer: the divisor of each item's mean squared error, shape (N). */
    private final Map<String, NDArray> divisors;

    /**
     * @param targets per layer, the content images' activations {@code (N, C, h, w)}; kept, not copied
     *     (they must outlive this loss and should not track gradients)
     * @param layerWeights per layer, its weight in the sum
     * @param normalization how each layer's error is scaled
     * @param lessonFactor the factor applied under {@link LossNormalization#LESSON13} (1e6 or 1e3)
     * @param manager owns the normalisation constants
     */
    public ContentLoss(Map<String, NDArray> targets, Map<String, Double> layerWeights,
            LossNormalization normalization, double lessonFactor, NDManager manager) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("content loss needs at least one layer");
        }
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        this.layerWeights = Map.copyOf(layerWeights);
        Map<String, NDArray> d = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            NDArray divisor;
            if (normalization == LossNormalization.RELATIVE) {
                divisor = perItemMeanSquare(e.getValue()).maximum(1e-12);
            } else {
                divisor = manager.ones(new Shape(e.getValue().getShape().get(0)),
                        e.getValue().getDataType()).div(lessonFactor);
            }
            divisor.attach(manager);
            d.put(e.getKey(), divisor);
        }
        this.divisors = d;
    }

    /** The layers this loss looks at. */
    public Set<String> layers() {
        return targets.keySet();
    }

    /** The weighted, normalised loss per batch item, shape (N). */
    public NDArray compute(Map<String, NDArray> features) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            NDArray f = features.get(e.getKey());
            NDArray mse = perItemMeanSquare(f.sub(e.getValue()));
            NDArray term = mse.div(divisors.get(e.getKey())).mul(layerWeights.getOrDefault(e.getKey(), 1.0));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** Mean of the squares over every axis but the first: one value per batch item. */
    static NDArray perItemMeanSquare(NDArray a) {
        return a.square().reshape(a.getShape().get(0), -1).mean(new int[] {1});
    }
}
