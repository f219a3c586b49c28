package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The weight-file formats Atelier reads, recognised by their content rather than their name. */
public enum WeightFormat {
    /** PyTorch ≥ 1.6 {@code torch.save}: a zip archive. */
    TORCH_ZIP("pth (zip)"),
    /** PyTorch's original {@code torch.save}: a raw sequence of pickles and storages. */
    TORCH_LEGACY("pth (legacy)"),
    /** Hugging Face safetensors: a JSON header and raw little-endian tensor bytes. */
    SAFETENSORS("safetensors");

    /** {@code \x80\x02} (PROTO 2), {@code \x8a\x0a} (LONG1, 10 bytes), then the magic number. */
    private static final byte[] LEGACY_START = {
        (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
        (byte) 0xa8, 0x50, 0x19
    };

    private final String label;

    WeightFormat(String label) {
        this.label = label;
    }

    /** A short name for listings: {@code pth (zip)}, {@code pth (legacy)}, {@code safetensors}. */
    public String label() {
        return label;
    }

    /**
     * The format of {@code file}, from its first bytes.
     *
     * @throws InvalidInputException when it is none of them (a text file, an empty or cut-off file)
     */
    public static WeightFormat detect(Path file) throws IOException {
        InputFiles.requireRegularFile("weight file", file);
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TORCH_ZIP;
        }
        if (head.length >= LEGACY_START.length
                && Arrays.equals(Arrays.copyOf(head, LEGACY_START.length), LEGACY_START)) {
            return TORCH_LEGACY;
        }
        if (head.length >= 9 && head[8] == '{') {
            long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength > 0 && headerLength <= size - 8) {
                return SAFETENSORS;
            }
            throw new InvalidInputException(file + " looks like a safetensors file but is truncated (its header says "
                    + headerLength + " bytes, the file has " + (size - 8) + ")");
        }
        throw new InvalidInputException(file + " is not a weight file: expected a PyTorch checkpoint (.pth) or "
                + "a .safetensors file" + (size == 0 ? " (it is empty)" : ""));
    }
}
