package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;
import java.util.Arrays;

/**
 * How noisy a painting is, and the total-variation weight that follows (the paper's rule): smooth
 * paintings get a strong smoothness prior, textured ones (visible canvas, grain, hatching) almost none, so
 * the harmonised object keeps the painting's own grain.
 */
public final class PaintingNoise {
    private PaintingNoise() {}

    /**
     * The median, over pixels, of |Y − median3x3(Y)| for the luminance Y in [0, 1]: the typical size of
     * pixel-scale detail, robust to edges and flat areas.
     */
    public static double level(RgbImage painting) {
        int w = painting.width();
        int h = painting.height();
        int plane = w * h;
        float[] p = painting.pixels();
        float[] y = new float[plane];
        for (int i = 0; i < plane; i++) {
            y[i] = 0.299f * p[i] + 0.587f * p[plane + i] + 0.114f * p[2 * plane + i];
        }
        float[] residual = new float[plane];
        float[] window = new float[9];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int sy = Math.max(0, Math.min(h - 1, yy + dy));
                        int sx = Math.max(0, Math.min(w - 1, xx + dx));
                        window[n++] = y[sy * w + sx];
                    }
                }
                Arrays.sort(window);
                residual[yy * w + xx] = Math.abs(y[yy * w + xx] - window[4]);
            }
        }
        Arrays.sort(residual);
        return plane % 2 == 1 ? residual[plane / 2] : (residual[plane / 2 - 1] + residual[plane / 2]) / 2.0;
    }

    /** The paper's TV weight for a noise level: 10 / (1 + exp(10⁴·noise − 25)), from 10 (smooth) to 0 (noisy). */
    public static double tvWeight(double noise) {
        return 10 / (1 + Math.exp(1e4 * noise - 25));
    }
}
