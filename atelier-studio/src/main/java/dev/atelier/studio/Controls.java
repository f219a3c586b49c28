package dev.atelier.studio;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's controls, as JSON: what to paint and how. Every field may be left out (null) for its
 * default. During a run, {@link #steeredBy} applies a change to the controls that may change while the
 * engine runs; the run's content, size, evaluation budget, scales, recipe and seed stay as they started.
 *
 * @param content the content image reference ({@code example:NAME} or {@code upload:ID})
 * @param styles the styles, each with its weight, optional mask and scale
 * @param size long side of the output in pixels (default {@value #DEFAULT_SIZE})
 * @param maxEvals evaluations to spend (default {@value #DEFAULT_MAX_EVALS})
 * @param scales coarse-to-fine ladder: {@code auto}, a count or a list of long sides (default auto)
 * @param recipe {@code gatys} (default) or {@code lesson13}
 * @param styleWeight style loss weight (default: the recipe's)
 * @param contentWeight content loss weight (default: the recipe's)
 * @param tvWeight total-variation weight (default: the recipe's)
 * @param styleLayers {@code NAME:W,...} (default: the recipe's)
 * @param colors {@code none}, {@code keep} or {@code match}
 * @param styleScale the style images' scale (below 1: finer strokes)
 * @param seed seed of noise and random weights
 * @param previewEvery evaluations between two preview images (default {@value #DEFAULT_PREVIEW_EVERY})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Controls(String content, List<StyleChoice> styles, Integer size, Integer maxEvals, String scales,
        String recipe, Double styleWeight, Double contentWeight, Double tvWeight, String styleLayers, String colors,
        Double styleScale, Long seed, Integer previewEvery) {
    public static final int DEFAULT_SIZE = 256;
    public static final int DEFAULT_MAX_EVALS = 150;
    public static final int DEFAULT_PREVIEW_EVERY = 5;
    /** The largest output the studio paints: bigger runs belong to {@code atelier stylize}. */
    public static final int MAX_SIZE = 1024;
    public static final int MAX_EVALS = 5000;
    public static final int MAX_STYLES = 4;

    /**
     * One style of a run.
     *
     * @param image the style image reference
     * @param weight blend weight (default 1)
     * @param mask where it applies: a PNG as a {@code data:} URL or plain base64, white = here; null = everywhere
     * @param scale this style's own scale (default 1)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StyleChoice(String image, Double weight, String mask, Double scale) {}

    /** The run's settings; checked (layer names, value ranges) by the builder. */
    public StyleTransferSettings.Builder settings(boolean randomWeights) {
        int s = size == null ? DEFAULT_SIZE : size;
        int e = maxEvals == null ? DEFAULT_MAX_EVALS : maxEvals;
        if (s > MAX_SIZE) {
            throw new InvalidInputException("size " + s + " is more than the studio's " + MAX_SIZE
                    + " px; use atelier stylize for larger pictures");
        }
        if (e > MAX_EVALS) {
            throw new InvalidInputException("maxEvals " + e + " is more than the studio's " + MAX_EVALS);
        }
        int every = previewEvery == null ? DEFAULT_PREVIEW_EVERY : previewEvery;
        if (every < 1) {
            throw new InvalidInputException("previewEvery must be at least 1, got " + every);
        }
        return StyleTransferSettings.builder()
                .optRecipe(recipe == null ? StyleRecipe.GATYS : StyleRecipe.parse(recipe))
                .optSize(s)
                .optMaxEvaluations(e)
                .optScales(scales == null || scales.isBlank() ? "auto" : scales.trim())
                .optStyleWeight(styleWeight)
                .optContentWeight(contentWeight)
                .optTvWeight(tvWeight)
                .optStyleLayers(styleLayers == null || styleLayers.isBlank() ? null : dev.atelier.style.engine.StyleLayerWeights.parse(styleLayers))
                .optColorMode(colors == null ? ColorMode.NONE : ColorMode.parse(colors))
                .optStyleScale(styleScale == null ? 1.0 : styleScale)
                .optSeed(seed == null ? 0 : seed)
                .optSaveEvery(every)
                .optRandomWeights(randomWeights)
                // the studio is about seeing the picture change: the faster arithmetic where the processor has it
                .optPrecision(FeaturePrecision.auto());
    }

    /** Checks what a run needs beyond its settings: a content image and one to four styles. */
    public void requireRunnable() {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("choose or upload a content image");
        }
        if (styles == null || styles.isEmpty()) {
            throw new InvalidInputException("choose or upload at least one style image");
        }
        if (styles.size() > MAX_STYLES) {
            throw new InvalidInputException("at most " + MAX_STYLES + " styles, got " + styles.size());
        }
    }

    /**
     * These controls with {@code change} applied: its non-null fields replace these, except the ones fixed
     * when a run starts (content, size, evaluations, scales, recipe, seed, preview interval).
     */
    public Controls steeredBy(Controls change) {
        return new Controls(content, pick(change.styles, styles), size, maxEvals, scales, recipe,
                pick(change.styleWeight, styleWeight), pick(change.contentWeight, contentWeight),
                pick(change.tvWeight, tvWeight), pick(change.styleLayers, styleLayers), pick(change.colors, colors),
                pick(change.styleScale, styleScale), seed, previewEvery);
    }

    /** These controls with every field of {@code override} that is set replacing its own (a branch). */
    public Controls overriddenBy(Controls o) {
        return new Controls(pick(o.content, content), pick(o.styles, styles), pick(o.size, size),
                pick(o.maxEvals, maxEvals), pick(o.scales, scales), pick(o.recipe, recipe),
                pick(o.styleWeight, styleWeight), pick(o.contentWeight, contentWeight), pick(o.tvWeight, tvWeight),
                pick(o.styleLayers, styleLayers), pick(o.colors, colors), pick(o.styleScale, styleScale),
                pick(o.seed, seed), pick(o.previewEvery, previewEvery));
    }

    /** These controls without the masks' pixel data (for listings: masks are stored as files). */
    public Controls withoutMaskData() {
        if (styles == null) {
            return this;
        }
        List<StyleChoice> light = new ArrayList<>();
        for (StyleChoice c : styles) {
            light.add(new StyleChoice(c.image, c.weight, c.mask == null ? null : "painted", c.scale));
        }
        return new Controls(content, light, size, maxEvals, scales, recipe, styleWeight, contentWeight, tvWeight,
                styleLayers, colors, styleScale, seed, previewEvery);
    }

    private static <T> T pick(T changed, T current) {
        return changed != null ? changed : current;
    }

}
