package dev.atelier.style.tile;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.optim.StopRequested;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The style-transfer loss of one image and its gradient, computed tile by tile so that memory is bounded
 * by the tile size and not the image's, with the style statistics taken over the WHOLE image.
 *
 * <p>One evaluation: (1) a pass without gradients over the tiles sums every style layer's unnormalised
 * Gram Σ F·Fᵀ over the tiles' cores, which partition the image, giving the global Gram G; (2) from G and
 * the target the style loss and dL/dG follow in closed form; (3) each tile is run again with gradients on
 * the surrogate Σ_l ⟨dL/dG_l, G_l(core)⟩ + the content and total-variation terms of its core, and its
 * whole pixel gradient (core and margin) is added into the image's gradient. Because L depends on the
 * tiles only through G, the sum of the surrogates' gradients is the exact gradient of the global loss,
 * provided each core's features are those of the whole image, i.e. the margin covers the receptive field;
 * a smaller margin approximates the features near core edges, and moving the grid between evaluations
 * ({@link TileGrid#origin}) keeps that error from settling into seams.
 */
public final class TiledObjective {
    /** One evaluation: the loss parts (already weighted) and the gradient, owned by the point's manager. */
    public record Value(double content, double style, double totalVariation, NDArray gradient) {
        public double total() {
            return content + style + totalVariation;
        }
    }

    private final FeatureExtractor network;
    private final UnaryOperator<NDArray> toNetwork;
    private final LayerStrides strides;
    private final int core;
    private final int margin;
    private final ContentTarget content;
    private final List<StyleTarget> styles;
    private final double tvWeight;
    private final Set<String> styleLayers = new LinkedHashSet<>();
    private final Set<String> allLayers = new LinkedHashSet<>();
    private final Map<String, NDArray> rootMasks = new HashMap<>();
    private final Map<String, Double> maskAreas = new HashMap<>();
    private final NDManager masks;
    /** Asked before each tile's pass: an evaluation of a large image takes many, each seconds long. */
    private final BooleanSupplier stop;

    /**
     * @param network the feature network
     * @param toNetwork maps the optimiser's variables (a tile of them) to the image the network sees; must
     *     act pixel by pixel
     * @param strides the strides of every layer the targets use
     * @param core the tiles' core side in pixels, a multiple of {@code strides.alignment()}
     * @param margin the context on every side, a multiple of {@code strides.alignment()}
     * @param content the content part, or null
     * @param styles the styles (may be empty)
     * @param tvWeight weight of the total variation of the network's image (0 for none)
     * @param manager owns the mask arrays this objective caches
     */
    public TiledObjective(FeatureExtractor network, UnaryOperator<NDArray> toNetwork,
            LayerStrides strides, int core, int margin, ContentTarget content, List<StyleTarget> styles,
            double tvWeight, NDManager manager) {
        this(network, toNetwork, strides, core, margin, content, styles, tvWeight, manager, () -> false);
    }

    /**
     * As {@link #TiledObjective(FeatureExtractor, UnaryOperator, LayerStrides, int, int, ContentTarget, List,
     * double, NDManager)}, with {@code stop} asked before each tile's pass: when it says so, {@link #evaluate}
     * abandons the evaluation with {@link StopRequested}.
     */
    public TiledObjective(FeatureExtractor network, UnaryOperator<NDArray> toNetwork,
            LayerStrides strides, int core, int margin, ContentTarget content, List<StyleTarget> styles,
            double tvWeight, NDManager manager, BooleanSupplier stop) {
        this.stop = stop;
        int align = strides.alignment();
        if (core < align || core % align != 0 || margin < 0 || margin % align != 0) {
            throw new IllegalArgumentException("tile " + core + " and margin " + margin + " must be multiples of " + align);
        }
        this.network = network;
        this.toNetwork = toNetwork;
        this.strides = strides;
        this.core = core;
        this.margin = margin;
        this.content = content;
        this.styles = List.copyOf(styles);
        this.tvWeight = tvWeight;
        this.masks = manager;
        for (StyleTarget s : styles) {
            styleLayers.addAll(s.statistics().keySet());
        }
        allLayers.addAll(styleLayers);
        if (content != null) {
            allLayers.addAll(content.features().keySet());
        }
    }

    public int core() {
        return core;
    }

    public int margin() {
        return margin;
    }

    /** The grid an evaluation at this origin uses, for an image of {@code width x height}. */
    public TileGrid grid(int width, int height, int originX, int originY) {
        return TileGrid.of(width, height, core, margin, strides.alignment(), originX, originY);
    }

    /**
     * Loss and gradient at {@code x} {@code (1, 3, H, W)} with the grid's origin at ({@code originX}, {@code originY}).
     *
     * @throws StopRequested when the stop this objective was made with says so, between two tiles
     */
    public Value evaluate(NDArray x, int originX, int originY) {
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        TileGrid grid = grid(width, height, originX, originY);
        try (NDManager evaluation = x.getManager().newSubManager()) {
            // (1) the global statistics, (2) the style loss and its derivative with respect to them
            List<Map<String, NDArray>> sums = styleSums(x, grid, evaluation);
            double style = 0;
            List<Map<String, NDArray>> slopes = new ArrayList<>();
            for (int i = 0; i < styles.size(); i++) {
                StyleTarget s = styles.get(i);
                Map<String, NDArray> slope = new HashMap<>();
                for (Map.Entry<String, NDArray> e : s.statistics().entrySet()) {
                    String l = e.getKey();
                    NDArray sum = sums.get(i).get(l);
                    long channels = sum.getShape().get(1);
                    // G = factor · S / (C · area): area is h·w, or Σm under a mask, as GramStyleTerm divides
                    double toGram = s.factor() / (channels * area(s, i, l, width, height));
                    NDArray diff = ScalarArithmetic.times(sum, toGram).sub(e.getValue());
                    double w = s.weight() * s.layerWeights().getOrDefault(l, 1.0) / s.divisors().get(l);
                    style += w * scalar(diff.square().mean());
                    // dL/dS = w · 2 (G − T) / numel(G) · dG/dS
                    slope.put(l, ScalarArithmetic.times(diff, w * 2.0 / diff.size() * toGram));
                }
                slopes.add(slope);
            }
            // (3) the surrogate per tile, its gradient added into the image's
            NDArray gradient = evaluation.zeros(x.getShape(), x.getDataType());
            double contentValue = 0;
            double tvValue = 0;
            for (TileGrid.Tile t : grid.tiles()) {
                stopIfRequested();
                try (NDManager scope = evaluation.newSubManager()) {
                    NDArray view = x.get(TiledFeatures.pixels(t));
                    view.attach(scope);
                    NDArray v = view.duplicate();
                    v.setRequiresGradient(true);
                    NDArray contentPart;
                    NDArray tvPart;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray image = toNetwork.apply(v);
                        Map<String, NDArray> features = allLayers.isEmpty() ? Map.of() : network.extract(image, allLayers);
                        NDArray surrogate = null;
                        for (int i = 0; i < styles.size(); i++) {
                            for (Map.Entry<String, NDArray> e : slopes.get(i).entrySet()) {
                                NDArray part = coreSum(features.get(e.getKey()), t, styles.get(i), i, e.getKey(), width,
                                        height, scope).mul(e.getValue()).sum();
                                surrogate = surrogate == null ? part : surrogate.add(part);
                            }
                        }
                        contentPart = content == null ? null : contentOfCore(features, t, width, height, scope);
                        tvPart = tvWeight > 0 ? tvOfCore(image, t, width, height) : null;
                        for (NDArray p : new NDArray[] {contentPart, tvPart}) {
                            if (p != null) {
                                surrogate = surrogate == null ? p : surrogate.add(p);
                            }
                        }
                        if (surrogate == null) {
                            continue;
                        }
                        collector.backward(surrogate);
                    }
                    contentValue += contentPart == null ? 0 : scalar(contentPart);
                    tvValue += tvPart == null ? 0 : scalar(tvPart);
                    NDIndex at = TiledFeatures.pixels(t);
                    NDArray region = gradient.get(at);
                    region.attach(scope);
                    gradient.set(at, region.add(v.getGradient()));
                }
            }
            gradient.attach(x.getManager());
            return new Value(contentValue, style, tvValue, gradient);
        }
    }

    private void stopIfRequested() {
        if (stop.getAsBoolean()) {
            throw new StopRequested();
        }
    }

    /** Per style, per layer, Σ over the cores of the (masked) Gram sums, without gradients. */
    private List<Map<String, NDArray>> styleSums(NDArray x, TileGrid grid, NDManager evaluation) {
        List<Map<String, NDArray>> sums = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            sums.add(new HashMap<>());
        }
        if (styles.isEmpty()) {
            return sums;
        }
        int width = (int) x.getShape().get(3);
        int height = (int) x.getShape().get(2);
        for (TileGrid.Tile t : grid.tiles()) {
            stopIfRequested();
            try (NDManager scope = evaluation.newSubManager()) {
                NDArray v = x.get(TiledFeatures.pixels(t));
                v.attach(scope);
                Map<String, NDArray> features = network.extract(toNetwork.apply(v), styleLayers);
                for (int i = 0; i < styles.size(); i++) {
                    for (String l : styles.get(i).statistics().keySet()) {
                        NDArray s = coreSum(features.get(l), t, styles.get(i), i, l, width, height, scope);
                        NDArray sum = sums.get(i).get(l);
                        if (sum == null) {
                            s.attach(evaluation);
                            sums.get(i).put(l, s);
                        } else {
                            sum.addi(s);
                        }
                    }
                }
            }
        }
        return sums;
    }

    /** The Gram sum of a tile's core at one layer, weighted by the style's mask there. */
    private NDArray coreSum(NDArray features, TileGrid.Tile t, StyleTarget style, int styleIndex, String layer,
            int width, int height, NDManager scope) {
        int stride = strides.of(layer);
        NDArray core = features.get(TiledFeatures.coreInTile(t, stride, features.getShape()));
        core.attach(scope);
        if (style.mask() != null) {
            int[] at = TiledFeatures.coreInImage(t, stride, width, height);
            NDArray root = rootMask(style, styleIndex, layer, width, height, features.getDataType())
                    .get(new NDIndex(":, :, {}:{}, {}:{}", at[0], at[1], at[2], at[3]));
            root.attach(scope);
            core = core.mul(root);
        }
        return GramSums.of(core, style.diagonal());
    }

    /** √m at a layer's size for the whole image, cached per image size. */
    private NDArray rootMask(StyleTarget style, int index, String layer, int width, int height, DataType type) {
        String key = index + "/" + layer + "/" + width + "x" + height;
        NDArray cached = rootMasks.get(key);
        if (cached != null) {
            return cached;
        }
        int h = strides.positions(layer, height);
        int w = strides.positions(layer, width);
        float[] m = style.mask().resized(w, h);
        float[] root = new float[m.length];
        double sum = 0;
        for (int k = 0; k < m.length; k++) {
            sum += m[k];
            root[k] = (float) Math.sqrt(m[k]);
        }
        NDArray r;
        try (NDArray f = OwnedArrays.of(masks, root, new Shape(1, 1, h, w))) {
            r = f.toType(type, true);
        }
        r.attach(masks);
        rootMasks.put(key, r);
        maskAreas.put(key, Math.max(sum, 1e-6));
        return r;
    }

    /** The normalising area of a style's Gram at a layer: positions, or Σm under a mask. */
    private double area(StyleTarget style, int index, String layer, int width, int height) {
        if (style.mask() == null) {
            return (double) strides.positions(layer, width) * strides.positions(layer, height);
        }
        rootMask(style, index, layer, width, height, DataType.FLOAT32);
        return maskAreas.get(index + "/" + layer + "/" + width + "x" + height);
    }

    /** The core's share of the content loss: its squared errors over the whole layer's element count. */
    private NDArray contentOfCore(Map<String, NDArray> features, TileGrid.Tile t, int width, int height, NDManager scope) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : content.features().entrySet()) {
            String l = e.getKey();
            int stride = strides.of(l);
            NDArray f = features.get(l);
            NDArray mine = f.get(TiledFeatures.coreInTile(t, stride, f.getShape()));
            int[] at = TiledFeatures.coreInImage(t, stride, width, height);
            NDArray target = e.getValue().get(new NDIndex(":, :, {}:{}, {}:{}", at[0], at[1], at[2], at[3]));
            target.attach(scope);
            double coefficient = content.weight() * content.layerWeights().getOrDefault(l, 1.0)
                    / (content.divisors().get(l) * e.getValue().size());
            NDArray part = ScalarArithmetic.times(mine.sub(target).square().sum(), coefficient);
            total = total == null ? part : total.add(part);
        }
        return total;
    }

    /**
     * The core's share of the total variation: the differences from each core pixel to its neighbour below
     * and to its right, over the whole image's counts (each difference belongs to the core of its first pixel).
     */
    private NDArray tvOfCore(NDArray image, TileGrid.Tile t, int width, int height) {
        long channels = image.getShape().get(1);
        int r0 = t.coreY0() - t.y0();
        int r1 = t.coreY1() - t.y0();
        int c0 = t.coreX0() - t.x0();
        int c1 = t.coreX1() - t.x0();
        int downEnd = Math.min(r1, t.height() - 1);
        int acrossEnd = Math.min(c1, t.width() - 1);
        NDArray down = image.get(new NDIndex(":, :, {}:{}, {}:{}", r0 + 1, downEnd + 1, c0, c1))
                .sub(image.get(new NDIndex(":, :, {}:{}, {}:{}", r0, downEnd, c0, c1)));
        NDArray across = image.get(new NDIndex(":, :, {}:{}, {}:{}", r0, r1, c0 + 1, acrossEnd + 1))
                .sub(image.get(new NDIndex(":, :, {}:{}, {}:{}", r0, r1, c0, acrossEnd)));
        NDArray d = ScalarArithmetic.times(down.square().sum(), tvWeight / (channels * (height - 1.0) * width));
        NDArray a = ScalarArithmetic.times(across.square().sum(), tvWeight / (channels * height * (width - 1.0)));
        return d.add(a);
    }

    private static double scalar(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a.getDouble() : a.toType(DataType.FLOAT64, false).getDouble();
    }
}
