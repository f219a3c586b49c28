package dev.atelier.style.harmonize;

/**
 * The post-processing's pixel sizes at a working size: the authors' chroma-filter radius (2) and PatchMatch
 * patch width (7) are in pixels of their 700 px pictures ({@code -image_size 700}), so at another working size
 * they cover another share of the object. Brought to the working long side, they cover the same share: at
 * 700 px (the paper budget) they are the authors' own; at the fast budget's 256 px a radius of 1 and 3×3
 * patches. Measured on the tuning cases (docs/harmonization.md): with the authors' sizes at 256 px, the chroma
 * filter and the 7×7 voting undid what pass 2 had done to the deep layers (the masked Gram distance at relu3_1
 * and relu4_1 rose from 0.008 to 0.07 on one case, above the naive paste's), and the object's edges blurred.
 *
 * @param chromaRadius the guided filter's window radius ({@link ChromaDenoise})
 * @param patchWidth the PatchMatch patch width, odd ({@link PatchMatchPostProcess})
 */
public record PostProcessSizes(int chromaRadius, int patchWidth) {
    /** The long side the authors' sizes are in pixels of. */
    public static final int AUTHORS_LONG_SIDE = PaintingNoise.ESTIMATE_SIZE;
    /** The authors' sizes themselves. */
    public static final PostProcessSizes AUTHORS = new PostProcessSizes(ChromaDenoise.RADIUS,
            PatchMatchPostProcess.PATCH_WIDTH);

    public PostProcessSizes {
        if (chromaRadius < 1 || patchWidth < 3 || patchWidth % 2 == 0) {
            throw new IllegalArgumentException("a chroma radius of " + chromaRadius + " and a patch width of "
                    + patchWidth + " (at least 1, and an odd 3 or more)");
        }
    }

    /** The authors' sizes scaled to a working picture of long side {@code longSide}: radius ≥ 1, an odd width ≥ 3. */
    public static PostProcessSizes at(int longSide) {
        if (longSide < 1) {
            throw new IllegalArgumentException("a long side of " + longSide);
        }
        double f = (double) longSide / AUTHORS_LONG_SIDE;
        int radius = Math.max(1, (int) Math.round(AUTHORS.chromaRadius * f));
        // the nearest odd width: a patch has a centre pixel
        int width = 2 * (int) Math.round((AUTHORS.patchWidth * f - 1) / 2) + 1;
        return new PostProcessSizes(radius, Math.max(3, width));
    }
}
