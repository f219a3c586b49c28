package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.color.Yiq;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.StyleLossKind;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.ContentTerm;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.GramStyleTerm;
import dev.atelier.style.loss.LossScaling;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.TotalVariationTerm;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The perceptual loss a style network is trained with: the style engine's own terms, as
 * {@code stylize} weighs them for the same settings. For each photo of a batch and the network's
 * picture of it: the content term at the settings' content layers against the photo's VGG features,
 * the Gram style term at the style layers (with their weights) against the style image's Gram
 * matrices, computed once, and total variation. The weights, the recipe's normalisation and the style
 * scale are the settings'.
 *
 * <p>With {@link ColorMode#KEEP} the loss sees luminance only, as {@code stylize --colors keep} does: the
 * picture, the photo and the style are turned grey (their YIQ luminance) before VGG sees them, so the
 * network learns to paint light and texture, and {@link StyleNetApplier} puts the photo's own colours
 * back. Other colour modes match colours to one content picture and have no meaning for a network
 * that paints every photo; the style's own colours are used.
 */
public final class StyleNetLoss implements AutoCloseable {
    /** Columns of {@link #perItem}: content, style, total variation, each already weighted. */
    public static final int TERMS = 3;

    private final FeatureExtractor network;
    private final StyleTransferSettings settings;
    private final boolean luminanceOnly;
    private final LossScaling scaling;
    private final NDManager manager;
    private final GramStyleTerm style;

    /**
     * @param network the feature network (VGG), with the settings' pooling
     * @param settings weights, layers, normalisation, colour mode and style scale; Gram style loss only
     * @param styleImage the style picture, RGB in [0, 1]
     * @param paintSize the side of the (square) pictures the style is scale-matched to: the training's paint
     *     size, so that crops of pictures of that size are compared with the style at that size
     * @param manager owns the style targets; the loss closes them on {@link #close}
     */
    public StyleNetLoss(FeatureExtractor network, StyleTransferSettings settings, RgbImage styleImage,
            int paintSize, NDManager manager) {
        if (settings.styleLoss() != StyleLossKind.GRAM) {
            throw new IllegalArgumentException("style networks train with the Gram style loss, not " + settings.styleLoss());
        }
        this.network = network;
        this.settings = settings;
        this.luminanceOnly = settings.colorMode() == ColorMode.KEEP;
        this.scaling = LossScaling.of(settings.normalization(), false);
        this.manager = manager.newSubManager();
        RgbImage target = scaleMatched(styleImage, paintSize, settings.styleScale());
        if (luminanceOnly) {
            target = grey(target);
        }
        NDArray pixels = OwnedArrays.of(this.manager, target.pixels(), new Shape(1, 3, target.height(), target.width()));
        NDArray normalised = ImageNetNormalization.normalize(pixels);
        Map<String, NDArray> features = network.extract(normalised, settings.styleLayers().keySet());
        this.style = new GramStyleTerm(features, settings.styleLayers(), false, null, scaling, this.manager);
    }

    /** The settings the loss was made from. */
    public StyleTransferSettings settings() {
        return settings;
    }

    /** Whether the loss sees luminance only ({@link ColorMode#KEEP}). */
    public boolean luminanceOnly() {
        return luminanceOnly;
    }

    /**
     * The weighted loss terms of each picture, {@code (N, 3)}: content, style and total variation of
     * {@code pictures} against {@code photos}. Differentiable with respect to {@code pictures}.
     *
     * @param photos the network's inputs, RGB in [0, 1], {@code (N, 3, H, W)}
     * @param pictures the network's outputs for them, RGB in [0, 1], same shape
     */
    public NDArray perItem(NDArray photos, NDArray pictures) {
        NDArray content = ImageNetNormalization.normalize(luminanceOnly ? grey(photos) : photos);
        NDArray seen = ImageNetNormalization.normalize(luminanceOnly ? grey(pictures) : pictures);
        NDManager batch = photos.getManager();
        Map<String, Double> layerWeights = new LinkedHashMap<>();
        settings.contentLayers().forEach(l -> layerWeights.put(l, 1.0));
        List<WeightedTerm> terms = new ArrayList<>();
        Map<String, NDArray> targets = network.extract(content, settings.contentLayers());
        terms.add(new WeightedTerm(new ContentTerm(targets, layerWeights, scaling, batch), settings.contentWeight()));
        terms.add(new WeightedTerm(style, settings.styleWeight()));
        if (settings.tvWeight() > 0) {
            terms.add(new WeightedTerm(new TotalVariationTerm(), settings.tvWeight()));
        }
        LossTerms t = new WeightedLoss(network, terms).evaluate(seen);
        long n = photos.getShape().get(0);
        NDList columns = new NDList();
        for (NDArray v : new NDArray[] {t.content(), t.style(), t.totalVariation()}) {
            columns.add(v == null ? batch.zeros(new Shape(n, 1)) : v.reshape(n, 1));
        }
        return NDArrays.concat(columns, 1);
    }

    /** RGB {@code (N, 3, H, W)} to its luminance repeated in three channels (YIQ with no chroma), differentiably. */
    static NDArray grey(NDArray rgb) {
        float[] weights = new float[3];
        for (int c = 0; c < 3; c++) {
            weights[c] = Yiq.fromRgb(unit(c))[0];
        }
        try (NDArray w = OwnedArrays.of(rgb.getManager(), weights, new Shape(1, 3, 1, 1))) {
            NDArray y = rgb.mul(w).sum(new int[] {1}, true);
            return NDArrays.concat(new NDList(y, y, y), 1);
        }
    }

    /** One pixel of pure channel {@code c}, planar. */
    private static float[] unit(int c) {
        float[] p = new float[3];
        p[c] = 1;
        return p;
    }

    /** {@code image} grey: its luminance in every channel. */
    static RgbImage grey(RgbImage image) {
        float[] y = Yiq.luminance(image);
        int n = y.length;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(y, 0, out, c * n, n);
        }
        return new RgbImage(image.width(), image.height(), out).clipped();
    }

    /**
     * The lesson's {@code scale_match} for a square output of side {@code size}: the style scaled to
     * cover it, times {@code scale}, centre-cropped to it where larger (as {@code stylize} prepares it).
     */
    static RgbImage scaleMatched(RgbImage style, int size, double scale) {
        double cover = Math.max(size / (double) style.width(), size / (double) style.height());
        double f = cover * scale;
        int w = Math.max(1, (int) Math.round(style.width() * f));
        int h = Math.max(1, (int) Math.round(style.height() * f));
        return style.resized(w, h).centreCrop(size, size);
    }

    @Override
    public void close() {
        manager.close();
    }
}
