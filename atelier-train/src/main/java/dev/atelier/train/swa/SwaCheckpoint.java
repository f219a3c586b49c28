package dev.atelier.train.swa;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.weights.StateDict;
import dev.atelier.core.weights.TensorData;
import dev.atelier.core.weights.TensorDType;
import dev.atelier.train.limits.TrainingLimits;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SWA accumulator in a file, next to the Learner's checkpoint of the same moment: the averaged
 * parameters, the number of models averaged, the iteration where the SWA period began (-1 while not
 * yet known) and the fit iteration it was written at (checked on resume against the Learner's).
 * Written atomically.
 *
 * @param iteration batches the fit had done when this was written
 * @param startIteration first batch of the SWA period, or -1 if the period has not begun
 * @param average the accumulator ({@link SwaAverager#toStateDict()})
 */
public record SwaCheckpoint(long iteration, long startIteration, StateDict average) {
    private static final int MAGIC = 0x53574131; // "SWA1"

    /** Writes this checkpoint to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(MAGIC);
            out.writeLong(iteration);
            out.writeLong(startIteration);
            out.writeInt(average.size());
            for (Map.Entry<String, TensorData> e : average.asMap().entrySet()) {
                TensorData t = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(t.dtype().name());
                out.writeInt(t.shape().length);
                for (long d : t.shape()) {
                    out.writeLong(d);
                }
                ByteBuffer b = t.bytes();
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            out.flush();
        });
    }

    /** Reads a file written by {@link #write}. */
    public static SwaCheckpoint read(Path file) throws IOException {
        InputFiles.requireRegularFile("SWA state file", file);
        // read whole (bounded), so every declared length can be checked against what is really left
        TrainingLimits.CHECKPOINT_BYTES.check(Files.size(file), file.toString());
        ByteArrayInputStream left = new ByteArrayInputStream(Files.readAllBytes(file));
        try (DataInputStream in = new DataInputStream(left)) {
            if (in.readInt() != MAGIC) {
                throw new InvalidInputException(file + " is not an Atelier SWA checkpoint");
            }
            long iteration = in.readLong();
            long start = in.readLong();
            int n = in.readInt();
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                TensorDType dtype = TensorDType.valueOf(in.readUTF());
                long[] shape = new long[declared(in.readInt(), 8, left, file)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] bytes = new byte[declared(in.readInt(), 1, left, file)];
                in.readFully(bytes);
                tensors.put(name, new TensorData(dtype, shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
            }
            return new SwaCheckpoint(iteration, start, new StateDict(tensors));
        } catch (EOFException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " is a damaged SWA checkpoint: " + e.getMessage(), e);
        }
    }

    /** A declared element count, refused unless {@code count · elementBytes} bytes are really left. */
    private static int declared(int count, int elementBytes, ByteArrayInputStream left, Path file) {
        if (count < 0 || (long) count * elementBytes > left.available()) {
            throw new InvalidInputException(file + " is a damaged SWA checkpoint: it declares " + count + " values of "
                    + elementBytes + " bytes but only " + left.available() + " bytes are left");
        }
        return count;
    }

    /** The accumulator, its arrays in a sub-manager of {@code parent}. */
    public SwaAverager averager(NDManager parent) {
        return SwaAverager.fromStateDict(average, parent);
    }
}
