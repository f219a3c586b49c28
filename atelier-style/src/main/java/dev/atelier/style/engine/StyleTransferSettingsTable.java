package dev.atelier.style.engine;

import static dev.atelier.style.settings.FrontEnd.SPARK;
import static dev.atelier.style.settings.FrontEnd.STUDIO;

import dev.atelier.core.SettingException;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingType;
import dev.atelier.style.settings.SettingsTable;
import dev.atelier.style.settings.ValueRange;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every style-transfer setting, once: the command line's {@code stylize} options, the studio's fields,
 * Spark's manifest columns and {@code --set}, presets and the sidecar's {@code settings} are all derived
 * from this table (docs/contributing.md, "Adding a setting"). {@link StyleTransferSettings.Builder} takes its
 * defaults from it and checks every resolved value against it.
 */
public final class StyleTransferSettingsTable {
    /** The largest style scale: beyond it the style image alone would outgrow any memory guard. */
    public static final double MAX_STYLE_SCALE = 16;

    private StyleTransferSettingsTable() {}

    private static <T> Setting.Definition<T, StyleTransferSettings.Builder, StyleTransferSettings> setting(String key,
            SettingType<T> type, java.util.function.BiConsumer<StyleTransferSettings.Builder, T> apply,
            Function<StyleTransferSettings, T> resolved) {
        return Setting.define(key, type, apply, resolved);
    }

    private static <E extends Enum<E>> SettingType<E> choice(Class<E> type, Function<String, E> parse, Function<E, String> id) {
        return SettingType.choice(Arrays.stream(type.getEnumConstants()).map(id).toList(), parse, id);
    }

    private static final SettingType<List<String>> LAYER_LIST = SettingType.parsedBy("layer names or indices, comma-separated",
            text -> {
                List<String> layers = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                if (layers.isEmpty()) {
                    throw new SettingException("content_layers", "give at least one layer, e.g. relu4_2");
                }
                return layers;
            }, layers -> String.join(",", layers));

    private static final SettingType<Map<String, Double>> LAYER_WEIGHTS = SettingType.parsedBy(
            "NAME:WEIGHT pairs, comma-separated", StyleLayerWeights::parse, StyleLayerWeights::format);

