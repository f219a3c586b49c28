package dev.atelier.cli;

import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Small generated images for CLI tests. */
final class TestImages {
    private TestImages() {}

    /** A 40x32 PNG: {@code rgb} with a gentle pattern over it. */
    static Path pattern(Path file, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, rgb ^ (x * 5 + y * 3));
            }
        }
        ImageFiles.write(img, file);
        return file;
    }
}
