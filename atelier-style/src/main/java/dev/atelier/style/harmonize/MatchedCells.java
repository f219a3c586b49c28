package dev.atelier.style.harmonize;

/**
 * The painting cells pass 2's style targets are taken from: the <em>set</em> of painting cells the
 * consistent mapping matches, grown by a ring of {@code ring} cells around each, every cell counted once.
 *
 * <p>This is the authors' {@code Ring2} (cuda_utils.cu, called from neural_paint.lua with
 * {@code -ring_radius 1}): for every output cell with a match q, the (2·ring+1)² square of painting cells
 * centred on q is marked, clipped at the painting's border. The Gram and histogram targets are then the
 * painting's own features over the marked cells, each once, instead of the features gathered through the
 * mapping, where a painting cell matched by many output cells counted as many times (one over-represented
 * stroke could dominate the target). At the finer layers the authors scale the reference layer's set up
 * by nearest neighbour ({@code image.scale(mask, w, h, 'simple')}); {@link #upsample} does that with the
 * cell mapping of {@link ConsistentMapping#project}, so every projected match falls in the set.
 */
public final class MatchedCells {
    /** The ring's width in cells (the authors' {@code ring_radius}). */
    public static final int RING = 1;

    private MatchedCells() {}

    /**
     * @param field per output position, its painting position in a {@code paintingWidth x paintingHeight}
     *     map, or -1 (not matched: contributes nothing)
     * @param ring the ring's width in cells (0: the matched cells only)
     * @return per painting position, whether it is in the target set
     */
    public static boolean[] of(int[] field, int paintingWidth, int paintingHeight, int ring) {
        if (ring < 0) {
            throw new IllegalArgumentException("a negative ring: " + ring);
        }
        boolean[] cells = new boolean[paintingWidth * paintingHeight];
        for (int q : field) {
            if (q < 0) {
                continue;
            }
            if (q >= cells.length) {
                throw new IllegalArgumentException("a match at " + q + " outside a " + paintingWidth + "x"
                        + paintingHeight + " painting");
            }
            int qx = q % paintingWidth;
            int qy = q / paintingWidth;
            for (int y = Math.max(0, qy - ring); y <= Math.min(paintingHeight - 1, qy + ring); y++) {
                for (int x = Math.max(0, qx - ring); x <= Math.min(paintingWidth - 1, qx + ring); x++) {
                    cells[y * paintingWidth + x] = true;
                }
            }
        }
        return cells;
    }

    /**
     * The set carried to a layer {@code factor} times finer: a fine cell (x, y) is in it when its coarse cell
     * {@code (min(x / factor, coarseWidth − 1), min(y / factor, coarseHeight − 1))} is (nearest neighbour,
     * the last coarse row and column covering the rows and columns VGG's floored poolings leave over).
     */
    public static boolean[] upsample(boolean[] coarse, int coarseWidth, int coarseHeight, int factor, int width,
            int height) {
        if (coarse.length != coarseWidth * coarseHeight || factor < 1) {
            throw new IllegalArgumentException("a set of " + coarse.length + " for " + coarseWidth + "x" + coarseHeight
                    + ", factor " + factor);
        }
        boolean[] out = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            int cy = Math.min(y / factor, coarseHeight - 1);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = coarse[cy * coarseWidth + Math.min(x / factor, coarseWidth - 1)];
            }
        }
        return out;
    }

    /** How many cells are in {@code cells}. */
    public static int count(boolean[] cells) {
        int n = 0;
        for (boolean b : cells) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The set as weights: 1 in it, 0 elsewhere (each cell once, whatever its soft mask). */
    public static float[] weights(boolean[] cells) {
        float[] w = new float[cells.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = cells[i] ? 1f : 0f;
        }
        return w;
    }
}
