package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.train.precision.LossScaler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deep copy of everything that decides how a {@link Learner} trains from here: every model parameter
 * (batch-norm running statistics included), every optimizer buffer with its age and step count, the
 * schedule and data position, the data seeds, the recorder and, in fp16, the loss scaler's state. {@link Learner#snapshot()} takes one,
 * {@link Learner#restore} puts it back, {@link Checkpoint} stores it in a file. Owns its arrays: close it.
 */
public final class LearnerState implements AutoCloseable {
    /** One parameter's optimizer state: buffers, their ages, and the update count. */
    public record OptimizerSlot(long steps, Map<String, NDArray> buffers, Map<String, Long> ages) {
        public OptimizerSlot {
            buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
            ages = Collections.unmodifiableMap(new LinkedHashMap<>(ages));
        }
    }

    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Map<String, OptimizerSlot> optimizer;
    private final TrainingPosition position;
    private final Recorder recorder;
    private final Map<String, Long> dataSeeds;
    private final LossScaler.State lossScale;

    LearnerState(NDManager manager, Map<String, NDArray> parameters, Map<String, OptimizerSlot> optimizer,
            TrainingPosition position, Recorder recorder, Map<String, Long> dataSeeds, LossScaler.State lossScale) {
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        this.position = position;
        this.recorder = recorder;
        this.dataSeeds = Map.copyOf(dataSeeds);
        this.lossScale = lossScale;
    }

    /** Parameter values by name (as in {@code block.getParameters()}). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Optimizer state by parameter name (trainable parameters that have been updated). */
    public Map<String, OptimizerSlot> optimizer() {
        return optimizer;
    }

    public TrainingPosition position() {
        return position;
    }

    /** A copy of the recorder at the time of the snapshot. */
    public Recorder recorder() {
        return recorder.copy();
    }

    /** The shuffling/augmentation seed of each dataset trained on, by key. */
    public Map<String, Long> dataSeeds() {
        return dataSeeds;
    }

    /** The fp16 loss scaler's scale and counters; empty for a learner that does not scale its loss. */
    public Optional<LossScaler.State> lossScale() {
        return Optional.ofNullable(lossScale);
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
