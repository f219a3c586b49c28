package dev.atelier.core.weights;

import java.io.IOException;
import java.nio.file.Path;

/** Reads any weight file Atelier understands, choosing the reader by the file's content. */
public final class WeightFiles {
    private WeightFiles() {}

    /**
     * Reads all tensors of {@code file}: a PyTorch checkpoint (zip or legacy) or a safetensors file.
     * Full classifier checkpoints come back whole; a network picks the keys it needs.
     *
     * @throws dev.atelier.core.InvalidInputException when the file is missing, of another kind,
     *     truncated or damaged, or holds anything but tensors
     */
    public static StateDict read(Path file) throws IOException {
        return switch (WeightFormat.detect(file)) {
            case TORCH_ZIP -> TorchCheckpointReader.readZip(file);
            case TORCH_LEGACY -> TorchCheckpointReader.readLegacy(file);
            case SAFETENSORS -> SafetensorsReader.read(file);
        };
    }
}
