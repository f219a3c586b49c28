package dev.atelier.style.color;

import dev.atelier.style.image.RgbImage;

/**
 * Recolours a style image with the photo's palette before style transfer, so the result keeps the
 * photo's colours but takes the painting's strokes (Gatys et al. 2016, "Preserving Color in Neural
 * Artistic Style Transfer", the colour-histogram-matching variant). Every style pixel is moved by one
 * affine map, x' = A(x − μ_s) + μ_c with A = Σ_c^½ Σ_s^−½ (symmetric square roots), which gives the
 * style exactly the photo's colour mean and covariance while keeping the style's own structure.
 *
 * <p>Results are <b>not clipped</b>: a faithful covariance match may push some pixels outside [0, 1],
 * and clipping would change the very statistics that were matched. Clip when saving (as
 * {@link RgbImage#toBufferedImage()} does), not before the style's features are computed.
 */
public final class ColorMatch {
    /**
     * Style eigenvalues below this fraction of the style covariance's trace are raised to it before
     * Σ_s^−½ is taken: a grey or single-hue style has a (near-)singular covariance, along whose null
     * directions there is nothing to stretch; the floor keeps A finite there.
     */
    static final double RELATIVE_FLOOR = 1e-6;

    private ColorMatch() {}

    /**
     * {@code style} with its colour mean and covariance moved to {@code content}'s, blended with the
     * original: {@code strength·matched + (1 − strength)·style}. Unclipped.
     *
     * @param strength 0 leaves the style as it is, 1 matches fully; values in between blend linearly
     */
    public static RgbImage matched(RgbImage style, RgbImage content, double strength) {
        return matched(style, ColorStatistics.of(style), ColorStatistics.of(content), strength);
    }

    /**
     * As {@link #matched(RgbImage, RgbImage, double)} with statistics given: e.g. the photo's statistics
     * under a mask, so a masked style takes the colours of the region it paints.
     */
    public static RgbImage matched(RgbImage style, ColorStatistics styleStats, ColorStatistics target,
            double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("colour strength must be in [0, 1], got " + strength);
        }
        double[][] a = matrix(styleStats.covariance(), target.covariance());
        double[] ms = styleStats.mean();
        double[] mc = target.mean();
        float[] p = style.pixels();
        int n = style.width() * style.height();
        float[] out = new float[p.length];
        double keep = 1 - strength;
        for (int i = 0; i < n; i++) {
            double r = p[i] - ms[0];
            double g = p[n + i] - ms[1];
            double b = p[2 * n + i] - ms[2];
            for (int c = 0; c < 3; c++) {
                double m = a[c][0] * r + a[c][1] * g + a[c][2] * b + mc[c];
                out[c * n + i] = (float) (strength * m + keep * p[c * n + i]);
            }
        }
        return new RgbImage(style.width(), style.height(), out);
    }

    /**
     * A = Σ_to^½ Σ_from^−½: the linear part of the map that gives colours of covariance
     * {@code from} the covariance {@code to} (A Σ_from Aᵀ = Σ_to when Σ_from is non-singular).
     */
    public static double[][] matrix(double[][] from, double[][] to) {
        double trace = Math.max(from[0][0] + from[1][1] + from[2][2], 0);
        double floor = Math.max(RELATIVE_FLOOR * trace, 1e-30);
        double[][] invSqrtFrom = SymmetricEigen3.of(from).power(-0.5, floor);
        double[][] sqrtTo = SymmetricEigen3.of(to).power(0.5, 0);
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += sqrtTo[i][k] * invSqrtFrom[k][j];
                }
                a[i][j] = s;
            }
        }
        return a;
    }
}
