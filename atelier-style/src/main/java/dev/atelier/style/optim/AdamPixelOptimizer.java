package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma &amp; Ba, 2015) as a stand-alone minimiser over one NDArray, one evaluation per step.
 *
 * <p>The alternative to {@link LbfgsOptimizer} for style transfer: every step costs exactly one
 * evaluation and no history, so it is predictable and light on memory, but it usually needs several
 * times more evaluations for the same loss. DJL's own Adam updates model parameters inside a Trainer;
 * here the free variables are the pixels, so the update is written out.
 */
public final class AdamPixelOptimizer implements GradientMinimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final int maxEvaluations;

    private AdamPixelOptimizer(Builder b) {
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.maxEvaluations = b.maxEvaluations;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int maxEvaluations() {
        return maxEvaluations;
    }

    @Override
    public OptimizationResult minimize(Objective objective, NDArray start, OptimizationMonitor monitor) {
        try (NDManager work = start.getManager().newSubManager()) {
            EvaluationTracker f = new EvaluationTracker(objective, start.getShape(), work, maxEvaluations, monitor);
            NDArray x;
            try (NDArray flat = start.reshape(-1)) {
                x = flat.duplicate();
            }
            x.attach(work);
            NDArray m = x.zerosLike();
            NDArray v = x.zerosLike();
            int step = 0;
            StopReason reason = StopReason.MAX_EVALUATIONS;
            try {
                while (true) {
                    EvaluationTracker.Point p = f.evaluate(x);
                    step++;
                    try (NDArray g = p.gradient()) {
                        m.muli(beta1);
                        VectorOps.axpy(m, 1 - beta1, g);
                        v.muli(beta2);
                        try (NDArray g2 = g.square()) {
                            VectorOps.axpy(v, 1 - beta2, g2);
                        }
                    }
                    double mCorrection = 1 - Math.pow(beta1, step);
                    double vCorrection = 1 - Math.pow(beta2, step);
                    // x -= lr * m̂ / (sqrt(v̂) + eps), with the bias corrections folded into scalars.
                    try (NDArray vHat = v.div(vCorrection);
                            NDArray root = vHat.sqrt();
                            NDArray denominator = root.add(epsilon);
                            NDArray update = m.div(denominator)) {
                        VectorOps.axpy(x, -learningRate / mCorrection, update);
                    }
                }
            } catch (RunEnded ended) {
                reason = ended.reason;
            }
            return f.result(start, start.getManager(), step, reason);
        }
    }

    /** Builds an {@link AdamPixelOptimizer}. */
    public static final class Builder {
        private double learningRate = 0.05;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private int maxEvaluations = 1000;

        private Builder() {}

        /** Step size in the units of the variables (default 0.05, suited to normalised pixels). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** The evaluation budget; Adam takes one step per evaluation. */
        public Builder optMaxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            return this;
        }

        public AdamPixelOptimizer build() {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
            }
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("max evaluations must be at least 1, got " + maxEvaluations);
            }
            return new AdamPixelOptimizer(this);
        }
    }
}
