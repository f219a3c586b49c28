package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;
import java.util.Arrays;

/**
 * How noisy a painting is, and the total-variation weight that follows (the paper's rule): smooth
 * paintings get a strong smoothness prior, textured ones (visible canvas, grain, hatching) almost none, so
 * the harmonised object keeps the painting's own grain.
 */
public final class PaintingNoise {
    /**
     * The long side the noise is estimated at: the authors' {@code -image_size 700}, the size their
     * painting is at when {@code params_wikiart_genre} measures it, whatever size the run works at.
     */
    public static final int ESTIMATE_SIZE = 700;

    private PaintingNoise() {}

    /**
     * The noise level of {@code painting} (at its own, full size) measured at {@value #ESTIMATE_SIZE} px
     * long side, or at its own size when it is smaller: the same painting gets the same level, and so the
     * same TV weight, at every working size and every scale (a downsampled painting looks smoother).
     */
    public static double estimate(RgbImage painting) {
        return level(atEstimateSize(painting));
    }

    /** {@code painting} brought down to {@value #ESTIMATE_SIZE} px long side (a smaller one as it is). */
    static RgbImage atEstimateSize(RgbImage painting) {
        int[] wh = Harmonizer.workingSize(painting.width(), painting.height(), ESTIMATE_SIZE);
        return painting.resized(wh[0], wh[1]);
    }

    /**
     * The authors' estimate: the median, over pixels and channels (RGB in [0, 1]), of the mean of the
     * squared differences to the right and to the lower neighbour. Robust to edges (a minority of pixels)
     * and zero for a flat painting.
     */
    public static double level(RgbImage painting) {
        int w = painting.width();
        int h = painting.height();
        if (w < 2 || h < 2) {
            return 0;
        }
        int plane = w * h;
        float[] p = painting.pixels();
        float[] d = new float[3 * (w - 1) * (h - 1)];
        int k = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h - 1; y++) {
                for (int x = 0; x < w - 1; x++) {
                    int i = c * plane + y * w + x;
                    float dx = p[i] - p[i + 1];
                    float dy = p[i] - p[i + w];
                    d[k++] = (dx * dx + dy * dy) / 2;
                }
            }
        }
        Arrays.sort(d);
        // torch's median of an even count is the lower middle value
        return d[(d.length - 1) / 2];
    }

    /**
     * The authors' TV weight for a noise level: 10 / (1 + exp(10⁴·noise − 25)), from 10 (smooth) to 0
     * (noisy, above about 0.003); the histogram weight takes the rest, 10 minus it.
     */
    public static double tvWeight(double noise) {
        return 10 / (1 + Math.exp(1e4 * noise - 25));
    }
}
