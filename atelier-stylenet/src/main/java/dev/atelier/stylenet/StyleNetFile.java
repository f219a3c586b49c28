package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The style-network file ({@code .stylenet}): a <a href="https://huggingface.co/docs/safetensors">safetensors</a>
 * file, so any safetensors reader opens it without Atelier. Layout, all little-endian:
 * <ol>
 *   <li>8 bytes: the header's length {@code n} (unsigned 64-bit);
 *   <li>{@code n} bytes: UTF-8 JSON. {@code "__metadata__"} holds strings: {@code "format": "atelier-style-net"},
 *       {@code "version": "1"}, {@code "architecture"} (JSON: {@code {"widths": [c1, c2, c3], "residual_blocks": r}}),
 *       {@code "colors"} ({@code none} or {@code keep}) and how the network was trained. Every other key is a
 *       tensor: {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}}, offsets into the data;
 *   <li>the data: each tensor's float32 values, row-major, one after another.
 * </ol>
 * Reading trusts nothing: the header must be at most {@value #MAX_HEADER} bytes and inside the file, the
 * format and version known, the architecture in range, and the tensors exactly the parameters that
 * architecture has (names and shapes), tiling the data with nothing left over; only then is anything
 * allocated. Any other file is one {@link InvalidInputException} line.
 */
public final class StyleNetFile {
    /** The format name in the metadata. */
    public static final String FORMAT = "atelier-style-net";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;
    /** The largest header accepted (a default network's is ~6 KB). */
    public static final int MAX_HEADER = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StyleNetFile() {}

    /**
     * A network read from a file, with its metadata.
     *
     * @param network its parameters live in the manager {@link #read} was given
     * @param keepColors whether it was trained on luminance only (its pictures then keep the photo's colours)
     * @param metadata every metadata string of the file
     */
    public record Loaded(TransformerNetwork network, boolean keepColors, Map<String, String> metadata) {}

    /**
     * Writes {@code network} to {@code file} atomically (temporary file, then moved into place).
     *
     * @param keepColors whether it paints luminance only
     * @param training how it was trained, stored as metadata strings (keys other than the reserved ones)
     */
    public static void write(Path file, TransformerNetwork network, boolean keepColors, Map<String, String> training)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        training.forEach(meta::put);
        meta.put("format", FORMAT);
        meta.put("version", Integer.toString(VERSION));
        meta.put("architecture", JSON.writeValueAsString(network.architecture().describe()));
        meta.put("colors", keepColors ? "keep" : "none");
        List<Pair<String, Parameter>> params = network.getParameters().stream().toList();
        long offset = 0;
        for (Pair<String, Parameter> p : params) {
            Shape s = p.getValue().getArray().getShape();
            ObjectNode t = header.putObject(p.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : s.getShape()) {
                shape.add(d);
            }
            long bytes = 4 * s.size();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // safetensors pads the header with spaces to a multiple of 8, so the data are aligned
        int padded = (json.length + 7) / 8 * 8;
        long total = offset;
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            long written = 0;
            for (Pair<String, Parameter> p : params) {
                float[] v = p.getValue().getArray().toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                out.write(b.array());
                written += b.capacity();
            }
            if (written != total) {
                throw new IOException("wrote " + written + " data bytes, declared " + total);
            }
        });
    }

    /**
     * Reads a network file; its parameters are created in {@code manager}.
     *
     * @throws InvalidInputException naming the file and what is wrong with it, in one line
     */
    public static Loaded read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("style network " + file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (size < 8) {
                throw bad(file, "it is " + size + " bytes, too short for a header");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len);
            long n = len.flip().getLong();
            if (n < 2 || n > MAX_HEADER || n > size - 8) {
                throw bad(file, "its header declares " + Long.toUnsignedString(n) + " bytes (at most " + MAX_HEADER
                        + " and within the file's " + size + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8).trim());
            } catch (JsonProcessingException e) {
                throw bad(file, "its header is not JSON");
            }
            if (header == null || !header.isObject()) {
                throw bad(file, "its header is not a JSON object");
            }
            Map<String, String> meta = metadata(file, header.get("__metadata__"));
            if (!FORMAT.equals(meta.get("format"))) {
                throw bad(file, "it is not a style network (format " + meta.getOrDefault("format", "missing") + ")");
            }
            if (!Integer.toString(VERSION).equals(meta.get("version"))) {
                throw bad(file, "it has version " + meta.get("version") + "; this Atelier reads version " + VERSION);
            }
            StyleNetArchitecture arch = architecture(file, meta.get("architecture"));
            String colors = meta.getOrDefault("colors", "none");
            if (!colors.equals("none") && !colors.equals("keep")) {
                throw bad(file, "its colors are '" + colors + "' (none or keep)");
            }
            long dataBytes = size - 8 - n;
            // before the network exists: a header may declare an architecture far larger than its data
            if (4 * arch.convolutionWeights() > dataBytes) {
                throw bad(file, "its architecture " + arch + " needs at least " + 4 * arch.convolutionWeights()
                        + " bytes of weights; the file holds " + dataBytes);
            }
            TransformerNetwork net = TransformerNetwork.create(arch, 0, manager);
            List<Pair<String, Parameter>> params = net.getParameters().stream().toList();
            int tensors = header.size() - 1;
            if (tensors != params.size()) {
                throw bad(file, "it holds " + tensors + " tensors; a " + arch + " network has " + params.size());
            }
            long expected = 0;
            for (Pair<String, Parameter> p : params) {
                JsonNode t = header.get(p.getKey());
                Shape want = p.getValue().getArray().getShape();
                if (t == null || !t.isObject()) {
                    throw bad(file, "tensor " + p.getKey() + " is missing");
                }
                if (!"F32".equals(t.path("dtype").asText())) {
                    throw bad(file, "tensor " + p.getKey() + " is " + t.path("dtype").asText() + ", not F32");
                }
                JsonNode shape = t.get("shape");
                if (shape == null || !shape.isArray() || shape.size() != want.dimension()) {
                    throw bad(file, "tensor " + p.getKey() + " has shape " + shape + ", expected " + want);
                }
                for (int i = 0; i < want.dimension(); i++) {
                    if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() != want.get(i)) {
                        throw bad(file, "tensor " + p.getKey() + " has shape " + shape + ", expected " + want);
                    }
                }
                JsonNode off = t.get("data_offsets");
                long bytes = 4 * want.size();
                if (off == null || !off.isArray() || off.size() != 2 || off.get(0).asLong(-1) != expected
                        || off.get(1).asLong(-1) != expected + bytes) {
                    throw bad(file, "tensor " + p.getKey() + " has data offsets " + off + ", expected [" + expected
                            + "," + (expected + bytes) + "]");
                }
                expected += bytes;
            }
            if (expected != dataBytes) {
                throw bad(file, "it has " + dataBytes + " data bytes; its tensors declare " + expected
                        + (dataBytes < expected ? " (truncated?)" : ""));
            }
            for (Pair<String, Parameter> p : params) {
                NDArray current = p.getValue().getArray();
                int count = (int) current.getShape().size();
                ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, b);
                float[] v = new float[count];
                b.flip().asFloatBuffer().get(v);
                for (float f : v) {
                    if (!Float.isFinite(f)) {
                        throw bad(file, "tensor " + p.getKey() + " holds a non-finite value");
                    }
                }
                // copied into the parameter's own memory, which PyTorch owns
                current.set(java.nio.FloatBuffer.wrap(v));
            }
            return new Loaded(net, colors.equals("keep"), meta);
        }
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw bad(file, "its header has no __metadata__ object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad(file, "its metadata " + e.getKey() + " is not a string");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static StyleNetArchitecture architecture(Path file, String text) {
        if (text == null) {
            throw bad(file, "its metadata has no architecture");
        }
        try {
            JsonNode a = JSON.readTree(text);
            JsonNode w = a.get("widths");
            JsonNode r = a.get("residual_blocks");
            if (w == null || !w.isArray() || w.size() != 3 || r == null || !r.canConvertToInt()) {
                throw bad(file, "its architecture is not {\"widths\": [c1, c2, c3], \"residual_blocks\": r}");
            }
            for (JsonNode x : w) {
                if (!x.canConvertToInt()) {
                    throw bad(file, "its architecture's widths are not integers");
                }
            }
            return new StyleNetArchitecture(w.get(0).asInt(), w.get(1).asInt(), w.get(2).asInt(), r.asInt());
        } catch (JsonProcessingException e) {
            throw bad(file, "its architecture is not JSON");
        } catch (InvalidInputException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("unexpected end of file");
            }
        }
    }

    private static InvalidInputException bad(Path file, String why) {
        if (why.startsWith(file + " is not a usable style network")) {
            return new InvalidInputException(why);
        }
        return new InvalidInputException(file + " is not a usable style network: " + why);
    }
}
