package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A loss term that is a sum over feature layers: at each of its layers the image's activations are compared
 * with that layer's target, and the term's value is the sum of the layers' values, one per batch item.
 * A subclass says what a layer's target holds and how one layer is compared; which layers, in which order,
 * and the sum are kept here, the same for every such term.
 *
 * @param <T> what one layer is compared with: its target statistic and whatever fixes that layer's scale
 */
public abstract class PerLayerTerm<T> implements LossTerm {
    private final LossKind kind;
    private final Map<String, T> targets;

    /**
     * @param kind where the term's value is reported
     * @param targets per layer, its target, in the order the layers are summed
     * @throws IllegalArgumentException when there is no layer
     */
    protected PerLayerTerm(LossKind kind, Map<String, T> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a " + getClass().getSimpleName() + " needs at least one layer");
        }
        this.kind = kind;
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    @Override
    public final LossKind kind() {
        return kind;
    }

    @Override
    public final Set<String> layers() {
        return targets.keySet();
    }

    /** Per layer, its target, in summation order. */
    protected final Map<String, T> layerTargets() {
        return targets;
    }

    @Override
    public final NDArray compute(Map<String, NDArray> features, NDArray images) {
        NDArray total = null;
        for (Map.Entry<String, T> e : targets.entrySet()) {
            NDArray f = features.get(e.getKey());
            if (f == null) {
                throw new IllegalArgumentException("no activations for layer " + e.getKey());
            }
            NDArray value = layerValue(e.getKey(), f, e.getValue());
            total = total == null ? value : total.add(value);
        }
        return total;
    }

    /**
     * One layer's contribution alone, exactly as {@link #compute} adds it: what a per-layer gradient
     * normalisation differentiates layer by layer.
     *
     * @param layer one of {@link #layers()}
     * @param features the image's activations there {@code (N, C, h, w)}
     */
    public final NDArray valueAt(String layer, NDArray features) {
        T target = targets.get(layer);
        if (target == null) {
            throw new IllegalArgumentException("not a layer of this term: " + layer);
        }
        return layerValue(layer, features, target);
    }

    /**
     * One layer's contribution per batch item, shape (N), on the term's scale (its layer weight and divisor
     * applied).
     *
     * @param layer the layer's name
     * @param features the image's activations there {@code (N, C, h, w)}
     * @param target what this layer is compared with
     */
    protected abstract NDArray layerValue(String layer, NDArray features, T target);
}
