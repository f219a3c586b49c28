package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.pickle.SafeUnpickler;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch {@code torch.save} checkpoints of a state_dict, in both formats PyTorch has written:
 *
 * <ul>
 *   <li>the zip archive of PyTorch ≥ 1.6: {@code <name>/data.pkl} (the pickled dict, whose tensors
 *       point at storages by persistent id) and one {@code <name>/data/<key>} entry per storage,
 *       optionally a {@code <name>/byteorder} entry;
 *   <li>the legacy format (torchvision's 2017 checkpoints): a raw sequence of pickles (magic number,
 *       protocol version, system info, the dict, the list of storage keys) followed, for each key in
 *       that list, by an int64 element count and the storage's bytes.
 * </ul>
 *
 * <p>Pickles are read by {@link SafeUnpickler} with {@link TorchPickleWhitelist}: nothing from the
 * file is ever executed. Tensors are returned contiguous, row-major, little-endian.
 */
public final class TorchCheckpointReader {
    /** The legacy format's first pickle: torch.serialization.MAGIC_NUMBER. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long LEGACY_PROTOCOL = 1001;

    private TorchCheckpointReader() {}

    /**
     * Reads every tensor of the checkpoint at {@code file}, whichever of the two formats it is in.
     *
     * @throws InvalidInputException when the file is not a state_dict checkpoint, is damaged, or
     *     names any Python object other than tensors
     */
    public static StateDict read(Path file) throws IOException {
        if (WeightFormat.detect(file) == WeightFormat.TORCH_LEGACY) {
            return readLegacy(file);
        }
        return readZip(file);
    }