    /** The table. */
    public static final SettingsTable<StyleTransferSettings.Builder, StyleTransferSettings> TABLE = new SettingsTable<>(
            "style transfer", List.of(
            setting("mode", choice(StyleMode.class, StyleMode::parse, StyleMode::id), StyleTransferSettings.Builder::optMode,
                    StyleTransferSettings::mode)
                    .described("Mode", "MODE", "transfer paints the content images in the style; content reconstructs "
                            + "them from their activations; style synthesises the style's texture")
                    .byDefault(StyleMode.TRANSFER).sidecar("mode", s -> s.mode().id()).notIn(STUDIO, SPARK).notLook().build(),
            setting("recipe", choice(StyleRecipe.class, StyleRecipe::parse, StyleRecipe::id),
                    StyleTransferSettings.Builder::optRecipe, StyleTransferSettings::recipe)
                    .described("Recipe", "RECIPE", "gatys (VGG19, average pooling) or lesson13 (VGG16-BN, max pooling): "
                            + "the network, layers and weights the other settings default to")
                    .byDefault(StyleRecipe.GATYS).sidecar("recipe", s -> s.recipe().id()).build(),
            setting("net", choice(VggArchitecture.class, VggArchitecture::parse, VggArchitecture::id),
                    StyleTransferSettings.Builder::optNetwork, StyleTransferSettings::network)
                    .described("Network", "NAME", "the VGG network: vgg16, vgg16_bn, vgg19 or vgg19_bn")
                    .byDefaultDescribed("the one the weights hold, else the recipe's").sidecar("net", s -> s.network().id()).build(),
            setting("pooling", choice(PoolingMode.class, PoolingMode::parse, p -> p.id()),
                    StyleTransferSettings.Builder::optPooling, StyleTransferSettings::pooling)
                    .described("Pooling", "max|avg", "the network's pooling layers: max (as trained) or avg (Gatys et al.)")
                    .byDefaultDescribed("the recipe's").sidecar("pooling", s -> s.pooling().id()).build(),
            setting("content_layers", LAYER_LIST, StyleTransferSettings.Builder::optContentLayers,
                    StyleTransferSettings::contentLayers)
                    .described("Content layers", "LAYER,...", "the layers whose activations the content loss compares, "
                            + "e.g. relu4_2 or 22")
                    .byDefaultDescribed("the recipe's").build(),
            setting("style_layers", LAYER_WEIGHTS, StyleTransferSettings.Builder::optStyleLayers,
                    StyleTransferSettings::styleLayers)
                    .described("Style layers", "NAME:W,...", "the layers whose statistics the style loss compares, each "
                            + "with its weight, e.g. relu1_1:1,relu2_1:0.5")
                    .byDefaultDescribed("the recipe's").check((key, layers) -> layers.forEach((name, w) -> {
                        if (!ValueRange.atLeast(0).contains(w)) {
                            throw new SettingException(key, "the weight of " + name + " must be zero or positive, got " + w);
                        }
                    })).build(),
            setting("content_weight", SettingType.NUMBER, StyleTransferSettings.Builder::optContentWeight,
                    StyleTransferSettings::contentWeight)
                    .described("Content weight", "W", "the weight of the content loss")
                    .byDefaultDescribed("the recipe's").range(ValueRange.atLeast(0)).build(),
            setting("style_weight", SettingType.NUMBER, StyleTransferSettings.Builder::optStyleWeight,
                    StyleTransferSettings::styleWeight)
                    .described("Style weight", "W", "the weight of the style loss")
                    .byDefaultDescribed("the recipe's, x" + (int) StyleTransferSettings.RANDOM_WEIGHTS_STYLE_BOOST
                            + " with random weights")
                    .range(ValueRange.atLeast(0)).build(),
            setting("tv_weight", SettingType.NUMBER, StyleTransferSettings.Builder::optTvWeight, StyleTransferSettings::tvWeight)
                    .described("Smoothing (TV) weight", "W", "the weight of the total-variation smoothing loss")
                    .byDefaultDescribed("the recipe's").range(ValueRange.atLeast(0)).build(),
            setting("style_loss", choice(StyleLossKind.class, StyleLossKind::parse, StyleLossKind::id),
                    StyleTransferSettings.Builder::optStyleLoss, StyleTransferSettings::styleLoss)
                    .described("Style statistic", "gram|diagonal|moments", "how style is compared: Gram matrices (the "
                            + "lesson), their diagonals, or means and covariances (Wasserstein-2)")
                    .byDefault(StyleLossKind.GRAM).sidecar("style_loss", s -> s.styleLoss().id()).build(),
            setting("colors", choice(ColorMode.class, ColorMode::parse, ColorMode::id), StyleTransferSettings.Builder::optColorMode,
                    StyleTransferSettings::colorMode)
                    .described("Colours", "none|keep|match", "keep: luminance-only transfer, the photo keeps its colours; "
                            + "match: the painting's colours are first matched to the photo's")
                    .byDefault(ColorMode.NONE).sidecar("colors", s -> s.colorMode().id()).build(),
            setting("color_strength", SettingType.NUMBER, StyleTransferSettings.Builder::optColorStrength,
                    StyleTransferSettings::colorStrength)
                    .described("Colour strength", "0..1", "how strongly the colour setting applies")
                    .byDefault(1.0).range(ValueRange.between(0, 1)).build(),
            setting("size", SettingType.INTEGER, StyleTransferSettings.Builder::optSize, StyleTransferSettings::size)
                    .described("Size (px)", "N", "the long side of the output in pixels")
                    .byDefault(StyleTransferSettings.DEFAULT_SIZE).range(ValueRange.atLeast(16).in(" pixels")).build(),
            setting("scales", SettingType.TEXT, StyleTransferSettings.Builder::optScales, StyleTransferSettings::scales)
                    .described("Scales", "auto|N|S1,S2,...", "coarse to fine: auto (sizes doubling from about 128 px), "
                            + "a number of scales sqrt(2) apart (1: the lesson's single scale) or a list of long sides "
                            + "ending at the output size")
                    .byDefault(ScaleLadder.AUTO).sidecar("scales", s -> s.ladder().longSides()).build(),
            setting("max_evals", SettingType.INTEGER, StyleTransferSettings.Builder::optMaxEvaluations,
                    StyleTransferSettings::maxEvaluations)
                    .described("Evaluations", "N", "loss evaluations (forward and backward passes) to spend over all scales; "
                            + "with a time budget and none given, as many as the time allows")
                    .byDefault(StyleTransferSettings.DEFAULT_MAX_EVALUATIONS).range(ValueRange.atLeast(1)).build(),
            setting("time", SettingType.parsedBy("off or a duration such as 30s, 2m or 1m30s", TimeBudget::parse,
                    TimeBudget::describe), StyleTransferSettings.Builder::optTime, StyleTransferSettings::time)
                    .described("Time budget", "DURATION", "stop at the best picture reached in this time (30s, 2m, "
                            + "1m30s; off: the evaluations alone decide), split over the scales as the evaluations "
                            + "would be; with an evaluation budget too, whichever ends first")
                    .byDefault(TimeBudget.NONE).sidecar("time", s -> s.time().isSet() ? s.time().seconds() : null)
                    .notLook().build(),
            setting("optimizer", choice(OptimizerKind.class, OptimizerKind::parse, OptimizerKind::id),
                    StyleTransferSettings.Builder::optOptimizer, StyleTransferSettings::optimizer)
                    .described("Optimizer", "lbfgs|adam", "the pixel optimiser: L-BFGS (the lesson) or Adam")
                    .byDefault(OptimizerKind.LBFGS).sidecar("optimizer", s -> s.optimizer().id()).build(),
            setting("line_search", choice(LineSearch.class, LineSearch::parse, LineSearch::id),
                    StyleTransferSettings.Builder::optLineSearch, StyleTransferSettings::lineSearch)
                    .described("Line search", "strong-wolfe|none", "L-BFGS's line search: strong-wolfe, or none (a fixed "
                            + "step, as the lesson)")
                    .byDefault(LineSearch.STRONG_WOLFE)
                    .sidecar("line_search", s -> s.optimizer() == OptimizerKind.LBFGS
                            ? s.lineSearch().name().toLowerCase(java.util.Locale.ROOT) : null).build(),
            setting("lr", SettingType.NUMBER, StyleTransferSettings.Builder::optLearningRate,
                    StyleTransferSettings::learningRate)
                    .described("Step size", "X", "the optimiser's step size")
                    .byDefaultDescribed("1 for L-BFGS, 0.05 for Adam").range(ValueRange.positive()).sidecar("learning_rate",
                            StyleTransferSettings::learningRate).build(),
            setting("first_step", SettingType.NUMBER, StyleTransferSettings.Builder::optFirstStep,
                    StyleTransferSettings::firstStep)
                    .described("First step", "X", "the largest pixel change of each scale's first L-BFGS step, in "
                            + "normalised units (strong-wolfe only; 0: PyTorch's rule)")
                    .byDefault(StyleTransferSettings.DEFAULT_FIRST_STEP).range(ValueRange.atLeast(0)).build(),
            setting("seed", SettingType.LONG, StyleTransferSettings.Builder::optSeed, StyleTransferSettings::seed)
                    .described("Seed", "S", "the seed of the noise start and of random weights")
                    .byDefault(0L).build(),
            setting("init", SettingType.parsedBy("content, noise or an image file", StartImage::parse, StartImage::describe),
                    StyleTransferSettings.Builder::optStart, StyleTransferSettings::start)
                    .described("Start image", "content|noise|FILE", "what the optimised image starts from")
                    .byDefaultDescribed("content for transfer, noise otherwise").sidecar("init", s -> s.start().describe())
                    .notIn(STUDIO, SPARK).notLook().build(),
            setting("style_scale", SettingType.NUMBER, StyleTransferSettings.Builder::optStyleScale,
                    StyleTransferSettings::styleScale)
                    .described("Style scale", "F", "the style image's scale after it covers the output (below 1: finer "
                            + "strokes)")
                    .byDefault(1.0).range(ValueRange.positiveAtMost(MAX_STYLE_SCALE)).build(),
            setting("save_every", SettingType.INTEGER, StyleTransferSettings.Builder::optSaveEvery,
                    StyleTransferSettings::saveEvery)
                    .described("Snapshot interval", "N", "write a numbered snapshot every N evaluations (0: none)")
                    .byDefault(0).range(ValueRange.atLeast(0)).notIn(STUDIO, SPARK).notLook().build(),
            setting("tile", SettingType.parsedBy("auto, off or a tile size in pixels", TileSetting::parse,
                    TileSetting::describe), StyleTransferSettings.Builder::optTile, StyleTransferSettings::tile)
                    .described("Tiling", "auto|off|SIZE", "optimise scales too large for memory in overlapping tiles "
                            + "whose style statistics cover the whole image: auto (only where needed), off, or a tile size")
                    .byDefault(TileSetting.AUTO).sidecar("tile", s -> s.tile().describe()).build(),
            setting("precision", SettingType.choice(List.of("auto", "fp32", "bf16"), FeaturePrecision::parse,
                    FeaturePrecision::id), StyleTransferSettings.Builder::optPrecision, StyleTransferSettings::precision)
                    .described("Precision", "auto|fp32|bf16", "the network's arithmetic while optimising: bf16 runs its "
                            + "convolutions in bfloat16, about twice as fast where the processor has native bfloat16 "
                            + "(avx512_bf16/amx_bf16); auto picks it there and fp32 elsewhere; the judge always scores "
                            + "in fp32")
                    .byDefaultParsed("auto").sidecar("precision", s -> s.precision().id()).notLook().build()));
}
