package dev.atelier.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Set;

/**
 * PyTorch's {@code SGD} with dampening 0: {@code g = grad + wd·w}; {@code buf = μ·buf + g};
 * {@code w -= lr·(g + μ·buf)} with Nesterov, else {@code w -= lr·buf}. Without momentum
 * ({@code μ = 0}) it is plain {@code w -= lr·g} and the buffer is left alone.
 */
public final class SgdUpdate implements UpdateRule {
    static final SgdUpdate INSTANCE = new SgdUpdate();

    private SgdUpdate() {}

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.SGD;
    }

    @Override
    public Set<String> stateNames() {
        return Set.of(ParameterState.MOMENTUM);
    }

    @Override
    public void update(NDArray weight, NDArray grad, ParameterState state, HyperParameters hp, int group) {
        double mu = hp.momentum();
        double wd = hp.weightDecay();
        NDArray buf = mu != 0 ? state.buffer(ParameterState.MOMENTUM, weight) : null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = wd != 0 ? grad.add(weight.mul(wd)) : grad;
            NDArray step = g;
            if (buf != null) {
                buf.muli(mu).addi(g);
                state.advance(ParameterState.MOMENTUM);
                step = hp.options().nesterov() ? g.add(buf.mul(mu)) : buf;
            }
            weight.subi(step.mul(hp.lr(group)));
        }
        state.countStep();
    }
}
