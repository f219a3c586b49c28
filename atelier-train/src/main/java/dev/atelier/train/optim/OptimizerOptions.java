package dev.atelier.train.optim;

import dev.atelier.core.InvalidInputException;

/**
 * The optimizer settings that stay fixed within a phase (the scheduled ones, learning rate,
 * momentum and weight decay, live in {@link HyperParameters}). Each field only matters to some
 * optimizers; the defaults are PyTorch's.
 *
 * @param nesterov SGD only: Nesterov momentum
 * @param beta2 Adam and AdamW: decay of the squared-gradient average (default 0.999)
 * @param eps Adam, AdamW, RMSProp: added to the denominator (default 1e-8)
 * @param alpha RMSProp: decay of the squared-gradient average (default 0.99)
 */
public record OptimizerOptions(boolean nesterov, double beta2, double eps, double alpha) {
    /** PyTorch's defaults: no Nesterov, β2 = 0.999, eps = 1e-8, α = 0.99. */
    public static final OptimizerOptions DEFAULTS = new OptimizerOptions(false, 0.999, 1e-8, 0.99);

    public OptimizerOptions {
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new InvalidInputException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new InvalidInputException("eps must be positive, got " + eps);
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new InvalidInputException("alpha must be in [0, 1), got " + alpha);
        }
    }

    public OptimizerOptions withNesterov(boolean value) {
        return new OptimizerOptions(value, beta2, eps, alpha);
    }

    public OptimizerOptions withBeta2(double value) {
        return new OptimizerOptions(nesterov, value, eps, alpha);
    }

    public OptimizerOptions withEps(double value) {
        return new OptimizerOptions(nesterov, beta2, value, alpha);
    }

    public OptimizerOptions withAlpha(double value) {
        return new OptimizerOptions(nesterov, beta2, eps, value);
    }
}
