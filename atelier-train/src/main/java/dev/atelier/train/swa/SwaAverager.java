package dev.atelier.train.swa;

import dev.atelier.train.learner.ParameterCopy;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.StateDict;
import dev.atelier.core.weights.TensorData;
import dev.atelier.core.weights.TensorDType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running equal-weight average of a model's learned parameters, for stochastic weight averaging.
 *
 * <p>After {@code n} models have been averaged, adding model {@code w} sets
 * {@code avg <- avg + (w - avg) / (n + 1)}, so {@code avg} is always the plain mean of every snapshot
 * added so far, without storing them. Batch-norm running statistics are not averaged (they are not
 * learned, and the mean of several models' statistics is not the statistics of the mean model):
 * recompute them with {@link BatchNormRecalibration} after {@link #copyInto}.
 */
public final class SwaAverager implements AutoCloseable {
    /** Key of the model counter in {@link #toStateDict()}. */
    public static final String COUNT_KEY = "n_models";

    private final NDManager manager;
    private final Map<String, NDArray> average = new LinkedHashMap<>();
    private long modelsAveraged;

    private SwaAverager(NDManager manager) {
        this.manager = manager;
    }

    /** An empty average whose arrays live in a sub-manager of {@code parent}, closed by {@link #close}. */
    public static SwaAverager create(NDManager parent) {
        return new SwaAverager(parent.newSubManager());
    }

    /** Whether a parameter takes part in the average: everything learned, not batch-norm statistics. */
    static boolean isAveraged(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /** How many snapshots the average holds. */
    public long modelsAveraged() {
        return modelsAveraged;
    }

    /** Adds the current parameters of {@code model} to the average. */
    public void update(Block model) {
        long n = modelsAveraged;
        for (Pair<String, Parameter> entry : model.getParameters()) {
            Parameter p = entry.getValue();
            if (!isAveraged(p)) {
                continue;
            }
            NDArray w = p.getArray();
            NDArray avg = average.get(entry.getKey());
            if (n == 0 || avg == null) {
                if (n > 0) {
                    throw new IllegalStateException("parameter " + entry.getKey() + " appeared after averaging began");
                }
                requireFloat32(entry.getKey(), w);
                NDArray copy = w.duplicate();
                copy.attach(manager);
                average.put(entry.getKey(), copy);
                continue;
            }
            try (NDArray delta = w.sub(avg)) {
                avg.addi(delta.divi(n + 1));
            }
        }
        modelsAveraged = n + 1;
    }

    private static void requireFloat32(String name, NDArray w) {
        if (w.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("SWA averages float32 parameters; " + name + " is " + w.getDataType());
        }
    }

    /** Overwrites the learned parameters of {@code model} with the average (batch-norm statistics untouched). */
    public void copyInto(Block model) {
        if (modelsAveraged == 0) {
            throw new IllegalStateException("no model has been averaged yet");
        }
        for (Pair<String, Parameter> entry : model.getParameters()) {
            Parameter p = entry.getValue();
            if (!isAveraged(p)) {
                continue;
            }
            NDArray avg = average.get(entry.getKey());
            if (avg == null) {
                throw new IllegalStateException("the average has no parameter " + entry.getKey());
            }
            ParameterCopy.into(p.getArray(), avg);
        }
    }

    /** The averaged value of one parameter (for inspection and tests), by its name in the model. */
    public NDArray averageOf(String parameterName) {
        NDArray a = average.get(parameterName);
        if (a == null) {
            throw new IllegalArgumentException("no averaged parameter " + parameterName);
        }
        return a;
    }

    /**
     * The accumulator as tensors, for checkpoints: every averaged parameter under its model name
     * plus {@value #COUNT_KEY} (an int64 scalar).
     */
    public StateDict toStateDict() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : average.entrySet()) {
            out.put(e.getKey(), TensorData.ofFloats(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, modelsAveraged);
        out.put(COUNT_KEY, new TensorData(TensorDType.INT64, new long[0], count));
        return new StateDict(out);
    }

    /** Restores an accumulator written by {@link #toStateDict()}. */
    public static SwaAverager fromStateDict(StateDict state, NDManager parent) {
        TensorData count = state.find(COUNT_KEY)
                .orElseThrow(() -> new InvalidInputException("SWA state has no " + COUNT_KEY + " entry"));
        SwaAverager swa = create(parent);
        swa.modelsAveraged = count.toLongArray()[0];
        for (Map.Entry<String, TensorData> e : state.asMap().entrySet()) {
            if (!e.getKey().equals(COUNT_KEY)) {
                swa.average.put(e.getKey(), e.getValue().toFloatNDArray(swa.manager));
            }
        }
        return swa;
    }

    @Override
    public void close() {
        manager.close();
    }
}
