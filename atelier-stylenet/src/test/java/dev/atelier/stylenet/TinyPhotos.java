package dev.atelier.stylenet;

import dev.atelier.core.image.ImageFiles;
import dev.atelier.style.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small generated photos and a style picture for the tests: smooth gradients, stripes and a checkerboard. */
final class TinyPhotos {
    private TinyPhotos() {}

    /** {@code count} photos of {@code w}x{@code h} in {@code dir}, each different. */
    static List<Path> write(Path dir, int count, int w, int h) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (x * 255 / w + 40 * i) & 0xff;
                    int g = (y * 255 / h) & 0xff;
                    int b = ((x / (4 + i) + y / 6) % 2 == 0) ? 200 : 40;
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            Path f = dir.resolve("photo-" + i + ".png");
            ImageFiles.write(img, f);
            files.add(f);
        }
        return files;
    }

    /** A stripy, colourful style picture. */
    static RgbImage style(int size) {
        float[] p = new float[3 * size * size];
        int n = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                boolean stripe = ((x + y) / 3) % 2 == 0;
                p[i] = stripe ? 0.9f : 0.1f;
                p[n + i] = stripe ? 0.2f : 0.7f;
                p[2 * n + i] = (x % 8) / 8f;
            }
        }
        return new RgbImage(size, size, p);
    }

    /** A deterministic pseudo-random picture of any size. */
    static RgbImage noise(int w, int h, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] p = new float[3 * w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.nextDouble();
        }
        return new RgbImage(w, h, p);
    }
}
