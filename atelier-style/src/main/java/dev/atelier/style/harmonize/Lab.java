package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;

/**
 * CIELAB (D65 white) from and to sRGB: L in [0, 100] carries lightness, a and b the chroma, so chroma can
 * be smoothed without blurring the strokes' light and dark.
 */
final class Lab {
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;

    private Lab() {}

    /** Planar L, a, b of an sRGB image in [0, 1]. */
    static float[] fromRgb(RgbImage image) {
        int plane = image.width() * image.height();
        float[] p = image.pixels();
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            double r = linear(p[i]);
            double g = linear(p[plane + i]);
            double b = linear(p[2 * plane + i]);
            double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN;
            double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / YN;
            double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / ZN;
            double fx = f(x);
            double fy = f(y);
            double fz = f(z);
            out[i] = (float) (116 * fy - 16);
            out[plane + i] = (float) (500 * (fx - fy));
            out[2 * plane + i] = (float) (200 * (fy - fz));
        }
        return out;
    }

    /** sRGB in [0, 1] (clipped) of planar L, a, b. */
    static RgbImage toRgb(float[] lab, int width, int height) {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            double fy = (lab[i] + 16) / 116.0;
            double fx = fy + lab[plane + i] / 500.0;
            double fz = fy - lab[2 * plane + i] / 200.0;
            double x = finv(fx) * XN;
            double y = finv(fy) * YN;
            double z = finv(fz) * ZN;
            double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
            double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
            double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
            out[i] = (float) gamma(r);
            out[plane + i] = (float) gamma(g);
            out[2 * plane + i] = (float) gamma(b);
        }
        return new RgbImage(width, height, out);
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double gamma(double c) {
        double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(Math.max(c, 0), 1 / 2.4) - 0.055;
        return Math.max(0, Math.min(1, v));
    }

    private static double f(double t) {
        double d = 6.0 / 29;
        return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
    }

    private static double finv(double t) {
        double d = 6.0 / 29;
        return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29);
    }
}
