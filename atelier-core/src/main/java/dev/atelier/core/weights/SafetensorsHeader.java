package dev.atelier.core.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file: an 8-byte little-endian length {@code N}, then {@code N} bytes
 * of JSON mapping each tensor name to its {@code dtype}, {@code shape} and {@code data_offsets}
 * (relative to the byte after the header), plus an optional {@code __metadata__} map of strings.
 * Kept separate from reading the data so that a remote file's header can be fetched alone.
 *
 * @param tensors entries in header order
 * @param metadata the {@code __metadata__} strings, empty when absent
 * @param dataStart the file offset of the first data byte: {@code 8 + N}
 */
public record SafetensorsHeader(Map<String, Entry> tensors, Map<String, String> metadata, long dataStart) {
    /** Headers larger than this are refused rather than read into memory (the reference reader caps at 100 MB). */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    // A key given twice would silently replace the first entry: refuse it instead.
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Map<String, TensorDType> DTYPES = Map.of(
            "F32", TensorDType.FLOAT32, "F64", TensorDType.FLOAT64, "F16", TensorDType.FLOAT16,
            "BF16", TensorDType.BFLOAT16, "I64", TensorDType.INT64, "I32", TensorDType.INT32,
            "I16", TensorDType.INT16, "I8", TensorDType.INT8, "U8", TensorDType.UINT8, "BOOL", TensorDType.BOOL);

    /**
     * One tensor's place in the file.
     *
     * @param begin first byte, relative to {@link #dataStart()}
     * @param end one past the last byte, relative to {@link #dataStart()}
     */
    public record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
        public long byteLength() {
            return end - begin;
        }
    }

    public SafetensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The header length stored in a file's first 8 bytes, checked against {@link #MAX_HEADER_BYTES}. */
    public static long headerLength(byte[] first8) {
        long n = ByteBuffer.wrap(first8, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 0 || n > MAX_HEADER_BYTES) {
            throw new InvalidInputException("not a safetensors file: header length " + n + " is out of range");
        }
        return n;
    }

    /**
     * Parses and validates the JSON header.
     *
     * @param json the {@code N} header bytes
     * @param dataLength the number of data bytes after the header, or -1 when unknown (a remote file
     *     whose size was not reported)
     */
    public static SafetensorsHeader parse(byte[] json, long dataLength) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw new InvalidInputException("safetensors header is not valid JSON: " + why, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("safetensors header is not a JSON object");
        }
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                if (!f.getValue().isObject()) {
                    throw new InvalidInputException("safetensors __metadata__ is not a JSON object");
                }
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(f.getKey(), entry(f.getKey(), f.getValue()));
            }
        }
        List<Entry> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long expectedBegin = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expectedBegin) {
                throw new InvalidInputException("safetensors header is inconsistent: tensor '" + e.name()
                        + "' starts at " + e.begin() + ", expected " + expectedBegin);
            }
            expectedBegin = e.end();
        }
        if (dataLength >= 0 && expectedBegin != dataLength) {
            throw new InvalidInputException("safetensors file is " + (expectedBegin > dataLength ? "truncated" : "damaged")
                    + ": its header describes " + expectedBegin + " data bytes, the file has " + dataLength);
        }
        return new SafetensorsHeader(tensors, metadata, 8L + json.length);
    }

    private static Entry entry(String name, JsonNode node) {
        TensorDType dtype = DTYPES.get(node.path("dtype").asText());
        if (dtype == null) {
            throw new InvalidInputException("safetensors tensor '" + name + "' has unsupported dtype '"
                    + node.path("dtype").asText() + "'");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new InvalidInputException("safetensors tensor '" + name + "' lacks a shape or data_offsets");
        }
        String what = "safetensors tensor '" + name + "'";
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = wholeNumber(shapeNode.get(i), what + " has a dimension that is not a whole number: ");
            if (shape[i] < 0) {
                throw new InvalidInputException(what + " has a negative dimension");
            }
        }
        long bytes = DeclaredSize.bytes(shape, dtype, what);
        long begin = wholeNumber(offsets.get(0), what + " has a data offset that is not a whole number: ");
        long end = wholeNumber(offsets.get(1), what + " has a data offset that is not a whole number: ");
        if (begin < 0 || end < begin || end - begin != bytes) {
            throw new InvalidInputException(what + " of shape " + Arrays.toString(shape)
                    + " and type " + dtype + " has data_offsets [" + begin + ", " + end + "]");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON integer that fits a long; anything else (a fraction, 1e300, 2^64, a string) is refused. */
    private static long wholeNumber(JsonNode node, String problem) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            String text = String.valueOf(node);
            throw new InvalidInputException(problem + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        return node.longValue();
    }

    /** The safetensors dtype string for {@code dtype}. */
    static String dtypeName(TensorDType dtype) {
        return DTYPES.entrySet().stream().filter(e -> e.getValue() == dtype).findFirst().orElseThrow().getKey();
    }

    /**
     * The header bytes (JSON padded with spaces to a multiple of 8, as the reference writer does so
     * that data is aligned) for tensors laid out back to back in {@code shapes}' order.
     */
    static byte[] encode(Map<String, TensorDType> dtypes, Map<String, long[]> shapes, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            TensorDType dtype = dtypes.get(e.getKey());
            long numel = 1;
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", dtypeName(dtype));
            var shape = t.putArray("shape");
            for (long d : e.getValue()) {
                shape.add(d);
                numel *= d;
            }
            long end = offset + numel * dtype.byteSize();
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
