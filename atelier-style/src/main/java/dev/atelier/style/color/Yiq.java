package dev.atelier.style.color;

import dev.atelier.style.image.RgbImage;

/**
 * The NTSC YIQ colour space: luminance Y and two chroma axes I, Q. Gatys et al. (2016, "Preserving
 * Color in Neural Artistic Style Transfer") transfer style on Y alone and put the photo's I and Q
 * back, so a painting's brush strokes arrive without its palette; this class is the split and the
 * join. The forward matrix is the standard NTSC one; the inverse is its exact (double-precision)
 * inverse rather than the rounded textbook coefficients, so a round trip returns the input to float
 * precision and nothing drifts when colour is split and joined repeatedly.
 *
 * <p>All arrays are planar like {@link RgbImage#pixels()}: three planes of {@code length / 3}
 * values (R, G, B or Y, I, Q). Values are never clipped: I and Q are signed, and an RGB result
 * may leave [0, 1] until it is saved.
 */
public final class Yiq {
    /** RGB → YIQ, rows Y, I, Q (NTSC 1953). I and Q rows sum to 0: grey has no chroma. */
    static final double[][] FORWARD = {
        {0.299, 0.587, 0.114},
        {0.595716, -0.274453, -0.321263},
        {0.211456, -0.522591, 0.311135},
    };
    /** The exact inverse of {@link #FORWARD}, computed once. */
    static final double[][] INVERSE = invert(FORWARD);

    private Yiq() {}

    /** Planar RGB → planar YIQ (a new array). */
    /** The YIQ→RGB matrix (row c: the weights of Y, I, Q in RGB channel c), a copy. */
    public static double[][] toRgbMatrix() {
        return new double[][] {INVERSE[0].clone(), INVERSE[1].clone(), INVERSE[2].clone()};
    }

    public static float[] fromRgb(float[] rgb) {
        return apply(FORWARD, rgb);
    }

    /** Planar YIQ → planar RGB (a new array), unclipped. */
    public static float[] toRgb(float[] yiq) {
        return apply(INVERSE, yiq);
    }

    /** The luminance plane of {@code image} (a new array of {@code width * height} values). */
    public static float[] luminance(RgbImage image) {
        float[] p = image.pixels();
        int n = p.length / 3;
        float[] y = new float[n];
        double[] r = FORWARD[0];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (r[0] * p[i] + r[1] * p[n + i] + r[2] * p[2 * n + i]);
        }
        return y;
    }

    /**
     * {@code chromaSource}'s I and Q with {@code luminance} as Y, back in RGB (unclipped): the last step
     * of luminance-only transfer, which puts the photo's colours back under the stylised luminance.
     *
     * @param luminance a Y plane of {@code width * height} values for {@code chromaSource}'s size
     */
    public static RgbImage withLuminance(RgbImage chromaSource, float[] luminance) {
        int n = chromaSource.width() * chromaSource.height();
        if (luminance.length != n) {
            throw new IllegalArgumentException("a luminance plane of " + n + " values expected, got " + luminance.length);
        }
        float[] yiq = fromRgb(chromaSource.pixels());
        System.arraycopy(luminance, 0, yiq, 0, n);
        return new RgbImage(chromaSource.width(), chromaSource.height(), toRgb(yiq));
    }

    private static float[] apply(double[][] m, float[] in) {
        if (in.length % 3 != 0) {
            throw new IllegalArgumentException("planar colour data needs a multiple of 3 values, got " + in.length);
        }
        int n = in.length / 3;
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            double a = in[i];
            double b = in[n + i];
            double c = in[2 * n + i];
            out[i] = (float) (m[0][0] * a + m[0][1] * b + m[0][2] * c);
            out[n + i] = (float) (m[1][0] * a + m[1][1] * b + m[1][2] * c);
            out[2 * n + i] = (float) (m[2][0] * a + m[2][1] * b + m[2][2] * c);
        }
        return out;
    }

    /** The inverse of a 3×3 matrix by cofactors. */
    static double[][] invert(double[][] m) {
        double c00 = m[1][1] * m[2][2] - m[1][2] * m[2][1];
        double c01 = m[1][2] * m[2][0] - m[1][0] * m[2][2];
        double c02 = m[1][0] * m[2][1] - m[1][1] * m[2][0];
        double det = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02;
        if (det == 0) {
            throw new IllegalArgumentException("singular matrix");
        }
        return new double[][] {
            {c00 / det, (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det, (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det},
            {c01 / det, (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det, (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det},
            {c02 / det, (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det, (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det},
        };
    }
}
