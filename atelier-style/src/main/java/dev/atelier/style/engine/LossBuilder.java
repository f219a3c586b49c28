package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.ContentTerm;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.GramStyleTerm;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.color.ColorMatch;
import dev.atelier.style.color.LuminanceMatch;
import dev.atelier.style.loss.LossTerm;
import dev.atelier.style.loss.MomentsStyleTerm;
import dev.atelier.style.loss.TotalVariationTerm;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns settings and target images into the list of weighted loss terms for one scale: the content term,
 * one style term per style (its blend weight, mask and scale), total variation.
 */
final class LossBuilder {
    private final StyleTransferSettings settings;
    private final FeatureExtractor network;
    private final PixelSpace space;

    LossBuilder(StyleTransferSettings settings, FeatureExtractor network, PixelSpace space) {
        this.settings = settings;
        this.network = network;
        this.space = space;
    }

    /**
     * @param contents the content images at the scale's size (empty in style mode)
     * @param styles the styles, at any size (each is scale-matched here)
     * @param manager owns the targets; close it when the loss is no longer used
     */
    WeightedLoss build(List<RgbImage> contents, List<StyleInput> styles, int width, int height, NDManager manager) {
        LossScaling scaling = LossScaling.of(settings.normalization(), settings.mode() == StyleMode.CONTENT);
        List<WeightedTerm> terms = new ArrayList<>();
        if (settings.mode().usesContent()) {
            List<RgbImage> views = new ArrayList<>();
            for (RgbImage c : contents) {
                views.add(space.networkView(c));
            }
            NDArray batch = RgbPixelSpace.normalised(manager, views);
            Map<String, Double> layerWeights = new LinkedHashMap<>();
            settings.contentLayers().forEach(l -> layerWeights.put(l, 1.0));
            Map<String, NDArray> targets = network.extract(batch, settings.contentLayers());
            terms.add(new WeightedTerm(new ContentTerm(targets, layerWeights, scaling, manager), settings.contentWeight()));
        }
        if (settings.mode().usesStyle()) {
            double[] blend = StyleInput.blend(styles);
            for (int i = 0; i < styles.size(); i++) {
                StyleInput s = styles.get(i);
                if (blend[i] == 0) {
                    continue;
                }
                RgbImage target = colourPrepared(scaleMatched(s.image(), width, height, settings.styleScale() * s.scale()),
                        contents);
                NDArray tensor = RgbPixelSpace.normalised(manager, List.of(space.networkView(target)));
                Map<String, NDArray> features = network.extract(tensor, settings.styleLayers().keySet());
                terms.add(new WeightedTerm(styleTerm(features, s, scaling, manager), settings.styleWeight() * blend[i]));
            }
        }
        if (settings.tvWeight() > 0) {
            terms.add(new WeightedTerm(new TotalVariationTerm(), settings.tvWeight()));
        }
        return new WeightedLoss(network, terms);
    }

    private LossTerm styleTerm(Map<String, NDArray> features, StyleInput style, LossScaling scaling, NDManager manager) {
        return switch (settings.styleLoss()) {
            case GRAM -> new GramStyleTerm(features, settings.styleLayers(), false, style.mask(), scaling, manager);
            case DIAGONAL -> new GramStyleTerm(features, settings.styleLayers(), true, style.mask(), scaling, manager);
            case MOMENTS -> new MomentsStyleTerm(features, settings.styleLayers(), manager);
        };
    }

    /** The style image as the colour mode wants it, given the content it will paint. */
    RgbImage colourPrepared(RgbImage style, List<RgbImage> contents) {
        return switch (settings.colorMode()) {
            case NONE -> style;
            case KEEP -> LuminanceMatch.matched(style, contents.get(0));
            // the output cannot leave the displayable range, so neither may the colours it is asked to match
            case MATCH -> ColorMatch.matched(style, contents.get(0), settings.colorStrength()).clipped();
        };
    }

    /**
     * The lesson's {@code scale_match}: the style image scaled to cover the output, times {@code scale},
     * then centre-cropped to the output size where it is larger.
     */
    static RgbImage scaleMatched(RgbImage style, int width, int height, double scale) {
        double cover = Math.max(width / (double) style.width(), height / (double) style.height());
        double f = cover * scale;
        int w = Math.max(1, (int) Math.round(style.width() * f));
        int h = Math.max(1, (int) Math.round(style.height() * f));
        return style.resized(w, h).centreCrop(width, height);
    }
}
