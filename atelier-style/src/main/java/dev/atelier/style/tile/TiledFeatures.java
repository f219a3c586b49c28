package dev.atelier.style.tile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.optim.StopRequested;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Feature maps and Gram sums of a whole image computed tile by tile, without gradients, so that the
 * memory needed is that of one tile: how targets (the content image's activations, the style image's
 * Gram matrices) are computed at sizes too large for one pass, and how a tiled evaluation accumulates
 * the output's global statistics.
 */
public final class TiledFeatures {
    private TiledFeatures() {}

    /** The index of a tile's core in its own features at a layer of stride {@code stride}. */
    public static NDIndex coreInTile(TileGrid.Tile t, int stride, Shape tileFeatures) {
        long h = tileFeatures.get(2);
        long w = tileFeatures.get(3);
        long r0 = Math.min(h, (t.coreY0() - t.y0()) / stride);
        long r1 = Math.min(h, Math.floorDiv(t.coreY1() - t.y0(), stride));
        long c0 = Math.min(w, (t.coreX0() - t.x0()) / stride);
        long c1 = Math.min(w, Math.floorDiv(t.coreX1() - t.x0(), stride));
        return new NDIndex(":, :, {}:{}, {}:{}", r0, r1, c0, c1);
    }

    /** Rows {r0, r1} and columns {c0, c1} of a tile's core in the whole image's layer of {@code stride}. */
    public static int[] coreInImage(TileGrid.Tile t, int stride, int imageWidth, int imageHeight) {
        int h = imageHeight / stride;
        int w = imageWidth / stride;
        return new int[] {Math.min(h, t.coreY0() / stride), Math.min(h, t.coreY1() / stride),
                Math.min(w, t.coreX0() / stride), Math.min(w, t.coreX1() / stride)};
    }

    /** The pixels of {@code tile} of an image {@code (N, C, H, W)}, a view in the image's manager. */
    public static NDIndex pixels(TileGrid.Tile t) {
        return new NDIndex(":, :, {}:{}, {}:{}", t.y0(), t.y1(), t.x0(), t.x1());
    }

    /**
     * The whole image's activations at {@code layers}, assembled from the tiles' cores.
     *
     * @param image {@code (1, 3, H, W)} as the network sees it
     * @param manager owns the result
     */
    public static Map<String, NDArray> assemble(FeatureExtractor network, NDArray image, TileGrid grid,
            Collection<String> layers, LayerStrides strides, NDManager manager) {
        return assemble(network, image, grid, layers, strides, manager, () -> false);
    }

    /**
     * As {@link #assemble(FeatureExtractor, NDArray, TileGrid, Collection, LayerStrides, NDManager)}, asking
     * {@code stop} before each tile.
     *
     * @throws StopRequested when {@code stop} says so: the partial result is closed with {@code manager}
     */
    public static Map<String, NDArray> assemble(FeatureExtractor network, NDArray image, TileGrid grid,
            Collection<String> layers, LayerStrides strides, NDManager manager, BooleanSupplier stop) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        int width = (int) image.getShape().get(3);
        int height = (int) image.getShape().get(2);
        forEachTile(network, image, grid, layers, manager, stop, (t, l, f, scope) -> {
            int s = strides.of(l);
            NDArray whole = out.computeIfAbsent(l, k -> manager.zeros(new Shape(1, f.getShape().get(1),
                    strides.positions(k, height), strides.positions(k, width)), f.getDataType()));
            int[] at = coreInImage(t, s, width, height);
            if (at[1] > at[0] && at[3] > at[2]) {
                whole.set(new NDIndex(":, :, {}:{}, {}:{}", at[0], at[1], at[2], at[3]),
                        f.get(coreInTile(t, s, f.getShape())));
            }
        });
        return out;
    }

    /**
     * Per layer, the unnormalised Gram sum Σ F·Fᵀ {@code (1, C, C)} (or its diagonal {@code (1, C)}) over
     * the whole image, each tile contributing its core.
     *
     * @param manager owns the result
     */
    public static Map<String, NDArray> gramSums(FeatureExtractor network, NDArray image, TileGrid grid,
            Collection<String> layers, LayerStrides strides, boolean diagonal, NDManager manager) {
        return gramSums(network, image, grid, layers, strides, diagonal, manager, () -> false);
    }

    /**
     * As {@link #gramSums(FeatureExtractor, NDArray, TileGrid, Collection, LayerStrides, boolean, NDManager)},
     * asking {@code stop} before each tile.
     *
     * @throws StopRequested when {@code stop} says so: the partial sums are closed with {@code manager}
     */
    public static Map<String, NDArray> gramSums(FeatureExtractor network, NDArray image, TileGrid grid,
            Collection<String> layers, LayerStrides strides, boolean diagonal, NDManager manager, BooleanSupplier stop) {
        Map<String, NDArray> sums = new LinkedHashMap<>();
        forEachTile(network, image, grid, layers, manager, stop, (t, l, f, scope) -> {
            NDArray core = f.get(coreInTile(t, strides.of(l), f.getShape()));
            core.attach(scope);
            NDArray s = GramSums.of(core, diagonal);
            NDArray sum = sums.get(l);
            if (sum == null) {
                s.attach(manager);
                sums.put(l, s);
            } else {
                sum.addi(s);
            }
        });
        return sums;
    }

    /** What to do with one tile's activation at one layer; {@code scope} is closed after the tile. */
    @FunctionalInterface
    private interface TileLayerAction {
        void accept(TileGrid.Tile tile, String layer, NDArray features, NDManager scope);
    }

    /**
     * Runs the network on each tile of {@code image} in turn, each in its own scope of {@code manager}; a stop
     * is honoured between tiles, since a large image's targets take many tiles' passes.
     */
    private static void forEachTile(FeatureExtractor network, NDArray image, TileGrid grid, Collection<String> layers,
            NDManager manager, BooleanSupplier stop, TileLayerAction action) {
        for (TileGrid.Tile t : grid.tiles()) {
            if (stop.getAsBoolean()) {
                throw new StopRequested();
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray pixels = image.get(pixels(t));
                pixels.attach(scope);
                Map<String, NDArray> features = network.extract(pixels, layers);
                for (String l : layers) {
                    action.accept(t, l, features.get(l), scope);
                }
            }
        }
    }
}
