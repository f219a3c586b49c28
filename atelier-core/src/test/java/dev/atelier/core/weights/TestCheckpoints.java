package dev.atelier.core.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small PyTorch-format checkpoints for tests, opcode by opcode, the way {@code torch.save}
 * lays them out (protocol 2, {@code _rebuild_tensor_v2}, persistent storage ids), so that strided
 * views, offsets, shared storages and hostile content can be exercised without Python.
 */
final class TestCheckpoints {
    private TestCheckpoints() {}

    /** A tensor as a view into a named storage. */
    record View(String storageKey, long offset, long[] shape, long[] stride) {}

    /** Bytes of a protocol-2 pickle. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            return raw(b);
        }

        Pickle integer(long v) {
            if (v != (int) v) {
                // LONG1 with 8 little-endian bytes, as pickle writes integers beyond 32 bits.
                op(0x8a, 8);
                return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            }
            op('J');
            return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        Pickle intTuple(long... values) {
            op('(');
            for (long v : values) {
                integer(v);
            }
            return op('t');
        }

        Pickle raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /**
     * The state_dict pickle: {@code {key: _rebuild_tensor_v2(storage, offset, shape, stride, False,
     * OrderedDict())}} with persistent ids {@code ('storage', torch.<storageClass>, key, 'cpu', numel)}.
     */
    static byte[] stateDictPickle(Map<String, View> views, Map<String, Long> storageNumel, String storageClass) {
        Pickle p = new Pickle().op(0x80, 2).op('}').op('(');
        views.forEach((name, v) -> {
            p.str(name).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", storageClass).str(v.storageKey()).str("cpu")
                    .integer(storageNumel.get(v.storageKey())).op('t').op('Q');
            p.integer(v.offset()).intTuple(v.shape()).intTuple(v.stride()).op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        });
        return p.op('u').op('.').bytes();
    }

    /** A zip checkpoint ({@code archive/data.pkl}, {@code archive/data/<key>}) of float32 storages. */
    static void writeZip(Path file, Map<String, View> views, Map<String, float[]> storages) throws IOException {
        Map<String, Long> numel = new LinkedHashMap<>();
        storages.forEach((k, v) -> numel.put(k, (long) v.length));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", stateDictPickle(views, numel, "FloatStorage"));
        entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        storages.forEach((k, v) -> entries.put("archive/data/" + k, floatsLE(v)));
        writeZipEntries(file, entries);
    }

    /** A zip archive holding {@code entries}, stored uncompressed as torch.save does. */
    static void writeZipEntries(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /**
     * A legacy checkpoint: magic, protocol 1001, sys info, the state_dict, the storage key list, then
     * each storage as an int64 element count and its float32 bytes.
     */
    static void writeLegacy(Path file, Map<String, View> views, Map<String, float[]> storages) throws IOException {
        writeLegacy(file, views, storages, Map.of());
    }

    /** As above, but with the int64 element counts of {@code declaredNumel}'s storages replaced (a lie). */
    static void writeLegacy(Path file, Map<String, View> views, Map<String, float[]> storages,
            Map<String, Long> declaredNumel) throws IOException {
        Map<String, Long> numel = new LinkedHashMap<>();
        storages.forEach((k, v) -> numel.put(k, (long) v.length));
        Pickle head = new Pickle();
        head.op(0x80, 2, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, '.');
        head.op(0x80, 2).op('M', 0xe9, 0x03).op('.');
        head.op(0x80, 2).op('}').str("little_endian").op(0x88).op('s').op('.');
        head.raw(stateDictPickle(views, numel, "FloatStorage"));
        head.op(0x80, 2).op(']').op('(');
        List<String> keys = List.copyOf(storages.keySet());
        keys.forEach(head::str);
        head.op('e').op('.');
        for (String k : keys) {
            float[] v = storages.get(k);
            long count = declaredNumel.getOrDefault(k, (long) v.length);
            head.raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(count).array());
            head.raw(floatsLE(v));
        }
        Files.write(file, head.bytes());
    }

    static byte[] floatsLE(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }
}
