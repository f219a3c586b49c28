package dev.atelier.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * One optimizer step for one parameter, a pure function of (weight, gradient, state,
 * hyper-parameters): no hyper-parameter is fixed at construction, so a schedule can move all of them
 * every iteration. Implementations follow PyTorch's formulas and update {@code weight} and the state's
 * buffers in place; call them outside any {@code GradientCollector} so no graph is recorded.
 */
public interface UpdateRule {
    /** Which optimizer this is. */
    OptimizerKind kind();

    /** The {@link ParameterState} buffers this rule reads and writes. */
    Set<String> stateNames();

    /**
     * Applies one step to {@code weight}.
     *
     * @param weight the parameter, updated in place
     * @param grad its gradient (not modified)
     * @param state the parameter's buffers, updated in place
     * @param hp this iteration's hyper-parameters
     * @param group the parameter's layer group, selecting {@code hp.lr(group)}
     */
    void update(NDArray weight, NDArray grad, ParameterState state, HyperParameters hp, int group);

    /** The rule for {@code kind}. */
    static UpdateRule of(OptimizerKind kind) {
        return switch (kind) {
            case SGD -> SgdUpdate.INSTANCE;
            case ADAM -> AdamUpdate.ADAM;
            case ADAMW -> AdamUpdate.ADAMW;
            case RMSPROP -> RmsPropUpdate.INSTANCE;
        };
    }
}
