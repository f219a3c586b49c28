package dev.atelier.core.weights;

import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@link StateDict} as a {@code .safetensors} file, atomically. */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} in their order, with {@code metadata} as the header's
     * {@code __metadata__} (omitted when empty).
     */
    public static void write(Path file, StateDict tensors, Map<String, String> metadata) throws IOException {
        Map<String, TensorDType> dtypes = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.asMap().forEach((k, t) -> {
            dtypes.put(k, t.dtype());
            shapes.put(k, t.shape());
        });
        byte[] header = SafetensorsHeader.encode(dtypes, shapes, metadata);
        AtomicFiles.write(file, out -> {
            WritableByteChannel ch = Channels.newChannel(out);
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            ch.write(ByteBuffer.wrap(header));
            for (TensorData t : tensors.asMap().values()) {
                ByteBuffer b = t.bytes();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        });
    }
}
