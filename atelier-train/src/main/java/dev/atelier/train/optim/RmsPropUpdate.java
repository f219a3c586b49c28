package dev.atelier.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Set;

/**
 * PyTorch's uncentred {@code RMSprop}: {@code g = grad + wd·w}; {@code v = α·v + (1-α)·g²};
 * with momentum {@code buf = μ·buf + g/(√v + eps)}, {@code w -= lr·buf}; without,
 * {@code w -= lr·g/(√v + eps)}. No bias correction, as in PyTorch.
 */
public final class RmsPropUpdate implements UpdateRule {
    static final RmsPropUpdate INSTANCE = new RmsPropUpdate();

    private RmsPropUpdate() {}

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.RMSPROP;
    }

    @Override
    public Set<String> stateNames() {
        return Set.of(ParameterState.SECOND_MOMENT, ParameterState.RMS_MOMENTUM);
    }

    @Override
    public void update(NDArray weight, NDArray grad, ParameterState state, HyperParameters hp, int group) {
        double alpha = hp.options().alpha();
        double mu = hp.momentum();
        double wd = hp.weightDecay();
        NDArray v = state.buffer(ParameterState.SECOND_MOMENT, weight);
        state.advance(ParameterState.SECOND_MOMENT);
        NDArray buf = mu > 0 ? state.buffer(ParameterState.RMS_MOMENTUM, weight) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = wd != 0 ? grad.add(weight.mul(wd)) : grad;
            v.muli(alpha).addi(g.square().muli(1 - alpha));
            NDArray normalised = g.div(v.sqrt().addi(hp.eps()));
            if (buf != null) {
                buf.muli(mu).addi(normalised);
                state.advance(ParameterState.RMS_MOMENTUM);
                weight.subi(buf.mul(hp.lr(group)));
            } else {
                weight.subi(normalised.muli(hp.lr(group)));
            }
        }
        state.countStep();
    }
}
