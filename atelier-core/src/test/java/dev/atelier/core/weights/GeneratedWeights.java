package dev.atelier.core.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Small weight files made by the tests themselves: one float tensor, so that no blob is committed. */
final class GeneratedWeights {
    private GeneratedWeights() {}

    /** Writes a {@code .safetensors} file of {@code floats} values, all {@code fill}, and returns it. */
    static Path write(Path file, int floats, float fill) throws IOException {
        float[] values = new float[floats];
        Arrays.fill(values, fill);
        SafetensorsWriter.write(file, new StateDict(Map.of("w", TensorData.ofFloats(new long[] {floats}, values))),
                Map.of());
        return file;
    }
}
