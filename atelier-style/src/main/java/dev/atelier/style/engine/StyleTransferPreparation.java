package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything decided before a style transfer starts, once, for every front end (the command line, the
 * studio, Spark rows): which network (the weights may say), the settings checked, the inputs checked
 * against them (a content image where the mode needs one, style masks of the output's shape, a readable
 * start image), the outputs grouped into batches of one size, memory and tiling for each batch, and, last,
 * the weights loaded and the settings adjusted for random ones. A run that passes is refused by nothing
 * the user gave; a slow weight load never comes before a bad setting is reported.
 */
public final class StyleTransferPreparation {
    private StyleTransferPreparation() {}

    /** Where the network's weights come from; they are loaded only once every check has passed. */
    public interface WeightsSource {
        /** The network the weights hold, when they say (a given weight file); empty when they do not. */
        Optional<VggArchitecture> architecture();

        /**
         * The weights for {@code network}, {@link NetworkWeights#random()} when there are none.
         *
         * @throws InvalidInputException when weights are required and there are none, or they do not fit
         */
        NetworkWeights load(VggArchitecture network) throws IOException;
    }

    /**
     * Content images whose outputs have one size, run together.
     *
     * @param contents indices into the content list (empty in style mode, where the one output is the texture)
     * @param width the output's width
     * @param height the output's height
     */
    public record Batch(List<Integer> contents, int width, int height) {}

    /**
     * A run ready to start.
     *
     * @param settings the final settings (network chosen, random-weights adjustment applied)
     * @param weights the loaded weights
     * @param batches the outputs, by size, in the order of the contents
     */
    public record PreparedRun(StyleTransferSettings settings, NetworkWeights weights, List<Batch> batches) {
        /** An engine for this run. */
        public StyleTransferEngine engine() {
            return new StyleTransferEngine(settings, weights);
        }
    }

    /**
     * Prepares a run.
     *
     * @param builder the settings as given (its network is set here when the weights say and it has none)
     * @param contents the content images (ignored in style mode)
     * @param styles the styles, with their weights, masks and scales (ignored in content mode)
     * @param weights where the weights come from
     * @throws InvalidInputException for anything the run would refuse, before any weight is loaded
     */
    public static PreparedRun prepare(StyleTransferSettings.Builder builder, List<RgbImage> contents,
            List<StyleInput> styles, WeightsSource weights) throws IOException {
        // the settings are checked before the weights are read to see which network they hold
        StyleTransferSettings draft = builder.build();
        if (!builder.hasNetwork()) {
            Optional<VggArchitecture> held = weights.architecture();
            if (held.isPresent() && held.get() != draft.network()) {
                draft = builder.optNetwork(held.get()).build();
            }
        }
        StyleMode mode = draft.mode();
        if (mode.usesContent() && contents.isEmpty()) {
            throw new InvalidInputException(mode.id() + " mode needs at least one content image");
        }
        if (mode.usesStyle() && styles.isEmpty()) {
            throw new InvalidInputException(mode.id() + " mode needs a style image");
        }
        if (mode.usesStyle()) {
            StyleInput.blend(styles);
        }
        List<Batch> batches = batches(draft, contents, styles);
        for (Batch b : batches) {
            StyleTransferEngine.checkMemory(draft, Math.max(1, b.contents().size()), b.width(), b.height());
            checkMasks(draft, styles, b.width(), b.height());
            checkScaledStyles(draft, styles, b.width(), b.height());
        }
        if (draft.start() instanceof StartImage.FromFile f) {
            ImageFiles.read(f.file());
        }
        NetworkWeights loaded = weights.load(draft.network());
        return new PreparedRun(builder.optRandomWeights(loaded.isRandom()).build(), loaded, batches);
    }

    /** Content images that come out the same size run together (one at a time with colour modes). */
    private static List<Batch> batches(StyleTransferSettings s, List<RgbImage> contents, List<StyleInput> styles) {
        if (!s.mode().usesContent()) {
            RgbImage style = styles.get(0).image();
            int[] wh = StyleTransferEngine.outputSize(style.width(), style.height(), s.size());
            return List.of(new Batch(List.of(), wh[0], wh[1]));
        }
        boolean oneAtATime = s.colorMode() != ColorMode.NONE;
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        Map<String, int[]> sizes = new LinkedHashMap<>();
        for (int i = 0; i < contents.size(); i++) {
            int[] wh = StyleTransferEngine.outputSize(contents.get(i).width(), contents.get(i).height(), s.size());
            String key = oneAtATime ? "item" + i : wh[0] + "x" + wh[1];
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            sizes.put(key, wh);
        }
        List<Batch> out = new ArrayList<>();
        groups.forEach((k, indices) -> out.add(new Batch(List.copyOf(indices), sizes.get(k)[0], sizes.get(k)[1])));
        return out;
    }

    /**
     * Checks that every style image, scaled to cover the output and then by its scales, stays within the
     * image pixel limit: computed in doubles, so that no scale can overflow into a small size.
     *
     * @throws dev.atelier.core.SettingException naming the size the scales would make
     */
    static void checkScaledStyles(StyleTransferSettings s, List<StyleInput> styles, int width, int height) {
        if (!s.mode().usesStyle()) {
            return;
        }
        long max = dev.atelier.core.image.ImagePixelLimit.LIMIT.value();
        for (int i = 0; i < styles.size(); i++) {
            RgbImage image = styles.get(i).image();
            double cover = Math.max(width / (double) image.width(), height / (double) image.height());
            double f = cover * s.styleScale() * styles.get(i).scale();
            double w = Math.rint(image.width() * f);
            double h = Math.rint(image.height() * f);
            if (w * h > max) {
                throw new dev.atelier.core.SettingException("style_scale", String.format(java.util.Locale.ROOT,
                        "scales style %d to %.0fx%.0f pixels, over the limit of %.1f MP; use a smaller style scale",
                        i + 1, w, h, max / 1e6));
            }
        }
    }

    /**
     * Checks the styles' masks against an output of {@code width x height}: each of its shape, and a style
     * loss that can be masked. Also used when a running job's styles change.
     *
     * @throws InvalidInputException naming the style whose mask does not fit
     */
    public static void checkMasks(StyleTransferSettings s, List<StyleInput> styles, int width, int height) {
        if (!s.mode().usesStyle()) {
            return;
        }
        for (int i = 0; i < styles.size(); i++) {
            if (styles.get(i).mask() == null) {
                continue;
            }
            if (s.styleLoss() == StyleLossKind.MOMENTS) {
                throw new dev.atelier.core.SettingException("style_loss",
                        "style masks work with the gram and diagonal style losses, not moments");
            }
            styles.get(i).mask().requireAspectOf(width, height, "the mask of style " + (i + 1));
        }
    }
}
