package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.checkpoint.CheckpointArchive;
import dev.atelier.train.checkpoint.TensorTable;
import dev.atelier.train.precision.LossScaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LearnerState} in a file: a {@link CheckpointArchive} with {@code state.json} (position, seeds,
 * recorder, optimizer ages and step counts, the fp16 loss scaler's state) and {@code tensors.bin}
 * (every parameter and optimizer buffer, DJL-encoded). Written atomically, so a crash mid-write leaves
 * the previous checkpoint intact.
 */
public final class Checkpoint {
    static final int FORMAT = 1;
    private static final String STATE = "state.json";
    private static final CheckpointArchive ARCHIVE = new CheckpointArchive("Atelier checkpoint", "checkpoint", STATE);
    /** Smallest entry of the tensor table: an empty name (2 bytes) and a length (4). */
    private static final int MIN_ENTRY_BYTES = 6;

    /**
     * The JSON part. {@code lossScale} is absent (null) in fp32 and bf16 checkpoints and in those
     * written before fp16 checkpoints kept it; the format number did not change, as nothing older
     * became unreadable.
     */
    record Header(int format, TrainingPosition position, Map<String, Long> dataSeeds,
            Map<String, SlotInfo> optimizer, List<IterationRecord> iterations, List<EpochResult> epochs,
            LossScaler.State lossScale) {}

    /** Step count and buffer ages of one parameter's optimizer state. */
    record SlotInfo(long steps, Map<String, Long> ages) {}

    private Checkpoint() {}

    /** Writes {@code state} to {@code file} atomically. */
    public static void write(Path file, LearnerState state) throws IOException {
        Map<String, SlotInfo> slots = new LinkedHashMap<>();
        state.optimizer().forEach((name, slot) -> slots.put(name, new SlotInfo(slot.steps(), slot.ages())));
        Recorder rec = state.recorder();
        Header header = new Header(FORMAT, state.position(), state.dataSeeds(), slots, rec.iterations(), rec.epochs(),
                state.lossScale().orElse(null));
        ARCHIVE.write(file, header, data -> {
            data.writeInt(state.parameters().size());
            for (Map.Entry<String, NDArray> e : state.parameters().entrySet()) {
                TensorTable.writeBlock(data, e.getKey(), e.getValue().encode());
            }
            data.writeInt(state.optimizer().size());
            for (Map.Entry<String, LearnerState.OptimizerSlot> e : state.optimizer().entrySet()) {
                data.writeUTF(e.getKey());
                data.writeInt(e.getValue().buffers().size());
                for (Map.Entry<String, NDArray> b : e.getValue().buffers().entrySet()) {
                    TensorTable.writeBlock(data, b.getKey(), b.getValue().encode());
                }
            }
        });
    }

    /**
     * Reads a checkpoint; its arrays live in a sub-manager of {@code parent} owned by the returned state.
     *
     * @throws InvalidInputException when the file is not a readable checkpoint
     */
    public static LearnerState read(Path file, NDManager parent) throws IOException {
        CheckpointArchive.Contents<Header> contents = ARCHIVE.read(file, Header.class);
        Header header = contents.header();
        if (header.format() != FORMAT) {
            throw new InvalidInputException(file + " has checkpoint format " + header.format() + "; this version reads "
                    + FORMAT);
        }
        String missing = header.position() == null ? "position" : header.dataSeeds() == null ? "dataSeeds"
                : header.optimizer() == null ? "optimizer" : header.iterations() == null ? "iterations"
                : header.epochs() == null ? "epochs" : null;
        if (missing != null) {
            throw ARCHIVE.damaged(file, STATE + " has no \"" + missing + "\"");
        }
        NDManager manager = parent.newSubManager();
        try {
            TensorTable data = contents.tensors();
            Map<String, NDArray> params = new LinkedHashMap<>();
            int n = data.readCount("parameters", MIN_ENTRY_BYTES);
            for (int i = 0; i < n; i++) {
                String name = data.readName();
                params.put(name, NDArray.decode(manager, data.readBlock()));
            }
            Map<String, LearnerState.OptimizerSlot> slots = new LinkedHashMap<>();
            int m = data.readCount("optimizer slots", MIN_ENTRY_BYTES);
            for (int i = 0; i < m; i++) {
                String name = data.readName();
                int buffers = data.readCount("buffers", MIN_ENTRY_BYTES);
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                for (int b = 0; b < buffers; b++) {
                    String buffer = data.readName();
                    arrays.put(buffer, NDArray.decode(manager, data.readBlock()));
                }
                SlotInfo info = header.optimizer().get(name);
                if (info == null) {
                    throw new InvalidInputException(file + " is damaged: no optimizer header for " + name);
                }
                slots.put(name, new LearnerState.OptimizerSlot(info.steps(), arrays, info.ages()));
            }
            return new LearnerState(manager, params, slots, header.position(),
                    new Recorder(header.iterations(), header.epochs()), header.dataSeeds(), header.lossScale());
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw ARCHIVE.damaged(file, e);
        }
    }
}
