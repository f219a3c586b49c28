package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;

/**
 * The authors' post-processing against the colour speckle pixel optimisation leaves (filt_cnn_artifact.m):
 * in CIELAB, each chroma channel a and b of the result is smoothed by a guided filter (He, Sun and Tang
 * 2010) whose guide is the <em>naive composite</em>, in RGB (the colour-guide filter,
 * {@code guidedfilter_color(G, I_lab(:,:,2), r, eps)} with {@code G} the naive composite), radius 2,
 * ε = 0.1² in the guide's [0, 1] units; L is kept as it is. The chroma so follows the edges of the
 * picture as it was composed (the object's outline and its internal edges, the painting's strokes around
 * it) rather than the result's own, which carry the artefacts; isolated coloured pixels the guide does
 * not explain are averaged away.
 */
public final class ChromaDenoise {
    /** The filter's window radius in pixels (the authors' {@code r = 2}). */
    public static final int RADIUS = 2;
    /** The regulariser in the RGB guide's units squared (the authors' {@code eps = 0.1^2}). */
    public static final double EPSILON = 0.01;

    private ChromaDenoise() {}

    /**
     * @param image the result
     * @param guide the naive composite, {@code image}'s size
     * @return the result with its chroma filtered at the authors' radius, its lightness unchanged
     */
    public static RgbImage apply(RgbImage image, RgbImage guide) {
        return apply(image, guide, RADIUS);
    }

    /**
     * {@link #apply(RgbImage, RgbImage)} with a window of {@code radius} (the authors' {@link #RADIUS} brought to
     * the working size, {@link PostProcessSizes}).
     */
    public static RgbImage apply(RgbImage image, RgbImage guide, int radius) {
        if (radius < 1) {
            throw new IllegalArgumentException("a radius of " + radius);
        }
        int w = image.width();
        int h = image.height();
        if (guide.width() != w || guide.height() != h) {
            throw new IllegalArgumentException("the guide is " + guide.width() + "x" + guide.height() + ", the image "
                    + w + "x" + h);
        }
        int plane = w * h;
        float[] lab = Lab.fromRgb(image);
        // the guide's window statistics serve both chroma channels
        float[] g = guide.pixels();
        GuideStatistics stats = GuideStatistics.of(g, w, h, radius);
        for (int c = 1; c < 3; c++) {
            float[] ch = new float[plane];
            System.arraycopy(lab, c * plane, ch, 0, plane);
            float[] smoothed = guidedFilter(g, stats, ch, w, h, radius, EPSILON);
            System.arraycopy(smoothed, 0, lab, c * plane, plane);
        }
        return Lab.toRgb(lab, w, h);
    }

    /**
     * He et al.'s guided filter of {@code p} with a three-channel guide (planar, {@code 3·w·h}): per window
     * k the linear model {@code a_k = (Σ_k + ε·Id)⁻¹ cov_k(I, p)}, {@code b_k = mean_k(p) − a_kᵀ mean_k(I)}
     * (Σ_k the guide's 3x3 covariance in the window), then {@code q = mean(a)ᵀ I + mean(b)}; windows are
     * (2r+1)², clipped at the borders (the means divide by the pixels actually in them, as boxfilter.m's
     * {@code N}).
     */
    static float[] guidedFilter(float[] guide, float[] p, int w, int h, int r, double eps) {
        if (guide.length != 3 * w * h) {
            throw new IllegalArgumentException("a guide of " + guide.length + " for " + w + "x" + h);
        }
        return guidedFilter(guide, GuideStatistics.of(guide, w, h, r), p, w, h, r, eps);
    }

    /** The guide's window means and second moments, which do not depend on the filtered channel. */
    record GuideStatistics(double[][] mi, double[][] mii) {
        static GuideStatistics of(float[] guide, int w, int h, int r) {
            int n = w * h;
            double[][] mi = new double[3][];
            for (int c = 0; c < 3; c++) {
                double[] i = new double[n];
                for (int k = 0; k < n; k++) {
                    i[k] = guide[c * n + k];
                }
                mi[c] = boxMean(i, w, h, r);
            }
            double[][] mii = new double[6][];
            for (int s = 0; s < 6; s++) {
                double[] v = new double[n];
                int c0 = PAIRS[s][0];
                int c1 = PAIRS[s][1];
                for (int k = 0; k < n; k++) {
                    v[k] = (double) guide[c0 * n + k] * guide[c1 * n + k];
                }
                mii[s] = boxMean(v, w, h, r);
            }
            return new GuideStatistics(mi, mii);
        }
    }

