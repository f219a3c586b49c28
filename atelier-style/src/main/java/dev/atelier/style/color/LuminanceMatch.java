package dev.atelier.style.color;

import dev.atelier.style.image.RgbImage;

/**
 * Prepares a style image for luminance-only transfer (Gatys et al. 2016, "Preserving Color in Neural
 * Artistic Style Transfer"): the style's luminance is mapped affinely so that its mean and standard
 * deviation equal the photo's, Y' = (Y − μ_s)·σ_c/σ_s + μ_c. Without it a dark painting would darken
 * the photo, or a low-contrast one flatten it, though only the painting's texture is wanted. The
 * style's chroma (I, Q) is left untouched; results are not clipped.
 */
public final class LuminanceMatch {
    private LuminanceMatch() {}

    /**
     * {@code style} with its luminance's mean and standard deviation set to {@code content}'s (chroma
     * unchanged, unclipped). A flat (zero-variance) style luminance becomes the photo's mean.
     */
    public static RgbImage matched(RgbImage style, RgbImage content) {
        float[] yiq = Yiq.fromRgb(style.pixels());
        int n = style.width() * style.height();
        double[] s = meanStd(yiq, n);
        double[] c = meanStd(Yiq.luminance(content), content.width() * content.height());
        double gain = s[1] > 0 ? c[1] / s[1] : 0;
        for (int i = 0; i < n; i++) {
            yiq[i] = (float) ((yiq[i] - s[0]) * gain + c[0]);
        }
        return new RgbImage(style.width(), style.height(), Yiq.toRgb(yiq));
    }

    /** Mean and population standard deviation of the first {@code n} values. */
    static double[] meanStd(float[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        return new double[] {mean, Math.sqrt(ss / n)};
    }
}
