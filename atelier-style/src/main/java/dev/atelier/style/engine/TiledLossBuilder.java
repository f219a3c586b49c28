package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.optim.StopRequested;
import dev.atelier.style.tile.ContentTarget;
import dev.atelier.style.tile.LayerStrides;
import dev.atelier.style.tile.StyleTarget;
import dev.atelier.style.tile.TileGrid;
import dev.atelier.style.tile.TiledFeatures;
import dev.atelier.style.tile.TiledObjective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The tiled counterpart of {@link LossBuilder}: the same terms (content, one Gram or diagonal style per
 * style with its blend weight, mask and scale, total variation) with the same scaling, but with every
 * target computed tile by tile, so that a scale too large for one pass never runs the network on the
 * whole image.
 */
final class TiledLossBuilder {
    private final StyleTransferSettings settings;
    private final FeatureExtractor network;
    private final PixelSpace space;
    private final BooleanSupplier stop;

    /**
     * @param stop asked before each tile's pass, while the targets are built and in every evaluation of the
     *     objective: a stop request ends either with {@link StopRequested}
     */
    TiledLossBuilder(StyleTransferSettings settings, FeatureExtractor network, PixelSpace space, BooleanSupplier stop) {
        this.settings = settings;
        this.network = network;
        this.space = space;
        this.stop = stop;
    }

    /**
     * @param contents the content image at the scale's size (empty in style mode)
     * @param styles the styles, at any size (each is scale-matched here)
     * @param core the tiles' core side
     * @param margin the tiles' margin
     * @param manager owns the targets; close it when the objective is no longer used
     * @throws StopRequested when a stop is requested while the targets are built
     */
    TiledObjective build(List<RgbImage> contents, List<StyleInput> styles, int width, int height, int core, int margin,
            NDManager manager) {
        LossScaling scaling = LossScaling.of(settings.normalization(), settings.mode() == StyleMode.CONTENT);
        Set<String> layers = new LinkedHashSet<>(settings.contentLayers());
        layers.addAll(settings.styleLayers().keySet());
        LayerStrides strides = LayerStrides.probe(network, layers, DataType.FLOAT32);
        ContentTarget content = null;
        if (settings.mode().usesContent()) {
            Map<String, NDArray> features;
            try (NDManager input = manager.newSubManager()) {
                NDArray image = RgbPixelSpace.normalised(input, List.of(space.networkView(contents.get(0))));
                features = TiledFeatures.assemble(network, image, grid(width, height, core, margin, strides),
                        settings.contentLayers(), strides, manager, stop);
            }
            Map<String, Double> layerWeights = new LinkedHashMap<>();
            Map<String, Double> divisors = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : features.entrySet()) {
                layerWeights.put(e.getKey(), 1.0);
                try (NDArray d = scaling.contentDivisor(e.getValue(), manager)) {
                    divisors.put(e.getKey(), (double) d.getFloat(0));
                }
            }
            content = new ContentTarget(features, layerWeights, divisors, settings.contentWeight());
        }
        List<StyleTarget> targets = new ArrayList<>();
        if (settings.mode().usesStyle()) {
            LossBuilder plain = new LossBuilder(settings, network, space);
            double[] blend = StyleInput.blend(styles);
            boolean diagonal = settings.styleLoss() == StyleLossKind.DIAGONAL;
            for (int i = 0; i < styles.size(); i++) {
                StyleInput s = styles.get(i);
                if (blend[i] == 0) {
                    continue;
                }
                RgbImage target = plain.colourPrepared(LossBuilder.scaleMatched(s.image(), width, height,
                        settings.styleScale() * s.scale()), contents);
                Map<String, NDArray> statistics = new LinkedHashMap<>();
                Map<String, Double> divisors = new LinkedHashMap<>();
                try (NDManager input = manager.newSubManager()) {
                    NDArray image = RgbPixelSpace.normalised(input, List.of(space.networkView(target)));
                    Map<String, NDArray> sums = TiledFeatures.gramSums(network, image,
                            grid(target.width(), target.height(), core, margin, strides), settings.styleLayers().keySet(),
                            strides, diagonal, input, stop);
                    for (Map.Entry<String, NDArray> e : sums.entrySet()) {
                        String l = e.getKey();
                        double positions = (double) strides.positions(l, target.width()) * strides.positions(l, target.height());
                        NDArray g = ScalarArithmetic.times(e.getValue(),
                                scaling.statisticFactor() / (e.getValue().getShape().get(1) * positions));
                        g.attach(manager);
                        statistics.put(l, g);
                        divisors.put(l, scaling.statisticDivisor(g));
                    }
                }
                targets.add(new StyleTarget(statistics, settings.styleLayers(), divisors, diagonal, s.mask(),
                        scaling.statisticFactor(), settings.styleWeight() * blend[i]));
            }
        }
        return new TiledObjective(network, space::toNetwork, strides, core, margin, content, targets,
                settings.tvWeight(), manager, stop);
    }

    private static TileGrid grid(int width, int height, int core, int margin, LayerStrides strides) {
        return TileGrid.of(width, height, core, margin, strides.alignment(), 0, 0);
    }
}
