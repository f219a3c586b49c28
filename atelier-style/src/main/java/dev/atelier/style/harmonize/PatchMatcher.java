package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;

/**
 * Nearest-neighbour matching of 3x3 feature patches (Li and Wand 2016, as the paper's pass 1 and pass 2
 * use it): every output position inside the mask is matched to the painting position whose 3x3 patch of
 * activations, each patch normalised to unit length, has the largest dot product with its own (cosine
 * similarity). Normalising makes the match about the pattern of features, not their strength.
 *
 * <p>Patches reaching past the border are padded with zeros. The scores of all pairs are one matrix
 * product per block of output positions, done by the tensor engine; ties go to the lowest painting index.
 */
public final class PatchMatcher {
    /** Output positions scored per matrix product: bounds the score block to BLOCK x painting positions. */
    private static final int BLOCK = 256;

    private PatchMatcher() {}

    /**
     * @param output the image being harmonised, at one layer
     * @param inside which output positions to match (others get -1)
     * @param painting the painting at the same layer (any size, same channels)
     * @return per output position (row-major), the flat painting position matched, or -1
     */
    public static int[] match(FeatureMap output, boolean[] inside, FeatureMap painting, NDManager manager) {
        if (output.channels() != painting.channels()) {
            throw new IllegalArgumentException("channels differ: " + output.channels() + " vs " + painting.channels());
        }
        int[] field = new int[output.plane()];
        java.util.Arrays.fill(field, -1);
        int[] positions = java.util.stream.IntStream.range(0, output.plane()).filter(p -> inside[p]).toArray();
        if (positions.length == 0) {
            return field;
        }
        int k = 9 * painting.channels();
        int s = painting.plane();
        try (NDManager scope = manager.newSubManager()) {
            NDArray candidates = OwnedArrays.of(scope, normalisedPatches(painting, allPositions(s)), new Shape(s, k))
                    .transpose();
            for (int from = 0; from < positions.length; from += BLOCK) {
                int n = Math.min(BLOCK, positions.length - from);
                int[] block = java.util.Arrays.copyOfRange(positions, from, from + n);
                try (NDArray queries = OwnedArrays.of(scope, normalisedPatches(output, block), new Shape(n, k));

                        NDArray scores = queries.matMul(candidates);
                        NDArray best = scores.argMax(1)) {
                    long[] idx = best.toLongArray();
                    for (int i = 0; i < n; i++) {
                        field[block[i]] = (int) idx[i];
                    }
                }
            }
        }
        return field;
    }

    private static int[] allPositions(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * The 3x3 patches at {@code positions}, one row of 9·C values each (offset-major, then channel), each
     * row scaled to unit length (an all-zero patch stays zero).
     */
    static float[] normalisedPatches(FeatureMap f, int[] positions) {
        int c = f.channels();
        int w = f.width();
        int h = f.height();
        int plane = f.plane();
        int k = 9 * c;
        float[] v = f.values();
        float[] out = new float[positions.length * k];
        for (int i = 0; i < positions.length; i++) {
            int y = positions[i] / w;
            int x = positions[i] % w;
            int o = i * k;
            double norm = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy;
                    int xx = x + dx;
                    int base = o + ((dy + 1) * 3 + (dx + 1)) * c;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                        continue;
                    }
                    int q = yy * w + xx;
                    for (int ch = 0; ch < c; ch++) {
                        float a = v[ch * plane + q];
                        out[base + ch] = a;
                        norm += (double) a * a;
                    }
                }
            }
            if (norm > 0) {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int j = o; j < o + k; j++) {
                    out[j] *= inv;
                }
            }
        }
        return out;
    }
}
