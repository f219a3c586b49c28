package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;

/**
 * The paper's post-processing against colour speckle: in CIELAB, the chroma channels a and b are smoothed
 * by a guided filter (He, Sun and Tang 2010) whose guide is the lightness L, so chroma follows the
 * strokes' edges but loses the isolated coloured pixels pixel optimisation leaves; L is kept as it is.
 */
public final class ChromaDenoise {
    /** The filter's window radius in pixels. */
    public static final int RADIUS = 3;
    /** The guided filter's regulariser in L units squared: below this local L variance, chroma is averaged. */
    public static final double EPSILON = 25;

    private ChromaDenoise() {}

    public static RgbImage apply(RgbImage image) {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        float[] lab = Lab.fromRgb(image);
        float[] l = new float[plane];
        System.arraycopy(lab, 0, l, 0, plane);
        for (int c = 1; c < 3; c++) {
            float[] ch = new float[plane];
            System.arraycopy(lab, c * plane, ch, 0, plane);
            float[] smoothed = guidedFilter(l, ch, w, h, RADIUS, EPSILON);
            System.arraycopy(smoothed, 0, lab, c * plane, plane);
        }
        return Lab.toRgb(lab, w, h);
    }

    /** He et al.'s guided filter of {@code p} with guide {@code guide}: q = mean(a)·I + mean(b). */
    static float[] guidedFilter(float[] guide, float[] p, int w, int h, int r, double eps) {
        int n = guide.length;
        double[] i = new double[n];
        double[] pp = new double[n];
        double[] ii = new double[n];
        double[] ip = new double[n];
        for (int k = 0; k < n; k++) {
            i[k] = guide[k];
            pp[k] = p[k];
            ii[k] = (double) guide[k] * guide[k];
            ip[k] = (double) guide[k] * p[k];
        }
        double[] mi = boxMean(i, w, h, r);
        double[] mp = boxMean(pp, w, h, r);
        double[] mii = boxMean(ii, w, h, r);
        double[] mip = boxMean(ip, w, h, r);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            double var = mii[k] - mi[k] * mi[k];
            double cov = mip[k] - mi[k] * mp[k];
            a[k] = cov / (var + eps);
            b[k] = mp[k] - a[k] * mi[k];
        }
        double[] ma = boxMean(a, w, h, r);
        double[] mb = boxMean(b, w, h, r);
        float[] q = new float[n];
        for (int k = 0; k < n; k++) {
            q[k] = (float) (ma[k] * i[k] + mb[k]);
        }
        return q;
    }

    /** The mean over each pixel's (2r+1)² window, clipped at the borders, by summed-area table. */
    static double[] boxMean(double[] v, int w, int h, int r) {
        double[] sat = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += v[y * w + x];
                sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
            }
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(h, y + r + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(w, x + r + 1);
                double s = sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] + sat[y0 * (w + 1) + x0];
                out[y * w + x] = s / ((y1 - y0) * (x1 - x0));
            }
        }
        return out;
    }
}
