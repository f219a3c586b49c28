package dev.atelier.style.harmonize;

import dev.atelier.style.mask.SoftMask;

/**
 * The paper's two masks. The loose mask (the mask blurred by a Gaussian and thresholded: a dilation with
 * a soft criterion) is where the optimisation's losses look, so the object's surroundings can be
 * repainted to join it. The tight mask (the mask barely softened, and zero wherever the loose mask is)
 * is what the result is blended into the painting with, so every pixel outside the loose mask stays the
 * painting's.
 *
 * @param loose 0 or 1 per pixel
 * @param tight soft weights, zero outside {@code loose}
 */
public record HarmonizationMasks(SoftMask loose, SoftMask tight) {
    /** A blurred mask value above this is inside the loose mask. */
    public static final float LOOSE_THRESHOLD = 0.1f;

    /**
     * @param mask the object's mask at the working size
     * @param looseSigma the Gaussian's standard deviation for the loose mask, in pixels
     */
    public static HarmonizationMasks of(SoftMask mask, double looseSigma) {
        int w = mask.width();
        int h = mask.height();
        float[] blurred = GaussianBlur.blur(mask.values(), w, h, looseSigma);
        float[] loose = new float[blurred.length];
        for (int i = 0; i < loose.length; i++) {
            loose[i] = blurred[i] > LOOSE_THRESHOLD || mask.values()[i] > 0 ? 1f : 0f;
        }
        float[] tight = GaussianBlur.blur(mask.values(), w, h, 1.0);
        for (int i = 0; i < tight.length; i++) {
            tight[i] = loose[i] == 0 ? 0f : Math.max(0f, Math.min(1f, Math.max(tight[i], mask.values()[i])));
        }
        return new HarmonizationMasks(new SoftMask(w, h, loose), new SoftMask(w, h, tight));
    }

    /** The loose mask's blur for an image whose long side is {@code longSide}: 1/64 of it, at least 2 px. */
    public static double defaultSigma(int longSide) {
        return Math.max(2.0, longSide / 64.0);
    }
}
