package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.NormalisedLoss;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import dev.atelier.style.optim.Evaluation;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.optim.Objective;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import dev.atelier.style.optim.StopReason;
import java.util.List;
import java.util.Locale;

/**
 * L-BFGS over a harmonisation pass's {@link ImageVariables}, one instance for a whole run: the listener hears
 * every evaluation numbered from the run's start, with the parts of the loss evaluated last.
 */
final class PassOptimizer {
    /** L-BFGS history: 20 pairs keep a 512-px run's optimiser state near 100 MB. */
    static final int HISTORY = 20;
    /** The explosion guard trips when a pass's loss exceeds this many times its starting loss. */
    static final double GUARD_FACTOR = 10;
    /** At most this many restarts per pass; after that the pass ends with its best image. */
    static final int MAX_RESTARTS = 3;
    /**
     * Pass 2's fixed L-BFGS step, a fraction of the quasi-Newton step: the authors' {@code learningRate} (0.1).
     * The whole step (1) overshot on the test scenes until every pixel was clipped and the gradient vanished.
     */
    static final double PASS2_STEP = 0.1;

    /**
     * @param result the optimiser's result over the whole pass (evaluations of every restart together)
     * @param firstLoss the loss at the pass's starting image
     * @param restarts how often the explosion guard restored the best image and restarted
     * @param guard what the guard did, in words, or null when it never tripped
     */
    record Outcome(OptimizationResult result, double firstLoss, int restarts, String guard) {}

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

    /**
     * Minimises {@code terms} (a fixed function: pass 1) from {@code start} for at most {@code budget}
     * evaluations at {@code scale}, the gradient masked by the loose mask, with the strong-Wolfe line search.
     */
    Outcome minimise(List<WeightedTerm> terms, NDArray start, int budget, HarmonizationScale scale) {
        WeightedLoss loss = new WeightedLoss(network, terms);
        return guarded(point -> evaluate(loss, point, point.getManager()), start, budget, scale,
                GradientMask.of(scale.masks().loose()), LineSearch.STRONG_WOLFE, 1.0);
    }

    /**
     * Minimises the per-layer normalised {@code loss} (pass 2) from {@code start}: its surrogate changes with
     * every evaluation, so, as the authors' {@code optim.lbfgs} without a line search, fixed steps of
     * {@link #PASS2_STEP}; the gradient masked by the loose mask.
     */
    Outcome minimiseNormalised(NormalisedLoss loss, NDArray start, int budget, HarmonizationScale scale) {
        return guarded(point -> {
            NormalisedLoss.Result r = loss.differentiate(point, ImageVariables::toNetwork, point.getManager());
            lastParts = new double[] {r.content(), r.style(), r.totalVariation()};
            return new Evaluation(r.value(), r.gradient());
        }, start, budget, scale, GradientMask.of(scale.masks().loose()), LineSearch.NONE, PASS2_STEP);
    }

