package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.train.limits.TrainingLimits;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A {@link LearnerState} in a file: a zip with {@code state.json} (position, seeds, recorder, optimizer
 * ages and step counts, readable with any JSON tool) and {@code tensors.bin} (every parameter and
 * optimizer buffer, DJL-encoded). Written atomically, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
public final class Checkpoint {
    static final int FORMAT = 1;
    private static final String STATE = "state.json";
    private static final String TENSORS = "tensors.bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The JSON part. */
    record Header(int format, TrainingPosition position, Map<String, Long> dataSeeds,
            Map<String, SlotInfo> optimizer, List<IterationRecord> iterations, List<EpochResult> epochs) {}

    /** Step count and buffer ages of one parameter's optimizer state. */
    record SlotInfo(long steps, Map<String, Long> ages) {}

    private Checkpoint() {}

    /** Writes {@code state} to {@code file} atomically. */
    public static void write(Path file, LearnerState state) throws IOException {
        Map<String, SlotInfo> slots = new LinkedHashMap<>();
        state.optimizer().forEach((name, slot) -> slots.put(name, new SlotInfo(slot.steps(), slot.ages())));
        Recorder rec = state.recorder();
        Header header = new Header(FORMAT, state.position(), state.dataSeeds(), slots, rec.iterations(), rec.epochs());
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(STATE));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(TENSORS));
            DataOutputStream data = new DataOutputStream(zip);
            data.writeInt(state.parameters().size());
            for (Map.Entry<String, NDArray> e : state.parameters().entrySet()) {
                writeArray(data, e.getKey(), e.getValue());
            }
            data.writeInt(state.optimizer().size());
            for (Map.Entry<String, LearnerState.OptimizerSlot> e : state.optimizer().entrySet()) {
                data.writeUTF(e.getKey());
                data.writeInt(e.getValue().buffers().size());
                for (Map.Entry<String, NDArray> b : e.getValue().buffers().entrySet()) {
                    writeArray(data, b.getKey(), b.getValue());
                }
            }
            data.flush();
            zip.closeEntry();
            zip.finish();
        });
    }

    /**
     * Reads a checkpoint; its arrays live in a sub-manager of {@code parent} owned by the returned state.
     *
     * @throws InvalidInputException when the file is not a readable checkpoint
     */
    public static LearnerState read(Path file, NDManager parent) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Header header = null;
        byte[] tensors = null;
        long maxBytes = TrainingLimits.CHECKPOINT_BYTES.value();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(STATE)) {
                    header = JSON.readValue(boundedEntry(zip, file, STATE, maxBytes), Header.class);
                } else if (e.getName().equals(TENSORS)) {
                    tensors = boundedEntry(zip, file, TENSORS, maxBytes);
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + " is not an Atelier checkpoint: its " + STATE + " is not readable ("
                    + e.getOriginalMessage() + ")", e);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated (it ends inside its zip data): the checkpoint is"
                    + " incomplete; use an earlier one", e);
        } catch (ZipException e) {
            throw new InvalidInputException(file + " is not an Atelier checkpoint (damaged zip: " + e.getMessage() + ")", e);
        }
        if (header == null || tensors == null) {
            throw new InvalidInputException(file + " is not an Atelier checkpoint (no " + STATE + " or " + TENSORS + ")");
        }
        if (header.format() != FORMAT) {
            throw new InvalidInputException(file + " has checkpoint format " + header.format() + "; this version reads "
                    + FORMAT);
        }
        String missing = header.position() == null ? "position" : header.dataSeeds() == null ? "dataSeeds"
                : header.optimizer() == null ? "optimizer" : header.iterations() == null ? "iterations"
                : header.epochs() == null ? "epochs" : null;
        if (missing != null) {
            throw new InvalidInputException(file + " is a damaged checkpoint: " + STATE + " has no \"" + missing + "\"");
        }
        NDManager manager = parent.newSubManager();
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(tensors);
            DataInputStream data = new DataInputStream(bytes);
            Map<String, NDArray> params = new LinkedHashMap<>();
            int n = data.readInt();
            for (int i = 0; i < n; i++) {
                String name = data.readUTF();
                params.put(name, readArray(data, bytes, manager));
            }
            Map<String, LearnerState.OptimizerSlot> slots = new LinkedHashMap<>();
            int m = data.readInt();
            for (int i = 0; i < m; i++) {
                String name = data.readUTF();
                int buffers = data.readInt();
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                for (int b = 0; b < buffers; b++) {
                    String buffer = data.readUTF();
                    arrays.put(buffer, readArray(data, bytes, manager));
                }
                SlotInfo info = header.optimizer().get(name);
                if (info == null) {
                    throw new InvalidInputException(file + " is damaged: no optimizer header for " + name);
                }
                slots.put(name, new LearnerState.OptimizerSlot(info.steps(), arrays, info.ages()));
            }
            return new LearnerState(manager, params, slots, header.position(),
                    new Recorder(header.iterations(), header.epochs()), header.dataSeeds());
        } catch (IOException | RuntimeException e) {
            manager.close();
            if (e instanceof InvalidInputException) {
                throw e;
            }
            String why = e instanceof EOFException ? TENSORS + " ends early"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new InvalidInputException(file + " is a damaged checkpoint: " + why, e);
        }
    }

    private static void writeArray(DataOutputStream out, String name, NDArray array) throws IOException {
        out.writeUTF(name);
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads one length-prefixed array; the length is checked against what is left before allocating. */
    private static NDArray readArray(DataInputStream in, ByteArrayInputStream source, NDManager manager)
            throws IOException {
        int length = in.readInt();
        if (length < 0 || length > source.available()) {
            throw new IOException("an array declares " + length + " bytes but only " + source.available()
                    + " are left in " + TENSORS);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }

    /**
     * The rest of the current zip entry, refusing more than {@code maxBytes} (a small file can inflate to
     * gigabytes), without allocating more than what really arrives.
     */
    private static byte[] boundedEntry(ZipInputStream zip, Path file, String entry, long maxBytes) throws IOException {
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8L);
        byte[] bytes = zip.readNBytes(cap);
        if (zip.read() != -1) {
            TrainingLimits.CHECKPOINT_BYTES.check(maxBytes + 1, file + " (" + entry + ")");
        }
        return bytes;
    }

}
