package dev.atelier.style.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

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

    /**
     * What is read from one differentiated evaluation, while its arrays are still open.
     *
     * @param <R> what the reader makes of it
     */
    @FunctionalInterface
    public interface Differentiated<R> {
        /**
         * @param terms the loss's parts at the variables
         * @param variables the copy of the variables that was differentiated
         * @param gradient the gradient of the total with respect to the variables, owned by the caller's manager
         */
        R read(LossTerms terms, NDArray variables, NDArray gradient);
    }

    /**
     * One forward and backward pass at the optimiser's variables {@code x}: the loss of the images
     * {@code toNetwork} makes of them, differentiated with respect to a copy of {@code x}. Everything but the
     * gradient is closed when {@code read} returns.
     *
     * @param owner owns the gradient
     */
    public <R> R differentiate(NDArray x, UnaryOperator<NDArray> toNetwork, NDManager owner, Differentiated<R> read) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray variables = x.duplicate();
            variables.attach(scope);
            variables.setRequiresGradient(true);
            LossTerms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = evaluate(toNetwork.apply(variables));
                collector.backward(terms.total());
            }
            NDArray gradient = variables.getGradient().duplicate();
            gradient.attach(owner);
            return read.read(terms, variables, gradient);
        }
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
