package dev.atelier.style.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A loss whose every part pulls with the same strength at every evaluation, as the authors of painterly
 * harmonisation normalise their loss modules' gradients ({@code neural_paint.lua}: in each module's
 * {@code updateGradInput}, the gradient with respect to the layer's activations, multiplied by the layer's
 * mask, is divided by its L2 norm plus 1e-8, then multiplied by the module's weight).
 *
 * <p>A part ({@link Unit}) is one layer of a {@link PerLayerTerm}, or a pixel prior such as total variation
 * (its "layer" is the image the network sees). At each evaluation the part's value L_i is differentiated with
 * respect to its own input alone, c_i = |g_i ⊙ m_i|₂ is measured (m_i the part's norm mask, or none), and the
 * function returned is the surrogate {@code S = Σ w_i L_i / (c_i + 1e-8)} with the c_i held constant. Its
 * gradient is exactly what the optimiser is given, Σ_i w_i J_iᵀ g_i / (c_i + 1e-8) (J_i the network's Jacobian
 * up to the part's input): every part's gradient at its own layer has norm w_i inside its mask. So each
 * evaluation's (value, gradient) pair is consistent; the c_i move from one evaluation to the next, which is
 * why the pass that uses this loss takes the authors' fixed steps rather than a line search.
 *
 * <p>One evaluation costs one forward and one backward pass through the network plus one backward pass of
 * each part on its own input (the parts' values are computed once, on detached copies).
 */
public final class NormalisedLoss {
    /** Added to each norm, the authors' constant. */
    public static final double EPSILON = 1e-8;

    /**
     * One part.
     *
     * @param name how it is reported
     * @param term the term; a {@link PerLayerTerm} when {@code layer} is set
     * @param layer the layer whose activations it reads, or null for a pixel term
     * @param weight the norm its gradient is scaled to
     * @param normMask what the gradient is multiplied by before its norm is taken, shaped to broadcast over the
     *     part's input ({@code (1, 1, h, w)}), or null for the gradient as it is
     */
    public record Unit(String name, LossTerm term, String layer, double weight, NDArray normMask) {
        public Unit {
            if (layer != null && !(term instanceof PerLayerTerm<?>)) {
                throw new IllegalArgumentException("a layer unit needs a per-layer term, got " + term);
            }
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("a weight must be zero or positive, got " + weight);
            }
        }
    }

    /**
     * One evaluation.
     *
     * @param value the surrogate Σ w_i L_i / (c_i + ε)
     * @param gradient its gradient with respect to the variables, owned by the caller's manager
     * @param norms per unit, c_i
     * @param raw per unit, L_i
     * @param content the content units' share of {@code value}
     * @param style the style (and histogram) units' share
     * @param totalVariation the TV units' share
     */
    public record Result(double value, NDArray gradient, double[] norms, double[] raw, double content, double style,
            double totalVariation) {}

    private final FeatureExtractor network;
    private final List<Unit> units;
    private final Set<String> layers = new LinkedHashSet<>();

    public NormalisedLoss(FeatureExtractor network, List<Unit> units) {
        if (units.isEmpty()) {
            throw new IllegalArgumentException("a loss needs at least one unit");
        }
        this.network = network;
        this.units = List.copyOf(units);
        for (Unit u : units) {
            if (u.layer() != null) {
                layers.add(u.layer());
            }
        }
    }

    /** One unit per layer of {@code term} (named {@code name/layer}), each normalised inside {@code masks}' entry. */
    public static List<Unit> perLayer(String name, PerLayerTerm<?> term, double weight, Map<String, NDArray> masks) {
        List<Unit> out = new ArrayList<>();
        for (String l : term.layers()) {
            out.add(new Unit(name + "/" + l, term, l, weight, masks == null ? null : masks.get(l)));
        }
        return out;
    }

    public List<Unit> units() {
        return units;
    }

    /**
     * One evaluation at the optimiser's variables {@code x}, the network seeing {@code toNetwork(x)}.
     *
     * @param owner owns the gradient
     */
    public Result differentiate(NDArray x, UnaryOperator<NDArray> toNetwork, NDManager owner) {
        int n = units.size();
        double[] norms = new double[n];
        double[] raw = new double[n];
        double[] kinds = new double[LossKind.values().length];
        double value = 0;
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray variables = x.duplicate();
            variables.attach(scope);
            variables.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray images = toNetwork.apply(variables);
                Map<String, NDArray> features = layers.isEmpty() ? Map.of() : network.extract(images, layers);
                NDArray[] inputs = new NDArray[n];
                NDArray[] leaves = new NDArray[n];
                NDArray[] values = new NDArray[n];
                NDArray leafTotal = null;
                for (int i = 0; i < n; i++) {
                    Unit u = units.get(i);
                    inputs[i] = u.layer() == null ? images : features.get(u.layer());
                    // a detached copy: the part is differentiated with respect to its own input only
                    NDArray leaf = inputs[i].stopGradient().duplicate();
                    leaf.setRequiresGradient(true);
                    leaves[i] = leaf;
                    values[i] = valueOf(u, leaf).sum();
                    leafTotal = leafTotal == null ? values[i] : leafTotal.add(values[i]);
                }
                collector.backward(leafTotal);
                NDArray pullTotal = null;
                for (int i = 0; i < n; i++) {
                    Unit u = units.get(i);
                    NDArray g = leaves[i].getGradient();
                    NDArray inside = u.normMask() == null ? g : g.mul(u.normMask());
                    norms[i] = Math.sqrt(inside.square().sum().toType(DataType.FLOAT64, false).getDouble());
                    raw[i] = values[i].toType(DataType.FLOAT64, false).getDouble();
                    double scale = u.weight() / (norms[i] + EPSILON);
                    double share = scale * raw[i];
                    value += share;
                    kinds[u.term().kind().ordinal()] += share;
                    if (u.weight() == 0) {
                        continue;
                    }
                    // Σ input ⊙ sg(scale·g): its gradient with respect to the input is scale·g
                    NDArray pull = ScalarArithmetic.times(g, scale).stopGradient();
                    NDArray dot = inputs[i].mul(pull).sum();
                    pullTotal = pullTotal == null ? dot : pullTotal.add(dot);
                }
                if (pullTotal != null) {
                    collector.backward(pullTotal);
                }
            }
            NDArray gradient = variables.hasGradient() && variables.getGradient() != null
                    ? variables.getGradient().duplicate() : variables.zerosLike();
            gradient.attach(owner);
            return new Result(value, gradient, norms, raw, kinds[LossKind.CONTENT.ordinal()],
                    kinds[LossKind.STYLE.ordinal()], kinds[LossKind.TOTAL_VARIATION.ordinal()]);
        }
    }

    /** The surrogate at {@code x} with the norms held at {@code norms}: Σ w_i L_i / (norms_i + ε), no gradient. */
    public double value(NDArray x, UnaryOperator<NDArray> toNetwork, double[] norms) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray v = x.duplicate();
            v.attach(scope);
            NDArray images = toNetwork.apply(v);
            Map<String, NDArray> features = layers.isEmpty() ? Map.of() : network.extract(images, layers);
            double total = 0;
            for (int i = 0; i < units.size(); i++) {
                Unit u = units.get(i);
                NDArray in = u.layer() == null ? images : features.get(u.layer());
                total += u.weight() / (norms[i] + EPSILON)
                        * valueOf(u, in).sum().toType(DataType.FLOAT64, false).getDouble();
            }
            return total;
        }
    }

    private static NDArray valueOf(Unit u, NDArray input) {
        return u.layer() == null ? u.term().compute(Map.of(), input) : ((PerLayerTerm<?>) u.term()).valueAt(u.layer(), input);
    }
}
