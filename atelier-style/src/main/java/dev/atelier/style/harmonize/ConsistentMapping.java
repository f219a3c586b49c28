package dev.atelier.style.harmonize;

/**
 * The pass-2 mapping: one nearest-neighbour field at a reference layer (relu4_1), made spatially
 * consistent, then carried to the finer layers.
 *
 * <p>Consistency (the paper's step 2): independent nearest neighbours scatter, so adjacent output cells
 * take features from unrelated places and the Gram loss sees incoherent texture. Each inside position p
 * instead considers the matches its neighbours suggest for it, {@code q = P(p+d) - d} for each offset d
 * of a (2r+1)x(2r+1) window (the neighbour's match shifted back), and keeps the candidate whose painting
 * feature is closest to the features its neighbours were matched to: argmin over q of
 * {@code Σ_d |F(q) - F(P(p+d))|²}. A coherent region votes for its common shift; an isolated outlier
 * is outvoted.
 */
public final class ConsistentMapping {
    private ConsistentMapping() {}

    /**
     * @param field per output position of a {@code width x height} map, its painting position, or -1
     * @param inside the output positions to refine
     * @param painting the painting's features at the field's layer
     * @param radius the window radius r (the paper's 5x5 window is r = 2)
     * @return the refined field (positions outside keep -1)
     */
    public static int[] refine(int[] field, boolean[] inside, int width, int height, FeatureMap painting, int radius) {
        int pw = painting.width();
        int ph = painting.height();
        int c = painting.channels();
        int plane = painting.plane();
        float[] f = painting.values();
        double[] sqNorm = new double[plane];
        for (int q = 0; q < plane; q++) {
            double s = 0;
            for (int ch = 0; ch < c; ch++) {
                double a = f[ch * plane + q];
                s += a * a;
            }
            sqNorm[q] = s;
        }
        int[] out = field.clone();
        double[] sum = new double[c];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (!inside[p] || field[p] < 0) {
                    continue;
                }
                // Σ_d F(P(p+d)) and the number of neighbours voting
                java.util.Arrays.fill(sum, 0);
                int voters = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int n = neighbour(x + dx, y + dy, width, height, field, inside);
                        if (n < 0) {
                            continue;
                        }
                        voters++;
                        for (int ch = 0; ch < c; ch++) {
                            sum[ch] += f[ch * plane + n];
                        }
                    }
                }
                // score(q) = voters·|F(q)|² − 2 F(q)·Σ F(P(p+d)), the constant Σ|F(P(p+d))|² dropped
                double bestScore = Double.POSITIVE_INFINITY;
                int best = field[p];
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int n = neighbour(x + dx, y + dy, width, height, field, inside);
                        if (n < 0) {
                            continue;
                        }
                        int qx = n % pw - dx;
                        int qy = n / pw - dy;
                        if (qx < 0 || qx >= pw || qy < 0 || qy >= ph) {
                            continue;
                        }
                        int q = qy * pw + qx;
                        double dot = 0;
                        for (int ch = 0; ch < c; ch++) {
                            dot += f[ch * plane + q] * sum[ch];
                        }
                        double score = voters * sqNorm[q] - 2 * dot;
                        if (score < bestScore) {
                            bestScore = score;
                            best = q;
                        }
                    }
                }
                out[p] = best;
            }
        }
        return out;
    }

    private static int neighbour(int x, int y, int width, int height, int[] field, boolean[] inside) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return -1;
        }
        int p = y * width + x;
        return inside[p] ? field[p] : -1;
    }

    /**
     * Carries a field from a coarse layer to a layer {@code factor} times finer (relu4_1 to relu3_1 is 2,
     * to relu1_1 is 8): a fine cell takes its coarse cell's match and keeps its offset inside it. A fine
     * inside cell whose coarse cell has no match takes its own position, the painting's own feature there.
     *
     * @param coarse the field at the coarse layer ({@code coarseWidth x coarseHeight}, matches in a
     *     painting map of the same size)
     * @param inside the fine layer's inside positions
     * @return the field at the fine layer, matches in a painting map of the fine size
     */
    public static int[] project(int[] coarse, int coarseWidth, int coarseHeight, int factor, boolean[] inside,
            int width, int height) {
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (!inside[p]) {
                    out[p] = -1;
                    continue;
                }
                int cx = Math.min(x / factor, coarseWidth - 1);
                int cy = Math.min(y / factor, coarseHeight - 1);
                int q = coarse[cy * coarseWidth + cx];
                if (q < 0) {
                    out[p] = p;
                    continue;
                }
                int qx = Math.min(q % coarseWidth * factor + x % factor, width - 1);
                int qy = Math.min(q / coarseWidth * factor + y % factor, height - 1);
                out[p] = qy * width + qx;
            }
        }
        return out;
    }
}
