package dev.atelier.style.color;

import dev.atelier.style.image.RgbImage;

/**
 * The mean colour and the 3×3 colour covariance of an image's pixels: the two statistics colour
 * transfer matches. The covariance (not just per-channel variances) is what carries a palette's
 * character: which channels rise together (warm sunsets, cold blue-greens). Optionally over a soft
 * region only, so a masked style can be matched to the part of the photo it will paint.
 *
 * @param mean the weighted mean of R, G, B
 * @param covariance the weighted population covariance, {@code E[(x−μ)(x−μ)ᵀ]}, symmetric 3×3
 */
public record ColorStatistics(double[] mean, double[][] covariance) {

    /** The statistics of every pixel of {@code image}, equally weighted. */
    public static ColorStatistics of(RgbImage image) {
        return of(image, null);
    }

    /**
     * The statistics of {@code image}'s pixels, each weighted by {@code mask}.
     *
     * @param mask {@code width * height} non-negative weights with a positive sum (a soft region), or
     *     null for every pixel equally
     */
    public static ColorStatistics of(RgbImage image, float[] mask) {
        float[] p = image.pixels();
        int n = image.width() * image.height();
        if (mask != null && mask.length != n) {
            throw new IllegalArgumentException("a mask of " + n + " values expected for a " + image.width() + "x"
                    + image.height() + " image, got " + mask.length);
        }
        double total = 0;
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            double w = weight(mask, i);
            total += w;
            for (int c = 0; c < 3; c++) {
                mean[c] += w * p[c * n + i];
            }
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the mask selects no pixel (its weights sum to " + total + ")");
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= total;
        }
        double[][] cov = new double[3][3];
        for (int i = 0; i < n; i++) {
            double w = weight(mask, i);
            if (w == 0) {
                continue;
            }
            double r = p[i] - mean[0];
            double g = p[n + i] - mean[1];
            double b = p[2 * n + i] - mean[2];
            cov[0][0] += w * r * r;
            cov[0][1] += w * r * g;
            cov[0][2] += w * r * b;
            cov[1][1] += w * g * g;
            cov[1][2] += w * g * b;
            cov[2][2] += w * b * b;
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                cov[a][b] /= total;
                cov[b][a] = cov[a][b];
            }
        }
        return new ColorStatistics(mean, cov);
    }

    private static double weight(float[] mask, int i) {
        if (mask == null) {
            return 1;
        }
        float w = mask[i];
        if (!(w >= 0) || Float.isInfinite(w)) {
            throw new IllegalArgumentException("mask weights must be finite and non-negative, got " + w + " at " + i);
        }
        return w;
    }
}
