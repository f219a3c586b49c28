package dev.atelier.style.harmonize;

/**
 * Patch voting, as the authors' {@code votemex} (PatchMatch 2.0) does it without weights or completeness:
 * every matched source patch lays its target patch over its own place, and each pixel becomes the plain
 * average of the target pixels laid on it, so the image is made of target patches only. Sums are kept in
 * double: n equal float votes average back to that float exactly.
 */
public final class PatchVote {
    private PatchVote() {}

    /**
     * @param field the source-to-target field ({@link PatchMatch#match}); inactive patches do not vote
     * @param target the target's {@code channels} planes, {@code tw x th}
     * @param fallback planes of the source's size for pixels no patch covers, or null for zero (as {@code votemex})
     * @return {@code channels} planes of the source's size, {@code (field.width + k − 1) x (field.height + k − 1)}
     */
    public static float[] vote(PatchMatch.Field field, float[] target, int tw, int th, int channels, float[] fallback) {
        int k = field.patch();
        int w = field.width() + k - 1;
        int h = field.height() + k - 1;
        int plane = w * h;
        int tplane = tw * th;
        if (target.length != channels * tplane) {
            throw new IllegalArgumentException("the target's planes do not match its size");
        }
        if (fallback != null && fallback.length != channels * plane) {
            throw new IllegalArgumentException("the fallback is not the source's size");
        }
        double[] sum = new double[channels * plane];
        int[] count = new int[plane];
        for (int py = 0; py < field.height(); py++) {
            for (int px = 0; px < field.width(); px++) {
                int i = field.index(px, py);
                if (!field.active()[i]) {
                    continue;
                }
                int bx = field.x()[i];
                int by = field.y()[i];
                for (int dy = 0; dy < k; dy++) {
                    int out = (py + dy) * w + px;
                    int in = (by + dy) * tw + bx;
                    for (int dx = 0; dx < k; dx++) {
                        count[out + dx]++;
                        for (int ch = 0; ch < channels; ch++) {
                            sum[ch * plane + out + dx] += target[ch * tplane + in + dx];
                        }
                    }
                }
            }
        }
        float[] result = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            for (int ch = 0; ch < channels; ch++) {
                int j = ch * plane + i;
                if (count[i] > 0) {
                    result[j] = (float) (sum[j] / count[i]);
                } else if (fallback != null) {
                    result[j] = fallback[j];
                }
            }
        }
        return result;
    }

    /** Which source pixels at least one active patch covers. */
    public static boolean[] covered(PatchMatch.Field field) {
        int k = field.patch();
        int w = field.width() + k - 1;
        int h = field.height() + k - 1;
        boolean[] out = new boolean[w * h];
        for (int py = 0; py < field.height(); py++) {
            for (int px = 0; px < field.width(); px++) {
                if (!field.active()[field.index(px, py)]) {
                    continue;
                }
                for (int dy = 0; dy < k; dy++) {
                    java.util.Arrays.fill(out, (py + dy) * w + px, (py + dy) * w + px + k, true);
                }
            }
        }
        return out;
    }
}
