package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS over one NDArray, following PyTorch's {@code torch.optim.LBFGS} step by step
 * (the optimiser of the lesson), but run as one continuous minimisation with a budget of objective
 * evaluations instead of repeated {@code step()} calls.
 *
 * <p>Each iteration builds a search direction from the last {@code historySize} (step, gradient
 * change) pairs by the two-loop recursion, then moves along it by a fixed step ({@link LineSearch#NONE})
 * or a strong-Wolfe line search ({@link LineSearch#STRONG_WOLFE}, the default). The first step is
 * scaled by {@code min(1, 1/|g|₁)} as in PyTorch, so a huge initial gradient cannot throw the point
 * far away.
 */
public final class LbfgsOptimizer implements GradientMinimizer {
    private final int historySize;
    private final int maxEvaluations;
    private final int maxIterations;
    private final double learningRate;
    private final double toleranceGrad;
    private final double toleranceChange;
    private final LineSearch lineSearch;
    private final double firstStepChange;

    private LbfgsOptimizer(Builder b) {
        this.historySize = b.historySize;
        this.maxEvaluations = b.maxEvaluations;
        this.maxIterations = b.maxIterations;
        this.learningRate = b.learningRate;
        this.firstStepChange = b.firstStepChange;
        this.toleranceGrad = b.toleranceGrad;
        this.toleranceChange = b.toleranceChange;
        this.lineSearch = b.lineSearch;
    }

    /** A builder with PyTorch's defaults: history 100, lr 1, tolerances 1e-7 / 1e-9, strong Wolfe. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int maxEvaluations() {
        return maxEvaluations;
    }

    public LineSearch lineSearch() {
        return lineSearch;
    }

    public int historySize() {
        return historySize;
    }

    @Override
    public OptimizationResult minimize(Objective objective, NDArray start, OptimizationMonitor monitor) {
        try (NDManager work = start.getManager().newSubManager()) {
            EvaluationTracker f = new EvaluationTracker(objective, start.getShape(), work, maxEvaluations, monitor);
            Deque<NDArray> stepHistory = new ArrayDeque<>();
            Deque<NDArray> gradHistory = new ArrayDeque<>();
            Deque<Double> rhoHistory = new ArrayDeque<>();
            int iterations = 0;
            StopReason reason;
            NDArray x;
            try (NDArray flat = start.reshape(-1)) {
                x = flat.duplicate();
            }
            x.attach(work);
            try {
                EvaluationTracker.Point first = f.evaluate(x);
                double loss = first.loss();
                NDArray g = first.gradient();
                NDArray prevG = null;
                NDArray d = null;
                double t = 0;
                double hDiag = 1;
                if (VectorOps.absMax(g) <= toleranceGrad) {
                    return f.result(start, start.getManager(), 0, StopReason.GRADIENT_TOLERANCE);
                }
                while (true) {
                    iterations++;
                    if (iterations == 1) {
                        d = g.neg();
                    } else {
                        NDArray y = g.sub(prevG);
                        NDArray s = d.mul(t);
                        double ys = VectorOps.dot(y, s);
                        // Skip pairs that would break positive definiteness (non-convex regions).
                        if (ys > 1e-10) {
                            if (stepHistory.size() == historySize) {
                                stepHistory.removeFirst().close();
                                gradHistory.removeFirst().close();
                                rhoHistory.removeFirst();
                            }
                            stepHistory.addLast(s);
                            gradHistory.addLast(y);
                            rhoHistory.addLast(1.0 / ys);
                            hDiag = ys / VectorOps.dot(y, y);
                        } else {
                            y.close();
                            s.close();
                        }
                        d.close();
                        d = twoLoopDirection(g, hDiag, stepHistory, gradHistory, rhoHistory);
                    }
                    if (prevG != null) {
                        prevG.close();
                    }
                    prevG = g;
                    double prevLoss = loss;
                    t = iterations > 1 ? learningRate
                            : firstStepChange > 0 ? firstStepChange / VectorOps.absMax(g)
                            : Math.min(1.0, 1.0 / VectorOps.absSum(g)) * learningRate;
                    double gtd = VectorOps.dot(g, d);
                    if (gtd > -toleranceChange) {
                        reason = StopReason.CHANGE_TOLERANCE;
                        break;
                    }
                    if (lineSearch == LineSearch.STRONG_WOLFE) {
                        StrongWolfeLineSearch.Step step = new StrongWolfeLineSearch(1e-4, 0.9, toleranceChange, 25)
                                .search(f, x, t, d, loss, g, gtd);
                        t = step.t();
                        loss = step.loss();
                        g = step.gradient();
                        VectorOps.axpy(x, t, d);
                    } else {
                        VectorOps.axpy(x, t, d);
                        EvaluationTracker.Point p = f.evaluate(x);
                        loss = p.loss();
                        g = p.gradient();
                    }
                    if (VectorOps.absMax(g) <= toleranceGrad) {
                        reason = StopReason.GRADIENT_TOLERANCE;
                        break;
                    }
                    if (VectorOps.absMax(d) * Math.abs(t) <= toleranceChange
                            || Math.abs(loss - prevLoss) < toleranceChange) {
                        reason = StopReason.CHANGE_TOLERANCE;
                        break;
                    }
                    if (iterations >= maxIterations) {
                        reason = StopReason.MAX_ITERATIONS;
                        break;
                    }
                }
            } catch (RunEnded ended) {
                reason = ended.reason;
            }
            return f.result(start, start.getManager(), iterations, reason);
        }
    }

    /** The two-loop recursion: {@code -H·g} for the inverse-Hessian estimate H the history defines. */
    private static NDArray twoLoopDirection(NDArray g, double hDiag, Deque<NDArray> steps, Deque<NDArray> grads,
            Deque<Double> rhos) {
        int k = steps.size();
        NDArray[] s = steps.toArray(new NDArray[0]);
        NDArray[] y = grads.toArray(new NDArray[0]);
        double[] rho = new double[k];
        Iterator<Double> it = rhos.iterator();
        for (int i = 0; i < k; i++) {
            rho[i] = it.next();
        }
        double[] alpha = new double[k];
        NDArray q = g.neg();
        for (int i = k - 1; i >= 0; i--) {
            alpha[i] = VectorOps.dot(s[i], q) * rho[i];
            VectorOps.axpy(q, -alpha[i], y[i]);
        }
        q.muli(hDiag);
        for (int i = 0; i < k; i++) {
            double beta = VectorOps.dot(y[i], q) * rho[i];
            VectorOps.axpy(q, alpha[i] - beta, s[i]);
        }
        return q;
    }

    /** Builds an {@link LbfgsOptimizer}; every setting has a default. */
    public static final class Builder {
        private int historySize = 100;
        private int maxEvaluations = 1000;
        private int maxIterations = Integer.MAX_VALUE;
        private double learningRate = 1;
        private double firstStepChange;
        private double toleranceGrad = 1e-7;
        private double toleranceChange = 1e-9;
        private LineSearch lineSearch = LineSearch.STRONG_WOLFE;

        private Builder() {}

        /** How many (step, gradient change) pairs approximate the curvature; memory grows with it. */
        public Builder optHistorySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        /** The evaluation budget, counted like the lesson's {@code n_iter}. */
        public Builder optMaxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            return this;
        }

        /** A cap on iterations (search directions); unlimited by default, the evaluation budget rules. */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** The step length tried first along each direction (the whole step with {@link LineSearch#NONE}). */
        /**
         * Sizes the first step so that no coordinate moves by more than {@code change} (0, the default, keeps
         * PyTorch's rule {@code lr·min(1, 1/|g|₁)}). PyTorch's rule makes the first step of a problem with
         * millions of coordinates and large gradients vanishingly small, and the line search then spends many
         * evaluations growing it; a step sized in the variables' own units starts where the problem lives.
         */
        public Builder optFirstStepChange(double change) {
            this.firstStepChange = change;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Stop when no gradient component exceeds this in absolute value. */
        public Builder optToleranceGrad(double toleranceGrad) {
            this.toleranceGrad = toleranceGrad;
            return this;
        }

        /** Stop when the loss, or the largest component of a step, changes by less than this. */
        public Builder optToleranceChange(double toleranceChange) {
            this.toleranceChange = toleranceChange;
            return this;
        }

        public Builder optLineSearch(LineSearch lineSearch) {
            this.lineSearch = lineSearch;
            return this;
        }

        public LbfgsOptimizer build() {
            if (historySize < 1) {
                throw new IllegalArgumentException("history size must be at least 1, got " + historySize);
            }
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("max evaluations must be at least 1, got " + maxEvaluations);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
            }
            if (!(firstStepChange >= 0) || !Double.isFinite(firstStepChange)) {
                throw new IllegalArgumentException("first step change must be zero or positive, got " + firstStepChange);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            }
            if (!(toleranceGrad >= 0) || !(toleranceChange >= 0)) {
                throw new IllegalArgumentException("tolerances must be non-negative");
            }
            if (lineSearch == null) {
                throw new IllegalArgumentException("line search must not be null");
            }
            return new LbfgsOptimizer(this);
        }
    }
}
