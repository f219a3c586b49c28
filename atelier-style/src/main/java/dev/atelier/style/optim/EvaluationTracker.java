package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Wraps an {@link Objective} for the optimisers: works on flat vectors, counts evaluations against the
 * budget, remembers the best point, reports to the monitor, and ends the run (by throwing
 * {@link RunEnded}) on a spent budget, a non-finite loss or a stop request (asked after each evaluation, or
 * an objective's {@link StopRequested} during one).
 */
final class EvaluationTracker {
    /** A loss and its flat gradient, owned by the tracker's manager until the caller closes it. */
    record Point(double loss, NDArray gradient) {}

    private final Objective objective;
    private final Shape shape;
    private final NDManager manager;
    private final int maxEvaluations;
    private final OptimizationMonitor monitor;
    private int evaluations;
    private NDArray best;
    private double bestLoss = Double.NaN;

    EvaluationTracker(Objective objective, Shape shape, NDManager manager, int maxEvaluations,
            OptimizationMonitor monitor) {
        this.objective = objective;
        this.shape = shape;
        this.manager = manager;
        this.maxEvaluations = maxEvaluations;
        this.monitor = monitor;
    }

    /** Evaluates at the flat point {@code x} (left untouched). */
    Point evaluate(NDArray x) {
        if (evaluations >= maxEvaluations) {
            throw new RunEnded(StopReason.MAX_EVALUATIONS);
        }
        evaluations++;
        try (NDArray shaped = x.reshape(shape)) {
            Evaluation e;
            try {
                e = objective.evaluate(shaped);
            } catch (StopRequested stop) {
                // the evaluation was abandoned half-way: the run keeps the best point evaluated before it
                throw new RunEnded(StopReason.STOPPED);
            }
            // A copy, not a view: an objective's gradient may be built from Java data, whose native memory
            // DJL frees with the original array, and a reshaped view would then read freed memory.
            NDArray gradient;
            try (NDArray raw = e.gradient(); NDArray flat = raw.reshape(-1)) {
                gradient = flat.duplicate();
            }
            gradient.attach(manager);
            double loss = e.loss();
            boolean finite = Double.isFinite(loss);
            if (finite && (best == null || loss < bestLoss)) {
                if (best != null) {
                    best.close();
                }
                best = x.duplicate();
                best.attach(manager);
                bestLoss = loss;
            }
            monitor.onEvaluation(evaluations, loss, shaped);
            if (!finite) {
                gradient.close();
                throw new RunEnded(StopReason.NON_FINITE_LOSS);
            }
            if (monitor.stopRequested()) {
                gradient.close();
                throw new RunEnded(StopReason.STOPPED);
            }
            return new Point(loss, gradient);
        }
    }

    /** Evaluates at {@code x + t * d}. */
    Point evaluateAlong(NDArray x, double t, NDArray d) {
        try (NDArray trial = VectorOps.plusScaled(x, t, d)) {
            return evaluate(trial);
        }
    }

    int evaluations() {
        return evaluations;
    }

    int remaining() {
        return maxEvaluations - evaluations;
    }

    /**
     * The result: the best point, reshaped and moved to {@code target} (or a copy of {@code start} with
     * a NaN loss if not even the first evaluation was finite).
     */
    OptimizationResult result(NDArray start, NDManager target, int iterations, StopReason reason) {
        NDArray point;
        double loss;
        if (best == null) {
            point = start.duplicate();
            loss = Double.NaN;
        } else {
            point = best.reshape(shape);
            loss = bestLoss;
        }
        point.attach(target);
        return new OptimizationResult(point, loss, evaluations, iterations, reason);
    }
}
