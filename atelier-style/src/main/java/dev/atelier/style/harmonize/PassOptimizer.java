package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import dev.atelier.style.optim.Evaluation;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.Objective;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * L-BFGS over a harmonisation pass's {@link ImageVariables}, one instance for a whole run: the listener hears
 * every evaluation numbered from the run's start, with the parts of the loss evaluated last.
 */
final class PassOptimizer {
    /** L-BFGS history: 20 pairs keep a 512-px run's optimiser state near 100 MB. */
    static final int HISTORY = 20;

    /**
     * @param result the optimiser's result
     * @param firstLoss the loss at the pass's starting image
     */
    record Outcome(OptimizationResult result, double firstLoss) {}

    private final FeatureExtractor network;
    private final HarmonizationListener listener;
    private final int saveEvery;
    private final long startNanos;
    private int evaluations;
    private double[] lastParts = {Double.NaN, Double.NaN, Double.NaN};

    /**
     * @param network what the losses look at
     * @param saveEvery a snapshot every this many evaluations of the run (0: none)
     * @param startNanos when the run started: evaluation times count from there
     */
    PassOptimizer(FeatureExtractor network, HarmonizationListener listener, int saveEvery, long startNanos) {
        this.network = network;
        this.listener = listener;
        this.saveEvery = saveEvery;
        this.startNanos = startNanos;
    }

    /** Minimises {@code terms} from {@code start} for at most {@code budget} evaluations at {@code scale}. */
    Outcome minimise(List<WeightedTerm> terms, NDArray start, int budget, HarmonizationScale scale) {
        WeightedLoss loss = new WeightedLoss(network, terms);
        double[] first = {Double.NaN};
        OptimizationMonitor monitor = new OptimizationMonitor() {
            @Override
            public void onEvaluation(int evaluation, double value, NDArray point) {
                if (evaluation == 1) {
                    first[0] = value;
                }
                int n = ++evaluations;
                double[] parts = lastParts;
                listener.onEvaluation(new LossPoint(n, (System.nanoTime() - startNanos) / 1e9,
                        new double[] {value}, new double[] {parts[0]}, new double[] {parts[1]}, new double[] {parts[2]},
                        scale.index()));
                if (saveEvery > 0 && n % saveEvery == 0) {
                    listener.onSnapshot(n, List.of(Harmonizer.blend(ImageVariables.image(point), scale.painting(),
                            scale.masks())));
                }
            }

            @Override
            public boolean stopRequested() {
                return listener.stopRequested();
            }
        };
        Objective objective = point -> evaluate(loss, point, point.getManager(), true);
        LbfgsOptimizer lbfgs = LbfgsOptimizer.builder().optMaxEvaluations(budget).optHistorySize(HISTORY).build();
        return new Outcome(lbfgs.minimize(objective, start, monitor), first[0]);
    }

    /**
     * Each term's weight divided by the mean absolute value of its own gradient with respect to the pixels
     * at {@code x}: after this, a weight says how hard a term pulls, whatever its natural scale. A term
     * with no gradient at {@code x} keeps its weight.
     */
    Map<String, WeightedTerm> normaliseGradients(Map<String, WeightedTerm> terms, NDArray x) {
        Map<String, WeightedTerm> out = new LinkedHashMap<>();
        terms.forEach((name, t) -> out.put(name, t.weight() == 0 ? t : normalised(t, x)));
        return out;
    }

    private WeightedTerm normalised(WeightedTerm t, NDArray x) {
        double norm;
        try (NDManager scope = x.getManager().newSubManager()) {
            WeightedLoss alone = new WeightedLoss(network, List.of(new WeightedTerm(t.term(), 1)));
            Evaluation e = evaluate(alone, x, scope, false);
            norm = e.gradient().abs().mean().getFloat();
        }
        return new WeightedTerm(t.term(), norm > 1e-20 && Double.isFinite(norm) ? t.weight() / norm : t.weight());
    }

    /**
     * One forward and backward pass at {@code x}: the loss and a new gradient owned by {@code owner}; the
     * parts of the loss are kept for the next evaluation's report when {@code report}.
     */
    private Evaluation evaluate(WeightedLoss loss, NDArray x, NDManager owner, boolean report) {
        return loss.differentiate(x, ImageVariables::toNetwork, owner, (terms, variables, gradient) -> {
            if (report) {
                lastParts = new double[] {part(terms.content()), part(terms.style()), part(terms.totalVariation())};
            }
            return new Evaluation(terms.total().toType(DataType.FLOAT64, false).getDouble(), gradient);
        });
    }

    private static double part(NDArray term) {
        return term == null ? 0 : term.toType(DataType.FLOAT64, false).sum().getDouble();
    }
}
