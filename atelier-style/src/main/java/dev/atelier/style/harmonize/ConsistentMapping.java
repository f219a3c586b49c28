package dev.atelier.style.harmonize;

/**
 * The pass-2 mapping: one nearest-neighbour field at a reference layer (relu4_1), made spatially
 * consistent, then carried to the finer layers.
 *
 * <p>Consistency (the paper's step 2, as the authors' {@code refineNNF} does it): independent nearest
 * neighbours scatter, so adjacent output cells take features from unrelated places and the Gram loss sees
 * incoherent texture. Each inside position p instead considers the matches its neighbours suggest for it,
 * {@code q = P(p+d) - d} for each offset d of a (2r+1)x(2r+1) window (a neighbour's match shifted back),
 * and keeps the candidate whose painting feature is on average closest (Euclidean distance) to the
 * features of all the suggestions: a vote in which a coherent region's common shift wins and an
 * isolated outlier is outvoted. The authors compare candidates by the painting's colours at the layer's
 * size; here by the painting's activations at the layer, which is what the losses will read.
 */
public final class ConsistentMapping {
    private ConsistentMapping() {}

    /**
     * @param field per output position of a {@code width x height} map, its painting position, or -1
     * @param inside the output positions to refine (and the only ones that vote)
     * @param painting the painting's features at the field's layer
     * @param radius the window radius r (the paper's 5x5 window is r = 2)
     * @return the refined field (positions outside keep their value)
     */
    public static int[] refine(int[] field, boolean[] inside, int width, int height, FeatureMap painting, int radius) {
        int pw = painting.width();
        int ph = painting.height();
        int c = painting.channels();
        int plane = painting.plane();
        float[] f = painting.values();
        int[] out = field.clone();
        int window = (2 * radius + 1) * (2 * radius + 1);
        int[] candidates = new int[window];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (!inside[p] || field[p] < 0) {
                    continue;
                }
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int q = suggestion(x, y, dx, dy, width, height, field, inside, pw, ph);
                        if (q >= 0) {
                            candidates[n++] = q;
                        }
                    }
                }
                double bestScore = Double.POSITIVE_INFINITY;
                int best = field[p];
                for (int i = 0; i < n; i++) {
                    int q = candidates[i];
                    double score = 0;
                    for (int j = 0; j < n; j++) {
                        int s = candidates[j];
                        if (s == q) {
                            continue;
                        }
                        double d2 = 0;
                        for (int ch = 0; ch < c; ch++) {
                            double e = f[ch * plane + q] - f[ch * plane + s];
                            d2 += e * e;
                        }
                        score += Math.sqrt(d2);
                    }
                    // the mean over all n suggestions (itself included, at distance 0)
                    score /= n;
                    if (score < bestScore) {
                        bestScore = score;
                        best = q;
                    }
                }
                out[p] = best;
            }
        }
        return out;
    }

    /** The match the neighbour at offset (dx, dy) suggests for (x, y), or -1 (none, or off the painting). */
    static int suggestion(int x, int y, int dx, int dy, int width, int height, int[] field, boolean[] inside, int pw,
            int ph) {
        int n = neighbour(x + dx, y + dy, width, height, field, inside);
        if (n < 0) {
            return -1;
        }
        int qx = n % pw - dx;
        int qy = n / pw - dy;
        return qx < 0 || qx >= pw || qy < 0 || qy >= ph ? -1 : qy * pw + qx;
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
