package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code .safetensors} files. Tensor bytes are memory-mapped rather than copied onto the heap,
 * so reading a 575 MB classifier checkpoint to use its 80 MB of convolutions costs little.
 */
public final class SafetensorsReader {
    private SafetensorsReader() {}

    /**
     * Reads every tensor of {@code file}, in header order.
     *
     * @throws InvalidInputException when the file is damaged or holds no tensors
     */
    public static StateDict read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = readHeader(ch, file);
            if (header.tensors().isEmpty()) {
                throw new InvalidInputException(file + " holds no tensors");
            }
            long dataLength = ch.size() - header.dataStart();
            // One mapping for the whole data region when it fits one buffer: a file of many tiny
            // tensors would otherwise exhaust the process's limit on memory mappings.
            ByteBuffer all = dataLength > 0 && dataLength <= Integer.MAX_VALUE
                    ? ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart(), dataLength)
                    : null;
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.tensors().values()) {
                ByteBuffer data;
                if (e.byteLength() == 0) {
                    data = ByteBuffer.allocate(0);
                } else if (all != null) {
                    data = all.duplicate().position((int) e.begin()).limit((int) e.end()).slice();
                } else if (e.byteLength() > Integer.MAX_VALUE) {
                    throw new InvalidInputException(file + ": tensor '" + e.name() + "' has " + e.byteLength()
                            + " bytes, more than the 2 GiB Atelier can map at once");
                } else {
                    data = ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + e.begin(), e.byteLength());
                }
                tensors.put(e.name(), new TensorData(e.dtype(), e.shape(), data));
            }
            return new StateDict(tensors);
        }
    }

    /** The header of {@code file}, validated against the file's size. */
    public static SafetensorsHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file);
        }
    }

    private static SafetensorsHeader readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new InvalidInputException(file + " is not a safetensors file: only " + size + " bytes");
        }
        long n = SafetensorsHeader.headerLength(readFully(ch, 0, 8, file));
        if (8 + n > size) {
            throw new InvalidInputException(file + " is truncated: its safetensors header needs " + n
                    + " bytes, the file has " + (size - 8));
        }
        try {
            return SafetensorsHeader.parse(readFully(ch, 8, (int) n, file), size - 8 - n);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readFully(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new InvalidInputException(file + " is truncated");
            }
        }
        return buf.array();
    }
}
