package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.optim.ParameterState;
import dev.atelier.train.precision.LossScaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a learner's state is copied, checkpointed and put back: {@link Learner#snapshot()},
 * {@link Learner#restore}, {@link Learner#saveCheckpoint} and {@link Learner#resume} all land here.
 * A checkpoint file is written by {@link Checkpoint} (atomically); this class decides what goes in it
 * and checks that what comes back fits the model and the data.
 */
final class LearnerCheckpoints {
    private final Learner learner;

    LearnerCheckpoints(Learner learner) {
        this.learner = learner;
    }

    /** {@code epoch-NNN.ckpt} and {@code last.ckpt} in {@code dir}, after epoch {@code epochNumber}. */
    void writeEpoch(Path dir, int epochNumber) {
        save(dir.resolve(String.format(java.util.Locale.ROOT, "epoch-%03d.ckpt", epochNumber)));
        save(dir.resolve("last.ckpt"));
    }

    void save(Path file) {
        try (LearnerState state = snapshot()) {
            Checkpoint.write(file, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    void resume(Path checkpoint) throws IOException {
        try (LearnerState state = Checkpoint.read(checkpoint, learner.manager())) {
            restore(state);
        }
    }

    LearnerState snapshot() {
        NDManager m = learner.manager().newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : learner.block().getParameters()) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(m);
            params.put(p.getKey(), copy);
        }
        Map<String, LearnerState.OptimizerSlot> slots = new LinkedHashMap<>();
        learner.trainable().optimizerStates().forEach((name, state) -> {
            Map<String, NDArray> buffers = new LinkedHashMap<>();
            Map<String, Long> ages = new LinkedHashMap<>();
            for (String buffer : state.names()) {
                NDArray copy = state.get(buffer).duplicate();
                copy.attach(m);
                buffers.put(buffer, copy);
                ages.put(buffer, state.age(buffer));
            }
            slots.put(name, new LearnerState.OptimizerSlot(state.steps(), buffers, ages));
        });
        return new LearnerState(m, params, slots, learner.position(), learner.recorder().copy(), learner.dataSeeds(),
                learner.lossScaler().map(LossScaler::state).orElse(null));
    }

    void restore(LearnerState state) {
        Map<String, NDArray> params = state.parameters();
        var parameters = learner.block().getParameters();
        for (Pair<String, Parameter> p : parameters) {
            NDArray saved = params.get(p.getKey());
            NDArray current = p.getValue().getArray();
            if (saved == null || !saved.getShape().equals(current.getShape())) {
                throw new InvalidInputException("checkpoint does not match the model: parameter " + p.getKey()
                        + (saved == null ? " is missing" : " has shape " + saved.getShape() + ", model has "
                                + current.getShape()));
            }
        }
        if (params.size() != parameters.size()) {
            throw new InvalidInputException("checkpoint has " + params.size() + " parameters, the model has "
                    + parameters.size());
        }
        state.dataSeeds().forEach((key, seed) -> {
            BatchLoader loader;
            try {
                loader = learner.data().train(key);
            } catch (InvalidInputException e) {
                return;
            }
            if (loader.seed() != seed) {
                throw new InvalidInputException("checkpoint was trained on dataset '" + key + "' with seed " + seed
                        + " but this run uses seed " + loader.seed() + "; resume with the same seed");
            }
        });
        for (Pair<String, Parameter> p : parameters) {
            ParameterCopy.into(p.getValue().getArray(), params.get(p.getKey()));
        }
        learner.trainable().clearOptimizerStates();
        state.optimizer().forEach((name, slot) -> {
            ParameterState ps = learner.trainable().optimizerState(name);
            slot.buffers().forEach((buffer, value) -> ps.put(buffer, value.duplicate(), slot.ages().getOrDefault(buffer, 0L)));
            ps.setSteps(slot.steps());
        });
        // an fp32 checkpoint resumed in fp16 keeps the fresh scaler; an fp16 one resumed in fp32 has no use for its scale
        learner.lossScaler().ifPresent(scaler -> state.lossScale().ifPresent(scaler::restore));
        learner.restored(state.position(), state.dataSeeds(), state.recorder());
    }
}
