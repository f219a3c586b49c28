package dev.atelier.style.harmonize;

/**
 * The exact Euclidean distance transform of Felzenszwalb and Huttenlocher (2012, "Distance Transforms of
 * Sampled Functions"): two passes of the 1-D lower envelope of parabolas, linear in the pixels, so eroding
 * or growing a mask by any radius costs the same.
 */
final class DistanceTransform {
    private static final double FAR = 1e20;

    private DistanceTransform() {}

    /**
     * @param set the pixels distances are measured to, row-major {@code w x h}
     * @return for each pixel, the Euclidean distance in pixels to the nearest pixel of {@code set} (0 on it;
     *     {@code Infinity} everywhere when the set is empty)
     */
    static double[] euclidean(boolean[] set, int w, int h) {
        double[] f = new double[w * h];
        boolean any = false;
        for (int i = 0; i < f.length; i++) {
            f[i] = set[i] ? 0 : FAR;
            any |= set[i];
        }
        double[] out = new double[w * h];
        if (!any) {
            java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
            return out;
        }
        int n = Math.max(w, h);
        double[] line = new double[n];
        double[] d = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = f[y * w + x];
            }
            squared1d(line, h, d, v, z);
            for (int y = 0; y < h; y++) {
                f[y * w + x] = d[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(f, y * w, line, 0, w);
            squared1d(line, w, d, v, z);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = Math.sqrt(d[x]);
            }
        }
        return out;
    }

    private static double intersection(double[] f, int q, int p) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
    }

    /** d[q] = min_p (q − p)² + f[p] over the first {@code n} entries. */
    private static void squared1d(double[] f, int n, double[] d, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            // z[0] is minus infinity, so the search stops at the first parabola at the latest
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = dq * dq + f[v[k]];
        }
    }
}
