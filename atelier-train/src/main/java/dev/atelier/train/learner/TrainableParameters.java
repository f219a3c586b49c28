package dev.atelier.train.learner;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.train.model.LayerGroups;
import dev.atelier.train.optim.ParameterState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a learner trains, in model order, each with its layer group and its optimizer state:
 * what {@link BatchStep} updates, an optimizer switch converts ({@link TrainingLoop}) and a checkpoint
 * saves and puts back ({@link LearnerCheckpoints}). The state's buffers live in sub-managers of the
 * learner's manager; {@link #close()} frees them.
 */
final class TrainableParameters implements AutoCloseable {
    private final LayerGroups groups;
    private final List<Pair<String, Parameter>> named;
    private final NDManager manager;
    private final Map<String, ParameterState> optimizerState = new LinkedHashMap<>();

    private TrainableParameters(LayerGroups groups, List<Pair<String, Parameter>> named, NDManager manager) {
        this.groups = groups;
        this.named = Collections.unmodifiableList(named);
        this.manager = manager;
    }

    /**
     * The parameters of {@code block} that require a gradient, made to record one. Every parameter must
     * belong to a group of {@code groups}, trained or not, so that a mismatch fails here and not mid-fit.
     */
    static TrainableParameters of(Block block, LayerGroups groups, NDManager manager) {
        List<Pair<String, Parameter>> named = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            groups.groupOf(p.getKey());
            if (p.getValue().requiresGradient()) {
                named.add(p);
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return new TrainableParameters(groups, named, manager);
    }

    /** The trainable parameters by name, in model order. */
    List<Pair<String, Parameter>> named() {
        return named;
    }

    /** The layer group of the parameter called {@code name}. */
    int groupOf(String name) {
        return groups.groupOf(name);
    }

    /** The optimizer state of the parameter called {@code name} (created empty if new). */
    ParameterState optimizerState(String name) {
        return optimizerState.computeIfAbsent(name, n -> new ParameterState(manager));
    }

    /** Every optimizer state created so far, by parameter name. */
    Map<String, ParameterState> optimizerStates() {
        return Collections.unmodifiableMap(optimizerState);
    }

    /** Frees and forgets every optimizer state (a restore puts others in its place). */
    void clearOptimizerStates() {
        optimizerState.values().forEach(ParameterState::close);
        optimizerState.clear();
    }

    @Override
    public void close() {
        clearOptimizerStates();
    }
}