    /** The guide's second moments rr, rg, rb, gg, gb, bb. */
    private static final int[][] PAIRS = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};

    private static float[] guidedFilter(float[] guide, GuideStatistics stats, float[] p, int w, int h, int r,
            double eps) {
        int n = w * h;
        if (guide.length != 3 * n || p.length != n) {
            throw new IllegalArgumentException("a guide of " + guide.length + " and an input of " + p.length + " for "
                    + w + "x" + h);
        }
        double[][] mi = stats.mi();
        double[][] mii = stats.mii();
        int[][] pairs = PAIRS;
        double[][] mip = new double[3][];
        for (int c = 0; c < 3; c++) {
            double[] ip = new double[n];
            for (int k = 0; k < n; k++) {
                ip[k] = (double) guide[c * n + k] * p[k];
            }
            mip[c] = boxMean(ip, w, h, r);
        }
        double[] pp = new double[n];
        for (int k = 0; k < n; k++) {
            pp[k] = p[k];
        }
        double[] mp = boxMean(pp, w, h, r);
        double[][] a = new double[3][n];
        double[] b = new double[n];
        double[] cov = new double[3];
        double[] sol = new double[3];
        double[][] sigma = new double[3][3];
        for (int k = 0; k < n; k++) {
            for (int s = 0; s < 6; s++) {
                int c0 = pairs[s][0];
                int c1 = pairs[s][1];
                double v = mii[s][k] - mi[c0][k] * mi[c1][k];
                sigma[c0][c1] = v;
                sigma[c1][c0] = v;
            }
            for (int c = 0; c < 3; c++) {
                sigma[c][c] += eps;
                cov[c] = mip[c][k] - mi[c][k] * mp[k];
            }
            solveSymmetric3(sigma, cov, sol);
            b[k] = mp[k];
            for (int c = 0; c < 3; c++) {
                a[c][k] = sol[c];
                b[k] -= sol[c] * mi[c][k];
            }
        }
        double[][] ma = new double[3][];
        for (int c = 0; c < 3; c++) {
            ma[c] = boxMean(a[c], w, h, r);
        }
        double[] mb = boxMean(b, w, h, r);
        float[] q = new float[n];
        for (int k = 0; k < n; k++) {
            double v = mb[k];
            for (int c = 0; c < 3; c++) {
                v += ma[c][k] * guide[c * n + k];
            }
            q[k] = (float) v;
        }
        return q;
    }

    /** {@code x = m⁻¹ y} for a symmetric positive-definite 3x3 {@code m}, by the adjugate (Cramer). */
    static void solveSymmetric3(double[][] m, double[] y, double[] x) {
        double c00 = m[1][1] * m[2][2] - m[1][2] * m[2][1];
        double c01 = m[1][2] * m[2][0] - m[1][0] * m[2][2];
        double c02 = m[1][0] * m[2][1] - m[1][1] * m[2][0];
        double c11 = m[0][0] * m[2][2] - m[0][2] * m[2][0];
        double c12 = m[0][2] * m[1][0] - m[0][0] * m[1][2];
        double c22 = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        double det = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02;
        x[0] = (c00 * y[0] + c01 * y[1] + c02 * y[2]) / det;
        x[1] = (c01 * y[0] + c11 * y[1] + c12 * y[2]) / det;
        x[2] = (c02 * y[0] + c12 * y[1] + c22 * y[2]) / det;
    }

    /** The mean over each pixel's (2r+1)² window, clipped at the borders, by summed-area table. */
    static double[] boxMean(double[] v, int w, int h, int r) {
        SummedAreaTable sat = new SummedAreaTable(v, w, h);
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(h, y + r + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(w, x + r + 1);
                out[y * w + x] = sat.sum(x0, y0, x1, y1) / ((y1 - y0) * (x1 - x0));
            }
        }
        return out;
    }
}
