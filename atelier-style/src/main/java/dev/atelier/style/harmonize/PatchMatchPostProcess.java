package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;

/**
 * The authors' second post-processing stage ({@code filt_cnn_artifact.m}, after its chroma filter), which
 * removes the colour artifacts the chroma filter leaves by rebuilding the result from the painting's own
 * patches and then putting the result's fine detail back:
 *
 * <ol>
 *   <li>{@code ann = nnmex(O1, B, 'cputiled', 7)}: a 7×7 PatchMatch from the chroma-filtered result O1 to
 *       the painting B, in RGB quantised to 8 bits ({@code nnmex} converts a double image to
 *       {@code int(clip(v)·255)}), with {@code nnmex}'s defaults (5 iterations, search radius from the image
 *       size halving to 1) — {@link PatchMatch};</li>
 *   <li>{@code O2_base = im2double(votemex(B, ann))}: every pixel the average of the painting patches laid
 *       over it, rounded to 8 bits — {@link PatchVote};</li>
 *   <li>{@code O2 = O2_base + O1 − gauss(O1)}: the result's detail above a 7×7 Gaussian of σ = 1 added back;</li>
 *   <li>{@code O2·sM + B·(1 − sM)}: a blend over the painting with sM the mask dilated by 3 px — the mask
 *       filtered by a 7×7 Gaussian of σ = 3, set to 1 above 0.01 and to 0 below, and filtered again.</li>
 * </ol>
 *
 * Two departures, both at the image border: MATLAB's {@code imfilter} pads with zeros, which would make the
 * detail layer brighten and sM fade along an edge the object touches; the blurs here clamp edges instead.
 * And only the patches sM needs are matched (those covering a pixel where sM &gt; 0): the others cannot
 * change the output. The result is clipped to [0, 1] (MATLAB's {@code imwrite} does so when it saves);
 * wherever sM is zero it is the painting's pixel itself.
 */
public final class PatchMatchPostProcess {
    /** {@code patch_w = 7}. */
    public static final int PATCH_WIDTH = 7;
    /** {@code nnmex}'s default number of PatchMatch iterations ({@code nn_iters = 5}). */
    public static final int ITERATIONS = 5;
    /** The PatchMatch seed: the authors' field depends on {@code rand()}, ours on this. */
    public static final long SEED = 0x5eed;
    /** {@code tr = 3}: the dilation's 7×7 Gaussian, {@code fspecial('gaussian', [2·tr+1 2·tr+1], tr)}. */
    public static final int DILATION_RADIUS = 3;
    /** The dilation Gaussian's σ, {@code tr}. */
    public static final double DILATION_SIGMA = 3;
    /** {@code sM(sM > 0.01) = 1}: a filtered mask value above this is inside the dilated mask. */
    public static final double DILATION_THRESHOLD = 0.01;
    /** {@code r = 3}: the detail split's 7×7 Gaussian. */
    public static final int DETAIL_RADIUS = 3;
    /** The detail Gaussian's σ, {@code r/3}. */
    public static final double DETAIL_SIGMA = 1;

    private PatchMatchPostProcess() {}

    /**
     * @param result the chroma-filtered result (O1)
     * @param painting the painting (B), the result's size
     * @param mask the object's mask (the authors' {@code c_mask})
     * @param support where the result may differ from the painting at all, or null for anywhere: sM is set to
     *     zero wherever it is zero (the harmonizer passes its loose mask, so that every pixel outside the
     *     loose mask stays the painting's own)
     */
    public static RgbImage apply(RgbImage result, RgbImage painting, SoftMask mask, SoftMask support) {
        return apply(result, painting, mask, support, PATCH_WIDTH);
    }

    /**
     * {@link #apply(RgbImage, RgbImage, SoftMask, SoftMask)} with patches {@code patchWidth} wide (the authors'
     * {@link #PATCH_WIDTH} brought to the working size, {@link PostProcessSizes}).
     */
    public static RgbImage apply(RgbImage result, RgbImage painting, SoftMask mask, SoftMask support,
            int patchWidth) {
        if (patchWidth < 1 || patchWidth % 2 == 0) {
            throw new IllegalArgumentException("a patch width of " + patchWidth + " (odd)");
        }
        int w = painting.width();
        int h = painting.height();
        if (result.width() != w || result.height() != h || mask.width() != w || mask.height() != h
                || (support != null && (support.width() != w || support.height() != h))) {
            throw new IllegalArgumentException("the result, painting and masks must have one size");
        }
        float[] sm = blendWeight(mask, support);
        int plane = w * h;
        float[] b = painting.pixels();
        float[] out = b.clone();
        boolean[] needed = new boolean[plane];
        boolean any = false;
        for (int i = 0; i < plane; i++) {
            needed[i] = sm[i] > 0;
            any |= needed[i];
        }
        if (!any || w < patchWidth || h < patchWidth) {
            return new RgbImage(w, h, out);
        }
        float[] o1 = result.pixels();
        float[] b8 = quantise(b);
        PatchMatch.Field field = PatchMatch.match(quantise(o1), w, h, b8, w, h, 3, patchWidth, needed, ITERATIONS, SEED);
        float[] base = PatchVote.vote(field, b8, w, h, 3, null);
        for (int c = 0; c < 3; c++) {
            float[] ch = new float[plane];
            System.arraycopy(o1, c * plane, ch, 0, plane);
            float[] blurred = GaussianBlur.blur(ch, w, h, DETAIL_RADIUS, DETAIL_SIGMA);
            for (int i = 0; i < plane; i++) {
                if (!needed[i]) {
                    continue;
                }
                int k = c * plane + i;
                // votemex rounds each average to 8 bits; im2double brings it back to [0, 1]
                float o2 = (float) (Math.floor(base[k] + 0.5) / 255.0) + ch[i] - blurred[i];
                float v = sm[i] * o2 + (1 - sm[i]) * b[k];
                out[k] = Math.max(0f, Math.min(1f, v));
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * sM: the mask dilated by {@value #DILATION_RADIUS} px and softened, zero wherever {@code support} is
     * (when given).
     */
    static float[] blendWeight(SoftMask mask, SoftMask support) {
        int w = mask.width();
        int h = mask.height();
        float[] s = GaussianBlur.blur(mask.values(), w, h, DILATION_RADIUS, DILATION_SIGMA);
        for (int i = 0; i < s.length; i++) {
            s[i] = s[i] > DILATION_THRESHOLD ? 1f : 0f;
        }
        s = GaussianBlur.blur(s, w, h, DILATION_RADIUS, DILATION_SIGMA);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0f, Math.min(1f, s[i]));
            if (support != null && support.values()[i] == 0) {
                s[i] = 0f;
            }
        }
        return s;
    }

    /** {@code nnmex}'s conversion of a double image: {@code int(clip(v, 0, 1)·255)}, as levels 0..255. */
    static float[] quantise(float[] v) {
        float[] q = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = (int) (Math.max(0.0, Math.min(1.0, v[i])) * 255);
        }
        return q;
    }
}
