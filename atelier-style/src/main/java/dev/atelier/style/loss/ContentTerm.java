package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean squared error between an image's activations and the content image's, at chosen layers:
 * "does it show the same things in the same places?". Item {@code b} of the batch is compared with
 * item {@code b} of the targets, so items never influence each other's gradients.
 */
public final class ContentTerm extends PerLayerTerm<ContentTerm.Layer> {
    /** One layer's target: the content activations, the divisor of their MSE per item, the layer weight. */
    record Layer(NDArray features, NDArray divisor, double weight) {}

    /**
     * @param targets per layer, the content images' activations {@code (N, C, h, w)}; kept, not copied
     * @param layerWeights per layer, its weight in the sum (1 where absent)
     * @param scaling the recipe's scaling
     * @param manager owns the divisors
     */
    public ContentTerm(Map<String, NDArray> targets, Map<String, Double> layerWeights, LossScaling scaling,
            NDManager manager) {
        super(LossKind.CONTENT, layers(targets, layerWeights, scaling, manager));
    }

    private static Map<String, Layer> layers(Map<String, NDArray> targets, Map<String, Double> layerWeights,
            LossScaling scaling, NDManager manager) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        targets.forEach((layer, t) -> layers.put(layer,
                new Layer(t, scaling.contentDivisor(t, manager), layerWeights.getOrDefault(layer, 1.0))));
        return layers;
    }

    @Override
    protected NDArray layerValue(String layer, NDArray features, Layer target) {
        NDArray mse = MeanSquare.perItem(features.sub(target.features()));
        return ScalarArithmetic.times(mse.div(target.divisor()), target.weight());
    }
}
