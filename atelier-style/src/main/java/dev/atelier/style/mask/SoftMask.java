package dev.atelier.style.mask;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import java.nio.file.Path;

/**
 * A soft spatial mask: one weight in [0, 1] per pixel, saying how much something (a style, an edit)
 * applies there. Resized to each network layer by area averaging, so a layer cell's weight is the mean
 * weight of the pixels it covers.
 *
 * @param width pixels across
 * @param height pixels down
 * @param values {@code height * width} weights, row-major
 */
public record SoftMask(int width, int height, float[] values) {
    public SoftMask {
        if (width < 1 || height < 1 || values.length != (long) width * height) {
            throw new IllegalArgumentException("a mask of " + width + "x" + height + " needs "
                    + (long) width * height + " values, got " + values.length);
        }
        for (float v : values) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("mask values must lie in [0, 1], got " + v);
            }
        }
    }

    /** A mask of ones: applies everywhere. */
    public static SoftMask full(int width, int height) {
        float[] v = new float[width * height];
        java.util.Arrays.fill(v, 1f);
        return new SoftMask(width, height, v);
    }

    /** The luminance of a greyscale (or colour) image as a mask: white applies, black does not. */
    public static SoftMask of(RgbImage image) {
        int plane = image.width() * image.height();
        float[] p = image.pixels();
        float[] v = new float[plane];
        for (int i = 0; i < plane; i++) {
            float y = 0.299f * p[i] + 0.587f * p[plane + i] + 0.114f * p[2 * plane + i];
            v[i] = Math.max(0f, Math.min(1f, y));
        }
        return new SoftMask(image.width(), image.height(), v);
    }

    /**
     * Reads a mask image.
     *
     * @throws InvalidInputException when the file is not an image
     */
    public static SoftMask read(Path file) {
        return of(RgbImage.read(file));
    }

    /** The mean weight: the share of the picture this mask covers. */
    public double coverage() {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** The complement, 1 − m: where this mask does not apply. */
    public SoftMask inverted() {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f - values[i];
        }
        return new SoftMask(width, height, v);
    }

    /**
     * Checks that this mask can be stretched to {@code width x height} without distorting it: the same
     * aspect ratio to within one pixel either way.
     *
     * @throws InvalidInputException naming both sizes
     */
    public void requireAspectOf(int width, int height, String what) {
        double scaledHeight = (double) this.height * width / this.width;
        double scaledWidth = (double) this.width * height / this.height;
        if (Math.abs(scaledHeight - height) > Math.max(1.0, height / this.height)
                && Math.abs(scaledWidth - width) > Math.max(1.0, width / this.width)) {
            throw new InvalidInputException(what + " is " + this.width + "x" + this.height
                    + ", which does not have the aspect ratio of the " + width + "x" + height + " image it masks");
        }
    }

    /**
     * This mask area-averaged to {@code w x h}: each target cell takes the mean of the source pixels it
     * covers, weighting pixels cut by a cell edge by the fraction inside. Exact for any ratio, so a mask
     * keeps its coverage at every layer of the network. Separable: rows first, then columns.
     */
    public float[] resized(int w, int h) {
        if (w == width && h == height) {
            return values.clone();
        }
        double[] across = new double[height * w];
        for (int y = 0; y < height; y++) {
            average(values, y * width, 1, width, across, y * w, 1, w);
        }
        double[] both = new double[h * w];
        for (int x = 0; x < w; x++) {
            average(across, x, w, height, both, x, w, h);
        }
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.max(0, Math.min(1, both[i]));
        }
        return out;
    }

    /** Area-averages n source cells (at src[from + k*stride]) onto m target cells. */
    private static void average(float[] src, int from, int stride, int n, double[] dst, int to, int dstStride, int m) {
        double[] wide = new double[n];
        for (int k = 0; k < n; k++) {
            wide[k] = src[from + k * stride];
        }
        average(wide, 0, 1, n, dst, to, dstStride, m);
    }

    private static void average(double[] src, int from, int stride, int n, double[] dst, int to, int dstStride, int m) {
        double scale = (double) n / m;
        for (int t = 0; t < m; t++) {
            double lo = t * scale;
            double hi = (t + 1) * scale;
            double acc = 0;
            for (int s = (int) Math.floor(lo); s < Math.min(n, (int) Math.ceil(hi)); s++) {
                acc += (Math.min(hi, s + 1) - Math.max(lo, s)) * src[from + s * stride];
            }
            dst[to + t * dstStride] = acc / scale;
        }
    }
}
