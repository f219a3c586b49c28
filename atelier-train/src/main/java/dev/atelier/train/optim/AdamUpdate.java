package dev.atelier.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Set;

/**
 * PyTorch's {@code Adam} (coupled L2: {@code g = grad + wd·w}) and {@code AdamW} (decoupled:
 * {@code w *= 1 - lr·wd} first, no L2 in the gradient). Then
 * {@code m = β1·m + (1-β1)·g}, {@code v = β2·v + (1-β2)·g²},
 * {@code w -= lr/(1-β1^t_m) · m / (√v/√(1-β2^t_v) + eps)}, with {@code β1} the scheduled momentum
 * and {@code t_m}, {@code t_v} the ages of the two buffers (equal to PyTorch's step unless a switch
 * policy carried one moment over from another optimizer).
 */
public final class AdamUpdate implements UpdateRule {
    static final AdamUpdate ADAM = new AdamUpdate(false);
    static final AdamUpdate ADAMW = new AdamUpdate(true);

    private final boolean decoupled;

    private AdamUpdate(boolean decoupled) {
        this.decoupled = decoupled;
    }

    @Override
    public OptimizerKind kind() {
        return decoupled ? OptimizerKind.ADAMW : OptimizerKind.ADAM;
    }

    @Override
    public Set<String> stateNames() {
        return Set.of(ParameterState.FIRST_MOMENT, ParameterState.SECOND_MOMENT);
    }

    @Override
    public void update(NDArray weight, NDArray grad, ParameterState state, HyperParameters hp, int group) {
        double lr = hp.lr(group);
        double b1 = hp.beta1();
        double b2 = hp.beta2();
        double wd = hp.weightDecay();
        NDArray m = state.buffer(ParameterState.FIRST_MOMENT, weight);
        NDArray v = state.buffer(ParameterState.SECOND_MOMENT, weight);
        long tm = state.advance(ParameterState.FIRST_MOMENT);
        long tv = state.advance(ParameterState.SECOND_MOMENT);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = grad;
            if (wd != 0) {
                if (decoupled) {
                    weight.muli(1 - lr * wd);
                } else {
                    g = grad.add(weight.mul(wd));
                }
            }
            m.muli(b1).addi(g.mul(1 - b1));
            v.muli(b2).addi(g.square().muli(1 - b2));
            double bc1 = 1 - Math.pow(b1, tm);
            double bc2 = 1 - Math.pow(b2, tv);
            NDArray denom = v.sqrt().divi(Math.sqrt(bc2)).addi(hp.eps());
            weight.subi(m.div(denom).muli(lr / bc1));
        }
        state.countStep();
    }
}
