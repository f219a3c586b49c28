package dev.atelier.style.image;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The lesson's start image: uniform noise in [0, 1), median-filtered over 8x8 windows per channel
 * (scipy's {@code median_filter(img, [8, 8, 1])}, reflecting at the borders), then halved. The filter
 * turns pixel noise into soft blobs, which the optimiser shapes much faster than raw noise.
 */
public final class MedianNoise {
    private static final int WINDOW = 8;

    private MedianNoise() {}

    /** A {@code width x height} start image, the same for the same seed. */
    public static RgbImage generate(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int plane = width * height;
        float[] noise = new float[3 * plane];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextDouble();
        }
        float[] out = new float[noise.length];
        float[] window = new float[WINDOW * WINDOW];
        int before = WINDOW / 2;
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int k = 0;
                    for (int dy = -before; dy < WINDOW - before; dy++) {
                        int row = reflect(y + dy, height) * width;
                        for (int dx = -before; dx < WINDOW - before; dx++) {
                            window[k++] = noise[base + row + reflect(x + dx, width)];
                        }
                    }
                    Arrays.sort(window);
                    // scipy takes the element of rank size // 2 for even windows
                    out[base + y * width + x] = window[window.length / 2] / 2f;
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** scipy's 'reflect' mode: d c b a | a b c d | d c b a. */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
