package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import dev.atelier.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A square-ish grid of greyscale images in [−1, 1] as a PNG: each image enlarged (nearest neighbour)
 * to {@code cell} pixels so grids of every resolution compare side by side, 2-pixel white gutters.
 */
public final class SampleGrid {
    private static final int GUTTER = 2;

    private SampleGrid() {}

    /** The grid of {@code images} (N, 1, s, s). */
    public static BufferedImage render(NDArray images, int cell) {
        long[] shape = images.getShape().getShape();
        int n = (int) shape[0];
        int side = (int) shape[2];
        float[] px = images.toFloatArray();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        int width = cols * cell + (cols + 1) * GUTTER;
        int height = rows * cell + (rows + 1) * GUTTER;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.getRaster().setSample(x, y, 0, 255);
            }
        }
        for (int i = 0; i < n; i++) {
            int ox = GUTTER + (i % cols) * (cell + GUTTER);
            int oy = GUTTER + (i / cols) * (cell + GUTTER);
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    float v = px[i * side * side + (y * side / cell) * side + x * side / cell];
                    int grey = Math.round(Math.max(0f, Math.min(1f, (v + 1f) / 2f)) * 255f);
                    out.getRaster().setSample(ox + x, oy + y, 0, grey);
                }
            }
        }
        return out;
    }

    /** Writes the grid to {@code file} (PNG) atomically. */
    public static void write(NDArray images, int cell, Path file) throws IOException {
        BufferedImage grid = render(images, cell);
        AtomicFiles.write(file, out -> ImageIO.write(grid, "png", out));
    }
}