    /**
     * L-BFGS from {@code start} under the explosion guard: when an evaluation's loss is not finite or exceeds
     * {@link #GUARD_FACTOR} times the pass's first loss, the run is cut there, and L-BFGS starts again from the
     * best image so far with a fresh history and half the step, with the evaluations left (at most
     * {@link #MAX_RESTARTS} times). The result is the best image of all the runs.
     *
     * @param scale for the listener's reports and snapshots; null in tests without snapshots
     * @param mask multiplies every gradient before L-BFGS sees it
     * @param step the L-BFGS learning rate (the fixed step with {@link LineSearch#NONE})
     */
    Outcome guarded(Objective objective, NDArray start, int budget, HarmonizationScale scale, GradientMask mask,
            LineSearch lineSearch, double step) {
        // the mask's array is made once for the pass, not once an evaluation; the pass's owner closes it
        NDArray maskArray = mask.toArray(start.getManager(), start.getDataType());
        Objective masked = point -> {
            Evaluation e = objective.evaluate(point);
            return new Evaluation(e.loss(), mask.apply(e.gradient(), maskArray));
        };
        double[] first = {Double.NaN};
        boolean[] tripped = {false};
        double[] trippedAt = {Double.NaN};
        int[] passEvaluations = {0};
        OptimizationMonitor monitor = new OptimizationMonitor() {
            @Override
            public void onEvaluation(int evaluation, double value, NDArray point) {
                passEvaluations[0]++;
                if (passEvaluations[0] == 1) {
                    first[0] = value;
                }
                int n = ++evaluations;
                double[] parts = lastParts;
                listener.onEvaluation(new LossPoint(n, (System.nanoTime() - startNanos) / 1e9,
                        new double[] {value}, new double[] {parts[0]}, new double[] {parts[1]}, new double[] {parts[2]},
                        scale == null ? 0 : scale.index()));
                if (saveEvery > 0 && n % saveEvery == 0 && scale != null) {
                    listener.onSnapshot(n, List.of(Harmonizer.blend(ImageVariables.image(point), scale.painting(),
                            scale.masks())));
                }
                if (!tripped[0] && (!Double.isFinite(value) || value > GUARD_FACTOR * first[0])) {
                    tripped[0] = true;
                    trippedAt[0] = value;
                }
            }

            @Override
            public boolean stopRequested() {
                return tripped[0] || listener.stopRequested();
            }
        };
        NDManager owner = start.getManager();
        NDArray best = null;
        double bestLoss = Double.NaN;
        int used = 0;
        int iterations = 0;
        int restarts = 0;
        StringBuilder guard = new StringBuilder();
        StopReason reason;
        while (true) {
            tripped[0] = false;
            LbfgsOptimizer lbfgs = LbfgsOptimizer.builder().optMaxEvaluations(budget - used).optHistorySize(HISTORY)
                    // no tolerance stops, as the authors' pass 2 (tolX = tolFun = -1): the budget rules
                    .optToleranceGrad(0).optToleranceChange(0)
                    .optLineSearch(lineSearch).optLearningRate(step * Math.pow(0.5, restarts)).build();
            OptimizationResult r = lbfgs.minimize(masked, best == null ? start : best, monitor);
            used += r.evaluations();
            iterations += r.iterations();
            reason = r.reason();
            if (best == null || (Double.isFinite(r.bestLoss()) && !(r.bestLoss() >= bestLoss))) {
                if (best != null) {
                    best.close();
                }
                best = r.best();
                bestLoss = r.bestLoss();
            } else {
                r.best().close();
            }
            boolean exploded = tripped[0] || reason == StopReason.NON_FINITE_LOSS;
            boolean userStop = !tripped[0] && reason == StopReason.STOPPED;
            if (!exploded || userStop) {
                break;
            }
            guard.append(guard.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "evaluation %d: loss %.4g (first %.4g)", used, tripped[0] ? trippedAt[0] : Double.NaN, first[0]));
            if (restarts == MAX_RESTARTS || used >= budget) {
                guard.append(", pass ended with its best image");
                // not STOPPED, which means the user asked: the guard's words say what happened
                reason = used >= budget ? StopReason.MAX_EVALUATIONS
                        : tripped[0] ? StopReason.MAX_ITERATIONS : StopReason.NON_FINITE_LOSS;
                break;
            }
            restarts++;
            guard.append(String.format(Locale.ROOT, ", restarted from the best (loss %.4g), step %.3g", bestLoss,
                    step * Math.pow(0.5, restarts)));
        }
        if (best.getManager() != owner) {
            best.attach(owner);
        }
        return new Outcome(new OptimizationResult(best, bestLoss, used, iterations, reason), first[0], restarts,
                guard.length() == 0 ? null : guard.toString());
    }

    /**
     * One forward and backward pass at {@code x}: the loss and a new gradient owned by {@code owner}; the
     * parts of the loss are kept for the next evaluation's report.
     */
    private Evaluation evaluate(WeightedLoss loss, NDArray x, NDManager owner) {
        return loss.differentiate(x, ImageVariables::toNetwork, owner, (terms, variables, gradient) -> {
            lastParts = new double[] {part(terms.content()), part(terms.style()), part(terms.totalVariation())};
            return new Evaluation(terms.total().toType(DataType.FLOAT64, false).getDouble(), gradient);
        });
    }

    private static double part(NDArray term) {
        return term == null ? 0 : term.toType(DataType.FLOAT64, false).sum().getDouble();
    }
}
