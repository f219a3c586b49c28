package dev.atelier.style.engine;

import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.loss.LossNormalization;
import dev.atelier.style.optim.LineSearch;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every choice of a style-transfer run. A {@link StyleRecipe} supplies the defaults; anything set
 * explicitly overrides it. Immutable; build with {@link #builder()}.
 */
public final class StyleTransferSettings {
    /** Output long side used when none is given: detailed enough to see the style, quick on a CPU. */
    public static final int DEFAULT_SIZE = 384;
    /**
     * Default {@link #firstStep()}: one normalised unit, about a quarter of the pixel range. On the lesson13
     * recipe at 512 px (fixture weights) 20 evaluations judged 17,500 with 0.25, 14,700 with 1 and 15,400 with
     * 2 (docs/benchmarks.md).
     */
    public static final double DEFAULT_FIRST_STEP = 1.0;
    /**
     * Evaluation budget used when none is given. On the default ladder at 512 px (16, 18 and 22 evaluations
     * at 128, 256 and 512 px) the lesson13 recipe on the fixture weights judged ~11,400 in ~44 s, below the
     * ~12,900 PyTorch's lesson recipe reaches in 1,000 evaluations (docs/benchmarks.md).
     */
    public static final int DEFAULT_MAX_EVALUATIONS = 56;
    /**
     * The evaluation cap of a run with a time budget and no evaluation budget of its own: high enough that
     * the time always ends it first.
     */
    public static final int EVALUATIONS_WITHIN_TIME = 1_000_000;

    private final StyleMode mode;
    private final StyleRecipe recipe;
    private final VggArchitecture network;
    private final PoolingMode pooling;
    private final List<String> contentLayers;
    private final Map<String, Double> styleLayers;
    private final Double contentWeight;
    private final Double styleWeight;
    private final Double tvWeight;
    private final StyleLossKind styleLoss;
    private final boolean randomWeights;
    private final ColorMode colorMode;
    private final double colorStrength;
    private final String scales;
    private final double firstStep;
    private final int size;
    private final int maxEvaluations;
    private final boolean evaluationsGiven;
    private final TimeBudget time;
    private final OptimizerKind optimizer;
    private final LineSearch lineSearch;
    private final int historySize;
    private final Double learningRate;
    private final long seed;
    private final StartImage start;
    private final double styleScale;
    private final int saveEvery;
    private final TileSetting tile;
    private final FeaturePrecision precision;

    private StyleTransferSettings(Builder b) {
        this.mode = b.mode;
        this.recipe = b.recipe;
        this.network = b.network == null ? b.recipe.network() : b.network;
        this.pooling = b.pooling == null ? b.recipe.pooling() : b.pooling;
        this.contentLayers = canonical("content_layers", network,
                b.contentLayers == null ? recipe.contentLayers(network) : b.contentLayers);
        Map<String, Double> style = new LinkedHashMap<>();
        (b.styleLayers == null ? recipe.styleLayers(network) : b.styleLayers)
                .forEach((k, v) -> style.put(layerName("style_layers", network, k), v));
        this.styleLayers = Collections.unmodifiableMap(style);
        this.contentWeight = b.contentWeight;
        this.styleWeight = b.styleWeight;
        this.tvWeight = b.tvWeight;
        this.styleLoss = b.styleLoss;
        this.randomWeights = b.randomWeights;
        this.colorMode = b.colorMode;
        this.colorStrength = b.colorStrength;
        this.scales = b.scales;
        this.firstStep = b.firstStep;
        this.size = b.size;
        this.time = b.time;
        this.evaluationsGiven = b.evaluationsGiven;
        this.maxEvaluations = b.evaluationsGiven || !b.time.isSet() ? b.maxEvaluations : EVALUATIONS_WITHIN_TIME;
        this.optimizer = b.optimizer;
        this.lineSearch = b.lineSearch;
        this.historySize = b.historySize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.start = b.start != null ? b.start
                : b.mode == StyleMode.TRANSFER ? new StartImage.Content() : new StartImage.Noise();
        this.styleScale = b.styleScale;
        this.saveEvery = b.saveEvery;
        this.tile = b.tile;
        this.precision = b.precision;
    }

    /**
     * A builder with every default of {@link StyleTransferSettingsTable}, except that the network's arithmetic is
     * float32 so that library results are exact and the same on every machine.
     */
    public static Builder builder() {
        return new Builder(true);
    }

    /**
     * A builder with every default of {@link StyleTransferSettingsTable} as the front ends show it, the
     * machine-dependent precision {@code auto} included: what the command line, the studio and Spark start from.
     */
    public static Builder frontEndBuilder() {
        return new Builder(false);
    }

    public StyleMode mode() {
        return mode;
    }

    public StyleRecipe recipe() {
        return recipe;
    }

    public VggArchitecture network() {
        return network;
    }

    public PoolingMode pooling() {
        return pooling;
    }

    public LossNormalization normalization() {
        return recipe.normalization();
    }

    /** The content layers, canonical names, in the order given; empty in style mode. */
    public List<String> contentLayers() {
        return mode.usesContent() ? contentLayers : List.of();
    }

    /** The style layers (canonical names) and their weights; empty in content mode. */
    public Map<String, Double> styleLayers() {
        return mode.usesStyle() ? styleLayers : Map.of();
    }

    /** The deepest layer any loss term reads: where the forward pass can stop. */
    public int deepestLayer() {
        int deepest = 0;
        for (String l : contentLayers()) {
            deepest = Math.max(deepest, network.layer(l).index());
        }
        for (String l : styleLayers().keySet()) {
            deepest = Math.max(deepest, network.layer(l).index());
        }
        return deepest;
    }

    private static List<String> canonical(String key, VggArchitecture net, List<String> layers) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : layers) {
            String name = layerName(key, net, l);
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** The canonical name of layer {@code l} of {@code net}, or a bad-input error keyed {@code key}. */
    private static String layerName(String key, VggArchitecture net, String l) {
        try {
            return net.layer(l).name();
        } catch (dev.atelier.core.SettingException e) {
            throw e;
        } catch (dev.atelier.core.InvalidInputException e) {
            throw new dev.atelier.core.SettingException(key, e.getMessage());
        }
    }

    /** The content weight: the user's, else the recipe's. */
    public double contentWeight() {
        return contentWeight != null ? contentWeight : recipe.contentWeight();
    }

    /**
     * The style weight: the user's, else the recipe's, multiplied by {@link #RANDOM_WEIGHTS_STYLE_BOOST}
     * when the network has random weights ({@link Builder#optRandomWeights}). A random VGG's deep features describe content poorly but its
     * shallow and middle Gram matrices still capture colour and texture (He, Wang &amp; Hopcroft 2016), so
     * leaning on style while starting from the photo keeps the photo's layout and paints it.
     */
    public double styleWeight() {
        if (styleWeight != null) {
            return styleWeight;
        }
        return recipe.styleWeight() * (randomWeights ? RANDOM_WEIGHTS_STYLE_BOOST : 1.0);
    }

    /** See {@link #styleWeight()}. */
    public static final double RANDOM_WEIGHTS_STYLE_BOOST = 10.0;

    public double tvWeight() {
        return tvWeight != null ? tvWeight : recipe.tvWeight();
    }

    /** How style is compared: Gram matrices (the lesson), their diagonals, or means and covariances. */
    public StyleLossKind styleLoss() {
        return styleLoss;
    }

    /** Whether the network runs on random weights (the style weight's default depends on it). */
    public boolean randomWeights() {
        return randomWeights;
    }

    /** Colour control: none, keep the content's colours, or match the style's colours to them. */
    public ColorMode colorMode() {
        return colorMode;
    }

    /** How strongly {@link #colorMode()} applies, 0 (not at all) to 1 (fully). */
    public double colorStrength() {
        return colorStrength;
    }

    /** The scale ladder as given: {@code auto}, a count, or a list of long sides (see {@link ScaleLadder}). */
    public String scales() {
        return scales;
    }

    /**
     * With the strong-Wolfe line search, how far (in ImageNet-normalised units) the first L-BFGS step of each
     * scale may move a pixel; 0 for PyTorch's rule. See {@code LbfgsOptimizer.Builder#optFirstStepChange}.
     */
    public double firstStep() {
        return firstStep;
    }

    /** The scale ladder of this run: sizes and evaluation budgets. */
    public ScaleLadder ladder() {
        return ScaleLadder.of(scales, size, maxEvaluations);
    }

    public int size() {
        return size;
    }

    /**
     * The evaluation budget: the one given, else {@value #DEFAULT_MAX_EVALUATIONS}, or
     * {@value #EVALUATIONS_WITHIN_TIME} when a {@link #time() time budget} is given without one (the time ends
     * the run).
     */
    public int maxEvaluations() {
        return maxEvaluations;
    }

    /** The evaluation budget as given, or null when none was (the default applies). */
    public Integer givenMaxEvaluations() {
        return evaluationsGiven ? maxEvaluations : null;
    }

    /** The time budget; {@link TimeBudget#NONE} when only the evaluations bound the run. */
    public TimeBudget time() {
        return time;
    }

    /**
     * How a {@link #time() time budget} is shared over the ladder's scales: each scale's evaluations in the
     * ladder of the given evaluation budget, or of the default one when the time alone bounds the run (so
     * that a time budget spends its effort in the proportions the default ladder was tuned for).
     */
    public List<Integer> timeShares() {
        ScaleLadder run = ladder();
        if (evaluationsGiven) {
            return run.evaluations();
        }
        ScaleLadder reference = ScaleLadder.of(scales, size, DEFAULT_MAX_EVALUATIONS);
        return reference.count() == run.count() ? reference.evaluations() : run.evaluations();
    }

    public OptimizerKind optimizer() {
        return optimizer;
    }

    public LineSearch lineSearch() {
        return lineSearch;
    }

    public int historySize() {
        return historySize;
    }

    /** The optimiser's step size: the user's, else 1 for L-BFGS and 0.05 for Adam. */
    public double learningRate() {
        return learningRate != null ? learningRate : optimizer == OptimizerKind.LBFGS ? 1.0 : 0.05;
    }

    public long seed() {
        return seed;
    }

    public StartImage start() {
        return start;
    }

    public double styleScale() {
        return styleScale;
    }

    public int saveEvery() {
        return saveEvery;
    }

    /** Whether scales too large for memory are optimised in tiles. */
    public TileSetting tile() {
        return tile;
    }

    /**
     * The arithmetic of the network while optimising. The judge of the written image always runs in float32,
     * so a bfloat16 run is scored exactly as a float32 one.
     */
    public FeaturePrecision precision() {
        return precision;
    }

    /**
     * Every resolved setting, for the run's JSON sidecar: the {@link StyleTransferSettingsTable table}'s, then
     * what they imply (the loss normalisation, each scale's evaluations, the L-BFGS history).
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = StyleTransferSettingsTable.TABLE.describe(this);
        m.put("normalization", normalization().name().toLowerCase(java.util.Locale.ROOT));
        if (!(time.isSet() && !evaluationsGiven)) {
            // a time budget alone gives each scale a share of the time, not a count
            m.put("scale_evals", ladder().evaluations());
        }
        if (optimizer == OptimizerKind.LBFGS) {
            m.put("history_size", historySize);
        }
        return m;
    }

    /** Builds {@link StyleTransferSettings}; every setting has a default (the Gatys recipe, transfer mode). */
    public static final class Builder {
        private StyleMode mode;
        private StyleRecipe recipe;
        private VggArchitecture network;
        private PoolingMode pooling;
        private List<String> contentLayers;
        private Map<String, Double> styleLayers;
        private Double contentWeight;
        private Double styleWeight;
        private Double tvWeight;
        private StyleLossKind styleLoss;
        private boolean randomWeights;
        private ColorMode colorMode;
        private double colorStrength;
        private String scales;
        private double firstStep;
        private int size;
        private int maxEvaluations;
        /** Whether the evaluation budget was set after the defaults: a time budget then does not lift it. */
        private boolean evaluationsGiven;
        private TimeBudget time = TimeBudget.NONE;
        private OptimizerKind optimizer;
        private TileSetting tile;
        private LineSearch lineSearch;
        private int historySize = 50;
        private Double learningRate;
        private long seed;
        private StartImage start;
        private double styleScale;
        private int saveEvery;
        private FeaturePrecision precision;

        /** Every default from the table; the library's own runs keep float32 unless asked (see {@link #optPrecision}). */
        private Builder(boolean library) {
            StyleTransferSettingsTable.TABLE.applyDefaults(this);
            evaluationsGiven = false;
            if (library) {
                precision = FeaturePrecision.FP32;
            }
        }

        /** The mode set so far (front ends read it to know which images a run takes). */
        public StyleMode mode() {
            return mode;
        }

        /** The seed set so far (the seed of random weights, when a front end must create them). */
        public long seed() {
            return seed;
        }

        /** Whether a network was chosen: else it is the recipe's, or what the weights hold (see {@link StyleTransferPreparation}). */
        public boolean hasNetwork() {
            return network != null;
        }

        public Builder optMode(StyleMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder optRecipe(StyleRecipe recipe) {
            this.recipe = Objects.requireNonNull(recipe);
            return this;
        }

        /** Overrides the recipe's network. */
        public Builder optNetwork(VggArchitecture network) {
            this.network = network;
            return this;
        }

        /** Overrides the recipe's pooling. */
        public Builder optPooling(PoolingMode pooling) {
            this.pooling = pooling;
            return this;
        }

        /** Overrides the recipe's content layers (names or torchvision indices). */
        public Builder optContentLayers(List<String> layers) {
            if (layers != null && layers.isEmpty()) {
                throw new dev.atelier.core.SettingException("content_layers", "give at least one layer");
            }
            this.contentLayers = layers;
            return this;
        }

        /** Overrides the recipe's style layers: name or index to weight, in order. */
        public Builder optStyleLayers(Map<String, Double> layers) {
            if (layers != null && layers.isEmpty()) {
                throw new dev.atelier.core.SettingException("style_layers", "give at least one layer");
            }
            this.styleLayers = layers == null ? null : new LinkedHashMap<>(layers);
            return this;
        }

        public Builder optContentWeight(Double weight) {
            this.contentWeight = weight;
            return this;
        }

        public Builder optStyleWeight(Double weight) {
            this.styleWeight = weight;
            return this;
        }

        public Builder optTvWeight(Double weight) {
            this.tvWeight = weight;
            return this;
        }

        /** How style is compared (default: Gram matrices). */
        public Builder optStyleLoss(StyleLossKind styleLoss) {
            this.styleLoss = Objects.requireNonNull(styleLoss);
            return this;
        }

        /** Whether the network will run on random weights: then the recipe's style weight is boosted. */
        public Builder optRandomWeights(boolean randomWeights) {
            this.randomWeights = randomWeights;
            return this;
        }

        /** Colour control (default: none). */
        public Builder optColorMode(ColorMode colorMode) {
            this.colorMode = Objects.requireNonNull(colorMode);
            return this;
        }

        /** How strongly the colour mode applies, 0 to 1 (default 1). */
        public Builder optColorStrength(double colorStrength) {
            this.colorStrength = colorStrength;
            return this;
        }

        /** The first L-BFGS step's largest pixel change (normalised units); 0 for PyTorch's rule. */
        public Builder optFirstStep(double firstStep) {
            this.firstStep = firstStep;
            return this;
        }

        /** The scale ladder: {@code auto} (default), a count of scales, or a comma-separated list of long sides. */
        public Builder optScales(String scales) {
            this.scales = Objects.requireNonNull(scales);
            return this;
        }

        /** The output's long side in pixels. */
        public Builder optSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * The evaluation budget. Given after the defaults (by any caller but the table's defaults), it also
         * bounds a run with a time budget; otherwise a time budget alone decides.
         */
        public Builder optMaxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            this.evaluationsGiven = true;
            return this;
        }

        /** The time budget: the run ends at the best picture it reaches in that time. */
        public Builder optTime(TimeBudget time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        public Builder optLineSearch(LineSearch lineSearch) {
            this.lineSearch = Objects.requireNonNull(lineSearch);
            return this;
        }

        public Builder optHistorySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        public Builder optLearningRate(Double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The start image; by default the content image for transfer, noise otherwise. */
        public Builder optStart(StartImage start) {
            this.start = start;
            return this;
        }

        /** Multiplies the style image's size after it has been scaled to cover the content image. */
        public Builder optStyleScale(double styleScale) {
            this.styleScale = styleScale;
            return this;
        }

        /**
         * {@code auto} (default: tile only the scales whose untiled run would not fit in memory), {@code off},
         * or a tile core side in pixels (tile every scale larger than that).
         */
        public Builder optTile(String tile) {
            this.tile = TileSetting.parse(tile);
            return this;
        }

        /** The tile setting, parsed. */
        public Builder optTile(TileSetting tile) {
            this.tile = java.util.Objects.requireNonNull(tile, "tile");
            return this;
        }

        /** Write a snapshot every this many evaluations; 0 for none. */
        public Builder optSaveEvery(int saveEvery) {
            this.saveEvery = saveEvery;
            return this;
        }

        /**
         * The network's arithmetic while optimising: float32 by default, so that library results are exact and
         * machine-independent; the command line asks for {@link FeaturePrecision#auto()}.
         */
        public Builder optPrecision(FeaturePrecision precision) {
            this.precision = java.util.Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * @throws dev.atelier.core.InvalidInputException for values no run could use
         */
        public StyleTransferSettings build() {
            if (historySize < 1) {
                throw new IllegalArgumentException("the L-BFGS history size must be at least 1, got " + historySize);
            }
            StyleTransferSettings built = new StyleTransferSettings(this);
            StyleTransferSettingsTable.TABLE.check(built);
            // the ladder depends on the size and the budget, checked above
            built.ladder();
            built.deepestLayer();
            return built;
        }
    }
}
