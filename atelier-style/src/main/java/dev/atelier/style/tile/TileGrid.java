package dev.atelier.style.tile;

import java.util.ArrayList;
import java.util.List;

/**
 * How an image is cut into tiles for a tiled evaluation. The <em>cores</em> partition the image exactly
 * (every pixel, and so every feature position of every layer, belongs to exactly one core); each tile is
 * its core widened by a margin on every side (clipped to the image), so that the features of the core see
 * the context their receptive field needs.
 *
 * <p>Core boundaries lie at {@code origin + k·core} (plus the image's own edges), all multiples of
 * {@code align}, the network's total pooling stride: a tile then starts on a pooling-window boundary and
 * its pooled features line up with the whole image's. Moving the origin between evaluations moves every
 * seam ({@link #origin}).
 */
public final class TileGrid {
    /**
     * One tile: the pixels {@code [x0, x1) × [y0, y1)} given to the network, of which the core
     * {@code [coreX0, coreX1) × [coreY0, coreY1)} is the part whose features this tile accounts for.
     */
    public record Tile(int x0, int y0, int x1, int y1, int coreX0, int coreY0, int coreX1, int coreY1) {
        public int width() {
            return x1 - x0;
        }

        public int height() {
            return y1 - y0;
        }
    }

    // R2 low-discrepancy sequence (Roberts 2018): successive origins cover the core's positions evenly
    private static final double R2_X = 0.7548776662466927;
    private static final double R2_Y = 0.5698402909980532;

    private final int width;
    private final int height;
    private final List<Tile> tiles;

    private TileGrid(int width, int height, List<Tile> tiles) {
        this.width = width;
        this.height = height;
        this.tiles = List.copyOf(tiles);
    }

    /**
     * @param width image width
     * @param height image height
     * @param core core side, a positive multiple of {@code align}
     * @param margin context added on every side, a multiple of {@code align}
     * @param align the pooling stride every boundary must respect
     * @param originX where the first interior core boundary lies horizontally, a multiple of {@code align} in [0, core)
     * @param originY the same vertically
     */
    public static TileGrid of(int width, int height, int core, int margin, int align, int originX, int originY) {
        if (width < 1 || height < 1 || align < 1 || core < align || core % align != 0 || margin < 0
                || margin % align != 0) {
            throw new IllegalArgumentException("bad tile grid: " + width + "x" + height + ", core " + core + ", margin "
                    + margin + ", align " + align);
        }
        int[] xs = cuts(width, core, align, originX);
        int[] ys = cuts(height, core, align, originY);
        List<Tile> tiles = new ArrayList<>();
        for (int j = 0; j + 1 < ys.length; j++) {
            for (int i = 0; i + 1 < xs.length; i++) {
                tiles.add(new Tile(Math.max(0, xs[i] - margin), Math.max(0, ys[j] - margin),
                        Math.min(width, xs[i + 1] + margin), Math.min(height, ys[j + 1] + margin),
                        xs[i], ys[j], xs[i + 1], ys[j + 1]));
            }
        }
        return new TileGrid(width, height, tiles);
    }

    /**
     * The grid origin for evaluation number {@code step}: a low-discrepancy sequence over the multiples of
     * {@code align} in [0, core), so that no seam stays in place and, over many evaluations, every position
     * is a seam about equally rarely. Step 0 gives (0, 0).
     *
     * @return {originX, originY}
     */
    public static int[] origin(long step, int core, int align) {
        int slots = core / align;
        int ox = (int) Math.floor(frac(step * R2_X) * slots) * align;
        int oy = (int) Math.floor(frac(step * R2_Y) * slots) * align;
        return new int[] {ox, oy};
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }

    private static int[] cuts(int length, int core, int align, int origin) {
        if (origin < 0 || origin >= core || origin % align != 0) {
            throw new IllegalArgumentException("origin " + origin + " must be a multiple of " + align + " in [0, " + core + ")");
        }
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        for (int c = origin == 0 ? core : origin; c < length; c += core) {
            cuts.add(c);
        }
        cuts.add(length);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public List<Tile> tiles() {
        return tiles;
    }
}
