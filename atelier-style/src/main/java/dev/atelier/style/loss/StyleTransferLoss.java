package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * total = content_weight·content + style_weight·style + tv_weight·tv, for a batch of images, with one
 * forward pass through the feature network per evaluation.
 */
public final class StyleTransferLoss {
    private final FeatureExtractor network;
    private final ContentLoss content;
    private final GramStyleLoss style;
    private final double contentWeight;
    private final double styleWeight;
    private final double tvWeight;
    private final Set<String> layers = new LinkedHashSet<>();

    /**
     * @param content the content term, or null in style-only mode
     * @param style the style term, or null in content-only mode
     */
    public StyleTransferLoss(FeatureExtractor network, ContentLoss content, GramStyleLoss style,
            double contentWeight, double styleWeight, double tvWeight) {
        if (content == null && style == null) {
            throw new IllegalArgumentException("need a content term, a style term or both");
        }
        this.network = network;
        this.content = content;
        this.style = style;
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        this.tvWeight = tvWeight;
        if (content != null) {
            layers.addAll(content.layers());
        }
        if (style != null) {
            layers.addAll(style.layers());
        }
    }

    /** Evaluates every term on {@code images (N, 3, H, W)}; call inside a gradient collector to differentiate. */
    public LossTerms evaluate(NDArray images) {
        var features = network.extract(images, layers);
        NDArray c = content == null ? null : content.compute(features).mul(contentWeight);
        NDArray s = style == null ? null : style.compute(features).mul(styleWeight);
        NDArray tv = tvWeight == 0 ? null : TotalVariationLoss.compute(images).mul(tvWeight);
        NDArray perItem = null;
        for (NDArray term : new NDArray[] {c, s, tv}) {
            if (term != null) {
                perItem = perItem == null ? term : perItem.add(term);
            }
        }
        return new LossTerms(c, s, tv, perItem.sum());
    }
}