    /**
     * Reads a zip-archive checkpoint (PyTorch ≥ 1.6). Each entry's declared size is checked against
     * {@link WeightLimits} and the file's size before it is inflated, and no entry is read past its
     * declared size, so a small archive cannot inflate into gigabytes.
     */
    public static StateDict readZip(Path file) throws IOException {
        ReadAllowance allowance = ReadAllowance.forFile(file.toString(), Files.size(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = recordPrefix(zip, file);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null) {
                // "little" or "big": a few bytes, whatever the entry claims.
                String text;
                try (InputStream in = zip.getInputStream(byteorder)) {
                    text = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
                }
                order = text.equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            }
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            long pklSize = declaredSize(pkl, file);
            allowance.claim(pklSize, "data.pkl");
            Object root;
            try (InputStream in = new BufferedInputStream(new BoundedInputStream(zip.getInputStream(pkl), pklSize))) {
                root = new SafeUnpickler(in, TorchPickleWhitelist.INSTANCE, TorchPickleWhitelist::persistentStorage)
                        .load();
            }
            Map<String, TensorRef> refs = tensorRefs(root, file);
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (TensorRef ref : refs.values()) {
                String key = ref.storage().key();
                if (!storages.containsKey(key)) {
                    ZipEntry entry = zip.getEntry(prefix + "data/" + key);
                    if (entry == null) {
                        throw new InvalidInputException(file + " is damaged: storage '" + key + "' is missing");
                    }
                    long size = declaredSize(entry, file);
                    allowance.claim(size, "storage '" + key + "'");
                    storages.put(key, ByteBuffer.wrap(readExactly(zip, entry, size, file)));
                }
            }
            return materialize(refs, storages, order, allowance);
        } catch (ZipException e) {
            throw new InvalidInputException(file + " is not a readable PyTorch zip checkpoint: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated: " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw naming(file, e);
        }
    }

    /**
     * Reads a legacy (pre-zip) checkpoint. Each storage's declared element count is checked (exactly,
     * against the file's size and {@link WeightLimits}) before its bytes are read.
     */
    public static StateDict readLegacy(Path file) throws IOException {
        long fileSize = Files.size(file);
        ReadAllowance allowance = ReadAllowance.forFile(file.toString(), fileSize);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Object magic = pickle(in, TorchCheckpointReader::noPersistentIds).load();
            if (!LEGACY_MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
                throw new InvalidInputException(file + " is not a PyTorch checkpoint (wrong magic number)");
            }
            Object protocol = pickle(in, TorchCheckpointReader::noPersistentIds).load();
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
                throw new InvalidInputException(file + " uses unsupported legacy protocol version "
                        + SafeUnpickler.describeBriefly(protocol));
            }
            Object sysInfo = pickle(in, TorchCheckpointReader::noPersistentIds).load();
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                order = ByteOrder.BIG_ENDIAN;
            }
            Map<String, TensorDType> dtypes = new HashMap<>();
            Object root = pickle(in, pid -> {
                Object ref = TorchPickleWhitelist.persistentStorage(pid);
                StorageRef storage = (StorageRef) ref;
                dtypes.put(storage.key(), storage.dtype());
                return ref;
            }).load();
            Map<String, TensorRef> refs = tensorRefs(root, file);
            Object keyList = pickle(in, TorchCheckpointReader::noPersistentIds).load();
            if (!(keyList instanceof List<?> keys)) {
                throw new InvalidInputException(file + " is damaged: no storage key list");
            }
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (Object k : keys) {
                if (!(k instanceof String key)) {
                    throw new InvalidInputException(file + " is damaged: a storage key is not a string");
                }
                long numel = readInt64(in, order);
                TensorDType dtype = dtypes.get(key);
                if (dtype == null) {
                    throw new InvalidInputException(file + " holds storage '" + key
                            + "' that its pickle never mentions; cannot tell its size");
                }
                String what = "storage '" + key + "'";
                long bytes = DeclaredSize.bytes(numel, dtype, what);
                if (bytes > fileSize) {
                    throw new InvalidInputException(file + " is damaged or truncated: " + what + " declares " + numel
                            + " elements (" + bytes + " bytes), more than the whole file (" + fileSize + " bytes)");
                }
                allowance.claim(bytes, what);
                byte[] data = in.readNBytes((int) bytes);
                if (data.length != bytes) {
                    throw new InvalidInputException(file + " is truncated: storage '" + key + "' needs " + bytes
                            + " bytes, the file has " + data.length + " left");
                }
                storages.put(key, ByteBuffer.wrap(data));
            }
            for (TensorRef ref : refs.values()) {
                if (!storages.containsKey(ref.storage().key())) {
                    throw new InvalidInputException(file + " is damaged: storage '" + ref.storage().key()
                            + "' is missing");
                }
            }
            return materialize(refs, storages, order, allowance);
        } catch (EOFException e) {
            throw new InvalidInputException(file + " is truncated: " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw naming(file, e);
        }
    }

    /** {@code e}, its message prefixed with the file's name unless it names the file already. */
    private static InvalidInputException naming(Path file, InvalidInputException e) {
        if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
            return e;
        }
        return new InvalidInputException(file + ": " + e.getMessage(), e);
    }

    /** An entry's uncompressed size as the archive declares it; checked before anything is inflated. */
    private static long declaredSize(ZipEntry entry, Path file) {
        long size = entry.getSize();
        if (size < 0) {
            throw new InvalidInputException(file + " is damaged: zip entry " + entry.getName() + " does not declare its size");
        }
        return size;
    }

    /** Exactly {@code size} bytes of {@code entry}: never more, whatever its compressed data inflates to. */
    private static byte[] readExactly(ZipFile zip, ZipEntry entry, long size, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) size);
            if (data.length != size) {
                throw new InvalidInputException(file + " is truncated: zip entry " + entry.getName() + " declares "
                        + size + " bytes but holds " + data.length);
            }
            return data;
        }
    }

    private static SafeUnpickler pickle(InputStream in, java.util.function.Function<Object, Object> persistent) {
        return new SafeUnpickler(in, TorchPickleWhitelist.INSTANCE, persistent);
    }

    private static Object noPersistentIds(Object pid) {
        throw new InvalidInputException("malformed checkpoint: unexpected persistent id "
                + SafeUnpickler.describeBriefly(pid));
    }

    private static long readInt64(DataInputStream in, ByteOrder order) throws IOException {
        byte[] b = in.readNBytes(8);
        if (b.length != 8) {
            throw new EOFException("storage header cut short");
        }
        return ByteBuffer.wrap(b).order(order).getLong();
    }

    private static String recordPrefix(ZipFile zip, Path file) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new InvalidInputException(file + " is a zip archive but not a PyTorch checkpoint (no data.pkl)");
    }

    /**
     * The tensors of a loaded pickle: its top-level dict, or the dict under {@code state_dict} or
     * {@code model} when a training checkpoint wraps one. Entries that are not tensors (a training
     * checkpoint's epoch counter, say) are left out.
     */
    private static Map<String, TensorRef> tensorRefs(Object root, Path file) {
        if (root instanceof Map<?, ?> top) {
            for (String wrapper : List.of("state_dict", "model")) {
                if (top.get(wrapper) instanceof Map<?, ?> inner && inner.values().stream().anyMatch(v -> v instanceof TensorRef)) {
                    root = inner;
                    break;
                }
            }
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new InvalidInputException(file + " does not hold a state_dict (a dict of tensors)");
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        dict.forEach((k, v) -> {
            if (v instanceof TensorRef t) {
                if (!(k instanceof String key)) {
                    throw new InvalidInputException(file + " is damaged: a tensor's key is a "
                            + SafeUnpickler.describeBriefly(k) + ", not a string");
                }
                refs.put(key, t);
            }
        });
        if (refs.isEmpty()) {
            throw new InvalidInputException(file + " holds no tensors");
        }
        return refs;
    }

    private static StateDict materialize(Map<String, TensorRef> refs, Map<String, ByteBuffer> storages, ByteOrder order,
            ReadAllowance allowance) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(refs.keySet());
        for (String name : names) {
            TensorRef ref = refs.get(name);
            tensors.put(name, ref.materialize(storages.get(ref.storage().key()), order, name, allowance));
        }
        return new StateDict(tensors);
    }
}
