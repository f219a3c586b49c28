package dev.atelier.cli;

import dev.atelier.core.device.ActiveDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.image.RgbImage;
import dev.atelier.stylenet.StyleNetApplier;
import dev.atelier.stylenet.StyleNetFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code stylize --init-net}: the style network's picture of the content, at the run's output size, as
 * the optimisation's start image. It goes to a temporary PNG, because the engine's start is an image
 * file (resized to each scale); the caller deletes it after the run.
 */
final class StyleNetStart {
    private StyleNetStart() {}

    /**
     * Paints {@code content} with the network in {@code net}, at the output size for {@code longSide}.
     *
     * @return a temporary PNG the caller deletes
     * @throws dev.atelier.core.InvalidInputException for an unusable network file
     */
    static Path paint(Path net, RgbImage content, int longSide) throws IOException {
        int[] wh = StyleTransferEngine.outputSize(content.width(), content.height(), longSide);
        RgbImage painted;
        try (NDManager manager = ActiveDevice.newManager()) {
            StyleNetFile.Loaded loaded = StyleNetFile.read(net, manager);
            painted = new StyleNetApplier(loaded.network(), loaded.keepColors(), manager)
                    .apply(content.resized(wh[0], wh[1]));
        }
        Path file = Files.createTempFile("atelier-init-net", ".png");
        try {
            painted.write(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
