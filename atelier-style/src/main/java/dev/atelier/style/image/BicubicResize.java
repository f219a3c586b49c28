package dev.atelier.style.image;

/**
 * Bicubic resampling of float planes (Keys' kernel, a = −0.5, the one PyTorch's and PIL's bicubic use),
 * without clipping or 8-bit rounding: how coarse-to-fine carries an optimised image to the next scale
 * without losing what the optimiser made. Pixel centres are aligned ({@code align_corners=False}).
 */
public final class BicubicResize {
    private static final double A = -0.5;

    private BicubicResize() {}

    /** {@code image} resampled to {@code width x height}, values unclipped. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        if (width == image.width() && height == image.height()) {
            return image;
        }
        int sw = image.width();
        int sh = image.height();
        float[] src = image.pixels();
        float[] out = new float[3 * width * height];
        float[] rows = new float[sh * width];
        for (int c = 0; c < 3; c++) {
            int base = c * sw * sh;
            for (int y = 0; y < sh; y++) {
                resample(src, base + y * sw, 1, sw, rows, y * width, 1, width);
            }
            int outBase = c * width * height;
            for (int x = 0; x < width; x++) {
                resample(rows, x, width, sh, out, outBase + x, width, height);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** One line of n samples (src[from + k*stride]) resampled to m samples. */
    private static void resample(float[] src, int from, int stride, int n, float[] dst, int to, int dstStride, int m) {
        double scale = (double) n / m;
        for (int t = 0; t < m; t++) {
            double centre = (t + 0.5) * scale - 0.5;
            int i0 = (int) Math.floor(centre);
            double frac = centre - i0;
            double acc = 0;
            for (int k = -1; k <= 2; k++) {
                int i = Math.min(n - 1, Math.max(0, i0 + k));
                acc += kernel(k - frac) * src[from + i * stride];
            }
            dst[to + t * dstStride] = (float) acc;
        }
    }

    private static double kernel(double x) {
        double ax = Math.abs(x);
        if (ax <= 1) {
            return ((A + 2) * ax - (A + 3)) * ax * ax + 1;
        }
        if (ax < 2) {
            return ((A * ax - 5 * A) * ax + 8 * A) * ax - 4 * A;
        }
        return 0;
    }
}
