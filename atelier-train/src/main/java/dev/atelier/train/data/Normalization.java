package dev.atelier.train.data;

import java.util.Arrays;

/**
 * Per-channel {@code (x/255 - mean) / std}, applied while a batch is built.
 *
 * @param mean per-channel mean of the pixel values scaled to [0,1]
 * @param std per-channel standard deviation of the pixel values scaled to [0,1]
 */
public record Normalization(float[] mean, float[] std) {
    public Normalization {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
            }
        }
    }

    /** Mean and standard deviation of each channel of {@code images}, computed in double precision. */
    public static Normalization of(ImageSet images) {
        int c = images.channels();
        int plane = images.height() * images.width();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        byte[] px = images.pixels();
        for (int i = 0; i < px.length; i++) {
            int ch = (i / plane) % c;
            double v = (px[i] & 0xff) / 255.0;
            sum[ch] += v;
            sumSq[ch] += v * v;
        }
        long n = (long) images.size() * plane;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.max(Math.sqrt(Math.max(sumSq[ch] / n - m * m, 0)), 1e-3);
        }
        return new Normalization(mean, std);
    }

    /** Identity on [0,1]: {@code x/255}. */
    public static Normalization unit(int channels) {
        float[] zero = new float[channels];
        float[] one = new float[channels];
        Arrays.fill(one, 1f);
        return new Normalization(zero, one);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The 256-entry table mapping a byte value to its normalised float, for one channel. */
    float[] lookupTable(int channel) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = (v / 255f - mean[channel]) / std[channel];
        }
        return t;
    }
}
