package dev.atelier.style.engine;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.WeightedLoss;
import java.util.List;

/**
 * A fixed judge of any image, ours or another tool's: the content and style loss of the picture as
 * written (8-bit), against a content and a style image, under a recipe's own layers, weights and scaling
 * and no smoothing term. Under {@link StyleRecipe#LESSON13} that is exactly the lesson's loss: content
 * MSE at the fourth block end ×1e6 plus Σ MSE of Gram/numel ×1e6 over the block ends.
 *
 * <p>The content image is resized to the judged image's size and the style image scale-matched to it
 * (covered, centre-cropped), as {@code stylize} does.
 */
public final class StyleJudge {
    private final StyleRecipe recipe;
    private final StyleTransferSettings settings;
    private final FeatureExtractor network;

    /**
     * @param recipe whose layers, weights and scaling judge
     * @param architecture the network {@code network} is (the recipe's layers are named for it)
     * @param network the feature network, already built with the weights to judge with
     */
    public StyleJudge(StyleRecipe recipe, VggArchitecture architecture, FeatureExtractor network) {
        this.recipe = recipe;
        this.settings = StyleTransferSettings.builder().optRecipe(recipe).optNetwork(architecture)
                .optScales("1").optTvWeight(0.0).build();
        this.network = network;
    }

    /** A judge on a VGG network built with the weights to judge with (the caller closes it). */
    public static StyleJudge on(StyleRecipe recipe, VggArchitecture architecture, dev.atelier.core.vgg.VggFeatures vgg) {
        return new StyleJudge(recipe, architecture, new VggFeatureExtractor(vgg));
    }

    /**
     * Refuses judging at {@code width x height} when its forward passes (the image, the content and the
     * style image, all brought to that size) would not fit in memory, before anything is decoded.
     *
     * @throws dev.atelier.core.SettingException for {@code size}, naming the size that fits
     */
    public static void checkMemory(StyleRecipe recipe, VggArchitecture architecture, int width, int height) {
        StyleTransferSettings s = StyleTransferSettings.builder().optRecipe(recipe).optNetwork(architecture).build();
        java.util.Set<Integer> taps = new java.util.TreeSet<>();
        s.contentLayers().forEach(l -> taps.add(architecture.layer(l).index()));
        s.styleLayers().keySet().forEach(l -> taps.add(architecture.layer(l).index()));
        MemoryEstimate.checkForward(architecture, taps, width, height);
    }

    /** The judge's losses of {@code image} (rounded to 8 bits first, as a written PNG would be). */
    public JudgeLosses judge(RgbImage image, RgbImage content, RgbImage style) {
        RgbImage written = RgbImage.of(image.toBufferedImage());
        int w = written.width();
        int h = written.height();
        checkMemory(recipe, settings.network(), w, h);
        try (NDManager manager = ActiveDevice.newManager()) {
            WeightedLoss loss = new LossBuilder(settings, network, new RgbPixelSpace())
                    .build(List.of(content.resized(w, h)), List.of(StyleInput.of(style)), w, h, manager);
            LossTerms terms = loss.evaluate(RgbPixelSpace.normalised(manager, List.of(written)));
            double c = terms.content().getFloat(0);
            double s = terms.style().getFloat(0);
            return new JudgeLosses(recipe.id(), w, h, c, s, c + s);
        }
    }
}
