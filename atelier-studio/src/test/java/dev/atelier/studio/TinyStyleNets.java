package dev.atelier.studio;

import ai.djl.ndarray.NDManager;
import dev.atelier.stylenet.StyleNetArchitecture;
import dev.atelier.stylenet.StyleNetFile;
import dev.atelier.stylenet.TransformerNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Style networks for the studio's tests: untrained (random initialisation) and tiny, so a file is a few
 * kilobytes and a pass over a test photo takes milliseconds. What they paint does not matter to the tests,
 * only that the studio reads, paints with and refines from them as it would a trained one.
 */
final class TinyStyleNets {
    /** Widths 4, 8, 8 and one residual block: the smallest network worth the name. */
    static final StyleNetArchitecture TINY = new StyleNetArchitecture(4, 8, 8, 1);

    private TinyStyleNets() {}

    /** Writes a tiny network initialised from {@code seed} to {@code file}. */
    static Path write(Path file, long seed) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.write(file, TransformerNetwork.create(TINY, seed, m), false, Map.of("style", "test-" + seed));
        }
        return file;
    }
}
