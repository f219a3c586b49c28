package dev.atelier.style.color;

import dev.atelier.style.image.RgbImage;
import java.util.Random;

/** Random test images with correlated channels, so colour covariances are far from diagonal. */
final class ColorTestImages {
    private ColorTestImages() {}

    /** A w×h image whose channels are a fixed random mix of three noise sources plus an offset. */
    static RgbImage correlated(int w, int h, long seed) {
        Random r = new Random(seed);
        double[][] mix = new double[3][3];
        double[] offset = new double[3];
        for (int c = 0; c < 3; c++) {
            offset[c] = 0.2 + 0.6 * r.nextDouble();
            for (int k = 0; k < 3; k++) {
                mix[c][k] = 0.15 * r.nextGaussian();
            }
        }
        int n = w * h;
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double d = r.nextDouble() - 0.5;
            for (int c = 0; c < 3; c++) {
                p[c * n + i] = (float) (offset[c] + mix[c][0] * a + mix[c][1] * b + mix[c][2] * d);
            }
        }
        return new RgbImage(w, h, p);
    }
}
