package dev.atelier.style.harmonize;

import java.util.Arrays;

/**
 * Per-channel histogram matching of activations (Risser, Wilmot and Barnes 2017): each channel's values
 * inside the mask are replaced, rank for rank, by the target's values at the same quantile, so the
 * remapped channel has the target's histogram while keeping its own spatial order. With as many source
 * as target values this is exact (the remapped values are the target's values); otherwise the target's
 * sorted values are interpolated linearly at each rank's quantile. Ties keep their positional order, so
 * the result is deterministic.
 */
public final class HistogramMatch {
    private HistogramMatch() {}

    /** Per channel, the values at the inside positions, sorted: a histogram with one bin per value. */
    public static float[][] sortedChannels(FeatureMap f, boolean[] inside) {
        int n = 0;
        for (boolean b : inside) {
            if (b) {
                n++;
            }
        }
        float[][] out = new float[f.channels()][n];
        int plane = f.plane();
        for (int c = 0; c < f.channels(); c++) {
            int k = 0;
            for (int p = 0; p < plane; p++) {
                if (inside[p]) {
                    out[c][k++] = f.values()[c * plane + p];
                }
            }
            Arrays.sort(out[c]);
        }
        return out;
    }

    /**
     * {@code source} with each channel's inside values remapped to the target's histogram; positions
     * outside keep their values.
     *
     * @param targetSorted per channel, the target's sorted values (see {@link #sortedChannels})
     */
    public static FeatureMap remap(FeatureMap source, boolean[] inside, float[][] targetSorted) {
        if (targetSorted.length != source.channels()) {
            throw new IllegalArgumentException("target has " + targetSorted.length + " channels, source "
                    + source.channels());
        }
        int plane = source.plane();
        int[] positions = java.util.stream.IntStream.range(0, plane).filter(p -> inside[p]).toArray();
        int n = positions.length;
        float[] out = source.values().clone();
        if (n == 0) {
            return new FeatureMap(source.channels(), source.height(), source.width(), out);
        }
        long[] keys = new long[n];
        for (int c = 0; c < source.channels(); c++) {
            float[] t = targetSorted[c];
            int m = t.length;
            if (m == 0) {
                throw new IllegalArgumentException("an empty target histogram");
            }
            int base = c * plane;
            // sort (value, index) pairs as one long each: the float's order-preserving bits, then the index
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) sortableBits(out[base + positions[i]]) << 32) | i;
            }
            Arrays.sort(keys);
            for (int rank = 0; rank < n; rank++) {
                int i = (int) (keys[rank] & 0xffffffffL);
                double at = n == 1 ? (m - 1) / 2.0 : (double) rank * (m - 1) / (n - 1);
                int lo = (int) Math.floor(at);
                int hi = Math.min(lo + 1, m - 1);
                double frac = at - lo;
                out[base + positions[i]] = frac == 0 ? t[lo] : (float) (t[lo] + frac * (t[hi] - t[lo]));
            }
        }
        return new FeatureMap(source.channels(), source.height(), source.width(), out);
    }

    /** A signed int whose order is the float's numeric order (NaN aside). */
    private static int sortableBits(float v) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }
}
