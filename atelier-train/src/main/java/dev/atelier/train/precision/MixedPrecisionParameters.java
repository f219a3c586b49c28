package dev.atelier.train.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The low-precision working copies of a model's weights, served to the model's forward pass in place
 * of the fp32 masters (a {@link ParameterStore}). Batch-norm parameters and running statistics are not
 * copied: they stay fp32 masters, and the engine's batch norm takes a low-precision input with fp32
 * statistics. Every other parameter gets a copy that is itself a leaf of the autograd graph, because
 * DJL's {@code toType} cuts the graph: the gradient lands on the copy, in low precision, and the
 * learner turns it into an fp32 update of the master, then {@link #refresh refreshes} the copy.
 */
public final class MixedPrecisionParameters extends ParameterStore {
    private static final Set<Parameter.Type> KEPT_IN_FP32 = Set.of(Parameter.Type.GAMMA, Parameter.Type.BETA,
            Parameter.Type.RUNNING_MEAN, Parameter.Type.RUNNING_VAR);

    private final Precision precision;
    private final Map<String, NDArray> copies = new LinkedHashMap<>();

    /**
     * Low-precision copies of {@code parameters} (all but batch norm's), in {@code manager}.
     *
     * @param trainable names of the parameters that train (their copies take gradients)
     */
    public MixedPrecisionParameters(NDManager manager, Precision precision, Iterable<Pair<String, Parameter>> parameters,
            Set<String> trainable) {
        super(manager, false);
        this.precision = precision;
        for (Pair<String, Parameter> p : parameters) {
            if (KEPT_IN_FP32.contains(p.getValue().getType())) {
                continue;
            }
            NDArray copy = p.getValue().getArray().toType(precision.dataType(), true);
            copy.attach(manager);
            if (trainable.contains(p.getKey())) {
                copy.setRequiresGradient(true);
            }
            copies.put(p.getValue().getId(), copy);
        }
    }

    /** The compute precision. */
    public Precision precision() {
        return precision;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null; // a layer without bias asks for its absent bias
        }
        NDArray copy = copies.get(parameter.getId());
        return copy != null ? copy : super.getValue(parameter, device, training);
    }

    /**
     * The array whose gradient the backward pass fills for {@code parameter}: its low-precision copy, or
     * the fp32 master for batch norm's parameters.
     */
    public NDArray gradientHolder(Parameter parameter) {
        NDArray copy = copies.get(parameter.getId());
        return copy != null ? copy : parameter.getArray();
    }

    /** Copies every master into its low-precision copy (after an update, a restore or a resume). */
    public void refresh(Iterable<Pair<String, Parameter>> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            refresh(p.getValue());
        }
    }

    /** Copies {@code parameter}'s master into its low-precision copy, if it has one. */
    public void refresh(Parameter parameter) {
        NDArray copy = copies.get(parameter.getId());
        if (copy != null) {
            try (NDArray low = parameter.getArray().toType(precision.dataType(), true)) {
                copy.set(new ai.djl.ndarray.index.NDIndex("..."), low);
            }
        }
    }

    /** How many parameters compute in low precision. */
    public int lowPrecisionCount() {
        return copies.size();
    }

    /** Ids of the parameters that have a low-precision copy. */
    public List<String> lowPrecisionIds() {
        return Collections.unmodifiableList(new ArrayList<>(copies.keySet()));
    }
}
