package dev.atelier.train.optim;

import java.util.Arrays;

/**
 * Everything an {@link UpdateRule} needs to know for one iteration: what a schedule answers to
 * "which hyper-parameters does iteration k train with?".
 *
 * @param optimizer the optimizer of the phase this iteration belongs to
 * @param options its fixed settings (Nesterov, β2, eps, α)
 * @param lr learning rate per layer group (index 0 = the first layers)
 * @param momentum SGD/RMSProp momentum, or β1 for Adam types
 * @param weightDecay L2 penalty (coupled for SGD, Adam, RMSProp; decoupled for AdamW)
 * @param phaseIndex index of the phase in the schedule
 * @param iterationInPhase batch index within the phase, from 0
 * @param iteration batch index in the whole schedule, from 0
 */
public record HyperParameters(
        OptimizerKind optimizer,
        OptimizerOptions options,
        double[] lr,
        double momentum,
        double weightDecay,
        int phaseIndex,
        long iterationInPhase,
        long iteration) {

    public HyperParameters {
        lr = lr.clone();
    }

    /** A defensive copy of the per-group learning rates. */
    @Override
    public double[] lr() {
        return lr.clone();
    }

    /** The learning rate of layer group {@code group}. */
    public double lr(int group) {
        return lr[group];
    }

    /** Number of layer groups. */
    public int groups() {
        return lr.length;
    }

    /** β1 of Adam types; the same number as {@link #momentum()}. */
    public double beta1() {
        return momentum;
    }

    public double beta2() {
        return options.beta2();
    }

    public double eps() {
        return options.eps();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperParameters h
                && optimizer == h.optimizer
                && options.equals(h.options)
                && Arrays.equals(lr, h.lr)
                && Double.compare(momentum, h.momentum) == 0
                && Double.compare(weightDecay, h.weightDecay) == 0
                && phaseIndex == h.phaseIndex
                && iterationInPhase == h.iterationInPhase
                && iteration == h.iteration;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lr) * 31 + Long.hashCode(iteration);
    }

    @Override
    public String toString() {
        return "HyperParameters[" + optimizer.label() + ", lr=" + Arrays.toString(lr) + ", momentum=" + momentum
                + ", wd=" + weightDecay + ", phase=" + phaseIndex + ", iterationInPhase=" + iterationInPhase
                + ", iteration=" + iteration + "]";
    }
}
