package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.train.learner.ParameterCopy;
import dev.atelier.train.limits.TrainingLimits;
import dev.atelier.train.optim.ParameterState;
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
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A progressive GAN's whole training state in one zip: {@code gan.json} (format, configuration,
 * seed, iteration, the phases file and its schedule fingerprint, the level and α reached, each
 * optimizer slot's step count and buffer ages) and {@code tensors.bin} (every parameter of both
 * networks and every Adam buffer as name, shape and raw floats). Written atomically. Reading checks
 * every declared shape against the network the configuration builds before allocating anything.
 */
public final class GanCheckpoint {
    static final int FORMAT = 1;
    private static final String HEADER = "gan.json";
    private static final String TENSORS = "tensors.bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The JSON part. */
    public record Header(int format, int latentSize, int[] channels, int batchSize, int stddevGroup, double r1Gamma,
            int r1Every, long seed, long iteration, String fingerprint, String phases, int level, double alpha,
            Map<String, Slot> optimizer) {
        /** The configuration the networks were built with. */
        public GanConfig config() {
            return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every);
        }
    }

    /** One parameter's optimizer step count and buffer ages. */
    public record Slot(long steps, Map<String, Long> ages) {}

    /** A read checkpoint: the header and the tensors as plain arrays. */
    public record Contents(Header header, Map<String, float[]> tensors) {
        /** A generator with this checkpoint's weights, in {@code manager}. */
        public Generator generator(NDManager manager) {
            Generator g = new Generator(header.config(), manager, 0);
            copyInto(g.parameters(), tensors);
            return g;
        }

        /** Puts parameters, optimizer state and position into {@code trainer} (built with the same config). */
        public void restoreInto(GanTrainer trainer, NDManager manager) {
            copyInto(trainer.generator().parameters(), tensors);
            copyInto(trainer.discriminator().parameters(), tensors);
            Map<String, NDArray> all = new LinkedHashMap<>(trainer.generator().parameters().all());
            all.putAll(trainer.discriminator().parameters().all());
            header.optimizer().forEach((name, slot) -> {
                NDArray like = all.get(name);
                if (like == null) {
                    throw new InvalidInputException("the checkpoint has optimizer state for an unknown parameter " + name);
                }
                ParameterState state = trainer.state(name);
                state.setSteps(slot.steps());
                slot.ages().forEach((buffer, age) -> {
                    float[] values = tensors.get(name + "#" + buffer);
                    if (values == null || values.length != like.size()) {
                        throw new InvalidInputException("the checkpoint lacks optimizer buffer " + buffer + " of " + name);
                    }
                    state.put(buffer, OwnedArrays.of(manager, values, like.getShape()), age);
                });
            });
            trainer.setIteration(header.iteration());
        }
    }

    private GanCheckpoint() {}

    /** Writes {@code trainer}'s state, with the phases file text that made its schedule, atomically. */
    public static void write(Path file, GanTrainer trainer, String phasesJson) throws IOException {
        GanConfig c = trainer.config();
        Map<String, Slot> slots = new LinkedHashMap<>();
        trainer.optimizerStates().forEach((name, state) -> {
            Map<String, Long> ages = new LinkedHashMap<>();
            state.names().forEach(b -> ages.put(b, state.age(b)));
            slots.put(name, new Slot(state.steps(), ages));
        });
        long done = trainer.iteration();
        GrowthPlan.Step reached = trainer.plan().at(Math.max(0, Math.min(done, trainer.plan().schedule().totalIterations()) - 1));
        Header header = new Header(FORMAT, c.latentSize(), c.channels(), c.batchSize(), c.stddevGroup(), c.r1Gamma(),
                c.r1Every(), trainer.seed(), done, trainer.plan().schedule().fingerprint(), phasesJson,
                reached.level(), reached.alpha(), slots);
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(HEADER));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(TENSORS));
            DataOutputStream data = new DataOutputStream(zip);
            Map<String, NDArray> arrays = new LinkedHashMap<>(trainer.generator().parameters().all());
            arrays.putAll(trainer.discriminator().parameters().all());
            trainer.optimizerStates().forEach((name, state) ->
                    state.names().forEach(b -> arrays.put(name + "#" + b, state.get(b))));
            data.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                data.writeUTF(e.getKey());
                float[] values = e.getValue().toFloatArray();
                data.writeInt(values.length);
                for (float v : values) {
                    data.writeFloat(v);
                }
            }
            data.flush();
            zip.closeEntry();
            zip.finish();
        });
    }

    /**
     * Reads a checkpoint.
     *
     * @throws InvalidInputException when the file is not a readable GAN checkpoint
     */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Header header = null;
        byte[] tensors = null;
        long maxBytes = TrainingLimits.CHECKPOINT_BYTES.value();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(HEADER)) {
                    header = JSON.readValue(bounded(zip, file, maxBytes), Header.class);
                } else if (e.getName().equals(TENSORS)) {
                    tensors = bounded(zip, file, maxBytes);
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + " is not a GAN checkpoint: its " + HEADER + " is not readable ("
                    + e.getOriginalMessage() + ")", e);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated: the checkpoint is incomplete", e);
        } catch (ZipException e) {
            throw new InvalidInputException(file + " is not a GAN checkpoint (damaged zip: " + e.getMessage() + ")", e);
        }
        if (header == null || tensors == null) {
            throw new InvalidInputException(file + " is not a GAN checkpoint (no " + HEADER + " or " + TENSORS + ")");
        }
        if (header.format() != FORMAT) {
            throw new InvalidInputException(file + " has GAN checkpoint format " + header.format() + "; this version reads "
                    + FORMAT);
        }
        if (header.channels() == null || header.optimizer() == null || header.phases() == null) {
            throw new InvalidInputException(file + " is a damaged GAN checkpoint: " + HEADER + " lacks a field");
        }
        header.config(); // validates the sizes before anything is built from them
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(tensors);
            DataInputStream in = new DataInputStream(bytes);
            int n = in.readInt();
            if (n < 0 || n > 100_000) {
                throw new IOException("it declares " + n + " tensors");
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int count = in.readInt();
                if (count < 0 || (long) count * 4 > bytes.available()) {
                    throw new IOException(name + " declares " + count + " floats but only " + bytes.available()
                            + " bytes are left");
                }
                float[] values = new float[count];
                for (int k = 0; k < count; k++) {
                    values[k] = in.readFloat();
                }
                out.put(name, values);
            }
            return new Contents(header, out);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is a damaged GAN checkpoint: " + e.getMessage(), e);
        }
    }

    static void copyInto(ParameterSet params, Map<String, float[]> tensors) {
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            float[] values = tensors.get(e.getKey());
            NDArray target = e.getValue();
            if (values == null || values.length != target.size()) {
                throw new InvalidInputException("the checkpoint's " + e.getKey() + " is missing or has the wrong size"
                        + " for its configuration");
            }
            try (NDArray source = target.getManager().create(values, target.getShape())) {
                ParameterCopy.into(target, source);
            }
        }
    }

    private static byte[] bounded(ZipInputStream zip, Path file, long maxBytes) throws IOException {
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8L);
        byte[] bytes = zip.readNBytes(cap);
        if (zip.read() != -1) {
            TrainingLimits.CHECKPOINT_BYTES.check(maxBytes + 1, file.toString());
        }
        return bytes;
    }
}
