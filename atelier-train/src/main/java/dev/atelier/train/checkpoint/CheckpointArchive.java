package dev.atelier.train.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.InputFiles;
import dev.atelier.train.limits.TrainingLimits;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The container every training checkpoint of Atelier shares (the learner's and the GAN's): a zip of a
 * JSON header entry, readable with any JSON tool, and {@code tensors.bin}, a {@link TensorTable}.
 * Writing is atomic, so a crash mid-write leaves the previous checkpoint intact; reading bounds each
 * entry by {@link TrainingLimits#CHECKPOINT_BYTES} (a small file can inflate to gigabytes) and turns
 * every way a file can be broken into one {@link InvalidInputException} line that names the file.
 *
 * <p>What the header holds and what the table's tensors mean belongs to each checkpoint format.
 */
public final class CheckpointArchive {
    /** Name of the zip entry holding the tensor table. */
    public static final String TENSORS = "tensors.bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /**
     * The reader of a {@link #strict} archive: a header field must be there, be of its declared JSON type
     * (no {@code "NaN"} string turned into a double, no {@code 1.5} into a long) and be known, and nothing
     * may follow the header object. A hand-edited header is refused, not silently repaired.
     */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .addModule(new SimpleModule("strict-floating-point")
                    .addDeserializer(Double.TYPE, new StrictDouble())
                    .addDeserializer(Double.class, new StrictDouble()))
            .build();

    /**
     * Jackson turns the strings {@code "NaN"} and {@code "Infinity"} into doubles whatever the coercion
     * settings say; a strict header holds only JSON numbers where a double is declared.
     */
    private static final class StrictDouble extends StdDeserializer<Double> {
        StrictDouble() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isNumeric()) {
                return (Double) ctxt.handleUnexpectedToken(Double.TYPE, p);
            }
            return p.getDoubleValue();
        }
    }

    private final String kind;
    private final String damagedKind;
    private final String headerEntry;
    private final ObjectMapper reader;

    /**
     * @param kind what a readable file is, for messages: {@code "Atelier checkpoint"} gives "is not an Atelier
     *     checkpoint"
     * @param damagedKind what a file with readable entries but bad contents is called: "is a damaged ..."
     * @param headerEntry name of the JSON entry, e.g. {@code state.json}
     */
    public CheckpointArchive(String kind, String damagedKind, String headerEntry) {
        this(kind, damagedKind, headerEntry, JSON);
    }

    private CheckpointArchive(String kind, String damagedKind, String headerEntry, ObjectMapper reader) {
        this.kind = kind;
        this.damagedKind = damagedKind;
        this.headerEntry = headerEntry;
        this.reader = reader;
    }

    /**
     * The same archive read strictly: every header field must be present, of its declared type and known
     * (see {@link #read}). For formats whose every field is validated on load.
     */
    public CheckpointArchive strict() {
        return new CheckpointArchive(kind, damagedKind, headerEntry, STRICT_JSON);
    }

    /** Writes the tensors of a checkpoint: called once, with the stream of {@code tensors.bin}. */
    @FunctionalInterface
    public interface TensorWriter {
        void write(DataOutputStream tensors) throws IOException;
    }

    /** A read archive: the parsed header and the tensor table, not yet interpreted. */
    public record Contents<H>(H header, TensorTable tensors) {}

    /** Writes {@code header} as JSON and then the table {@code tensors} writes, to {@code file} atomically. */
    public void write(Path file, Object header, TensorWriter tensors) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(headerEntry));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(TENSORS));
            DataOutputStream data = new DataOutputStream(zip);
            tensors.write(data);
            data.flush();
            zip.closeEntry();
            zip.finish();
        });
    }

    /**
     * Reads both entries of {@code file}; the header is parsed into {@code headerType} (unknown fields are
     * ignored, absent ones are null; a {@link #strict} archive refuses both, and values of the wrong type).
     *
     * @throws InvalidInputException when {@code file} is missing, a folder, a device or a pipe (said so
     *     before anything reads it), or not a readable archive of this kind
     */
    public <H> Contents<H> read(Path file, Class<H> headerType) throws IOException {
        InputFiles.requireRegularFile(kind, file);
        H header = null;
        byte[] tensors = null;
        long maxBytes = TrainingLimits.CHECKPOINT_BYTES.value();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(headerEntry)) {
                    header = reader.readValue(boundedEntry(zip, file, headerEntry, maxBytes), headerType);
                } else if (e.getName().equals(TENSORS)) {
                    tensors = boundedEntry(zip, file, TENSORS, maxBytes);
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + " is not " + article(kind) + ": its " + headerEntry
                    + " is not readable (" + JsonProblem.describe(e) + ")", e);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated (it ends inside its zip data): the checkpoint is"
                    + " incomplete; use an earlier one", e);
        } catch (ZipException e) {
            throw new InvalidInputException(file + " is not " + article(kind) + " (damaged zip: " + e.getMessage() + ")",
                    e);
        }
        if (header == null || tensors == null) {
            throw new InvalidInputException(file + " is not " + article(kind) + " (no " + headerEntry + " or " + TENSORS
                    + ")");
        }
        return new Contents<>(header, new TensorTable(tensors));
    }

    /** "FILE is a damaged KIND: WHY", for a header or table whose contents do not make sense. */
    public InvalidInputException damaged(Path file, String why) {
        return new InvalidInputException(file + " is a damaged " + damagedKind + ": " + why);
    }

    /**
     * The same for a failure while interpreting the table: an {@link InvalidInputException} passes
     * through, anything else becomes one line (an early end of the table says so).
     */
    public InvalidInputException damaged(Path file, Exception cause) {
        if (cause instanceof InvalidInputException invalid) {
            return invalid;
        }
        String why = cause instanceof EOFException ? TENSORS + " ends early"
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new InvalidInputException(file + " is a damaged " + damagedKind + ": " + why, cause);
    }

    private static String article(String noun) {
        return ("AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /**
     * The rest of the current zip entry, refusing more than {@code maxBytes}, without allocating more
     * than what really arrives.
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
