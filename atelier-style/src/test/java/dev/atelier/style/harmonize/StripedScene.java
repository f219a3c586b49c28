package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.Random;

/**
 * The harmonizer tests' synthetic case: a warm, striped, slightly noisy "painting" and a cool checkerboard
 * object with a round mask, whose textures and colours differ in known ways.
 */
final class StripedScene {
    private StripedScene() {}

    /** A {@code w×h} painting of diagonal stripes {@code stripe} px wide, jittered by ±10/255 from {@code seed}. */
    static RgbImage painting(int w, int h, int stripe, long seed) {
        Random r = new Random(seed);
        float[] p = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean dark = ((x + y) / stripe) % 2 == 0;
                float j = (r.nextInt(21) - 10) / 255f;
                int i = y * w + x;
                p[i] = (dark ? 150 : 235) / 255f + j;
                p[w * h + i] = (dark ? 60 : 190) / 255f + j;
                p[2 * w * h + i] = (dark ? 30 : 90) / 255f + j;
            }
        }
        return new RgbImage(w, h, p);
    }

    /** A {@code s×s} white/blue checkerboard of {@code check}-px squares. */
    static RgbImage object(int s, int check) {
        float[] o = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean white = ((x / check) + (y / check)) % 2 == 0;
                o[y * s + x] = white ? 0.94f : 0.125f;
                o[s * s + y * s + x] = white ? 0.94f : 0.25f;
                o[2 * s * s + y * s + x] = white ? 0.94f : 0.75f;
            }
        }
        return new RgbImage(s, s, o);
    }

    /** A hard disc of {@code radius} px centred on a {@code s×s} grid. */
    static SoftMask disc(int s, double radius) {
        float[] m = new float[s * s];
        double c = (s - 1) / 2.0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = x - c;
                double dy = y - c;
                m[y * s + x] = dx * dx + dy * dy <= radius * radius ? 1f : 0f;
            }
        }
        return new SoftMask(s, s, m);
    }
}
