package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.OptimizerKind;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.ScaleTiling;
import dev.atelier.style.engine.StartImage;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleLayerWeights;
import dev.atelier.style.engine.StyleLossKind;
import dev.atelier.style.engine.StyleMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.optim.StopReason;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code atelier stylize}: the lesson's style transfer as a tool. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Paint photos in the style of a painting (Gatys et al. neural style transfer).",
            "transfer: CONTENT... STYLE; content: CONTENT... (reconstruct from activations); style: STYLE (texture).",
            "Example: atelier stylize examples/content/chelsea.png examples/style/hokusai-great-wave.jpg -o out.png"})
public final class StylizeCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE",
            description = "Content image(s) then the style image (transfer); only content images when --style is given.")
    List<Path> images;

    @Option(names = {"-s", "--style"}, paramLabel = "FILE[,weight=W][,mask=M|outside=M][,scale=F]",
            description = {"A style image, repeatable: several styles blend by their weights (normalised to sum 1),",
                "each where its greyscale mask is white (mask=) or black (outside=), at its own scale.",
                "Example: --style van-gogh.jpg,mask=sky.png --style hokusai.jpg,outside=sky.png"})
    List<String> styleSpecs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output .png/.jpg; a folder when there are several content images.")
    Path output;

    @Option(names = "--preset", paramLabel = "FILE", preprocessor = PresetFile.class,
            description = "Replay a studio preset's settings here; options after it override it.")
    Path preset;

    @Option(names = "--mode", defaultValue = "transfer", paramLabel = "MODE", description = "transfer, content or style (default: ${DEFAULT-VALUE}).")
    StyleMode mode;

    @Option(names = "--recipe", defaultValue = "gatys", paramLabel = "RECIPE", description = "gatys (VGG19, avg pooling) or lesson13 (VGG16-BN, max pooling).")
    StyleRecipe recipe;

    @CommandLine.Mixin
    NetworkOptions network;

    @Option(names = "--size", defaultValue = "" + StyleTransferSettings.DEFAULT_SIZE, paramLabel = "N",
            description = "Long side of the output in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--max-evals", defaultValue = "" + StyleTransferSettings.DEFAULT_MAX_EVALUATIONS, paramLabel = "N",
            description = "Loss evaluations (forward+backward passes) to spend (default: ${DEFAULT-VALUE}).")
    int maxEvals;

    @Option(names = "--optimizer", defaultValue = "lbfgs", paramLabel = "lbfgs|adam", description = "lbfgs or adam (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--line-search", defaultValue = "strong-wolfe", paramLabel = "strong-wolfe|none",
            description = "L-BFGS line search: strong-wolfe or none (fixed step, as the lesson).")
    LineSearch lineSearch;

    @Option(names = "--lr", paramLabel = "X", description = "Step size (default: 1 for L-BFGS, 0.05 for Adam).")
    Double learningRate;

    @Option(names = "--first-step", paramLabel = "X",
            description = "Largest pixel change of each scale's first L-BFGS step, in normalised units "
                    + "(strong-wolfe only; 0: PyTorch's rule; default: " + StyleTransferSettings.DEFAULT_FIRST_STEP + ").")
    Double firstStep;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed for noise and random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--init", paramLabel = "content|noise|FILE",
            description = "Start image (default: content for transfer, noise otherwise).")
    String init;

    @Option(names = "--content-layers", split = ",", paramLabel = "LAYER", description = "e.g. relu4_2 or 22.")
    List<String> contentLayers;

    @Option(names = "--style-layers", paramLabel = "NAME:W,...", description = "e.g. relu1_1:1,relu2_1:0.5.")
    String styleLayers;

    @Option(names = "--content-weight", paramLabel = "W", description = "Weight of the content loss (default: the recipe's).")
    Double contentWeight;

    @Option(names = "--style-weight", paramLabel = "W",
            description = "Weight of the style loss (default: the recipe's, x10 with random weights).")
    Double styleWeight;

    @Option(names = "--tv-weight", paramLabel = "W", description = "Total-variation smoothing weight (default 0).")
    Double tvWeight;

    @Option(names = "--style-loss", defaultValue = "gram", paramLabel = "gram|diagonal|moments",
            description = "Style statistic: Gram matrices (the lesson), their diagonals, or means+covariances "
                    + "(Wasserstein-2) (default: ${DEFAULT-VALUE}).")
    StyleLossKind styleLoss;

    @Option(names = "--diagonal-gram", hidden = true, description = "Same as --style-loss diagonal.")
    boolean diagonalGram;

    @Option(names = "--scales", defaultValue = "auto", paramLabel = "auto|N|S1,S2,...",
            description = "Coarse-to-fine: auto (sqrt2 steps from ~128 px), a number of scales (1 = the lesson's "
                    + "single scale) or a list of long sides ending at --size (default: ${DEFAULT-VALUE}).")
    String scales;

    @Option(names = "--colors", defaultValue = "none", paramLabel = "none|keep|match",
            description = "keep: luminance-only transfer, the photo keeps its colours; match: the painting's colours "
                    + "are first matched to the photo's (default: ${DEFAULT-VALUE}).")
    ColorMode colors;

    @Option(names = "--color-strength", defaultValue = "1", paramLabel = "0..1",
            description = "How strongly --colors applies (default: ${DEFAULT-VALUE}).")
    double colorStrength;

    @Option(names = "--preview", paramLabel = "FILE",
            description = "Write the coarsest scale's result here as soon as it is ready.")
    Path preview;

    @Option(names = "--style-scale", defaultValue = "1", paramLabel = "F",
            description = "Scale of the style image after covering the output (<1: finer strokes).")
    double styleScale;

    @Option(names = "--save-every", defaultValue = "0", paramLabel = "N", description = "Write a numbered snapshot every N evaluations.")
    int saveEvery;

    @Option(names = "--tile", defaultValue = "auto", paramLabel = "auto|off|SIZE",
            description = "Optimise scales too large for memory in overlapping tiles whose style statistics cover the "
                    + "whole image: auto (only where needed), off, or a tile size in pixels (default: ${DEFAULT-VALUE}).")
    String tile;

    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|bf16",
            description = "The network's arithmetic while optimising: bf16 runs its convolutions in bfloat16, about "
                    + "twice as fast where the processor has native bfloat16 (avx512_bf16/amx_bf16); auto picks it "
                    + "there and fp32 elsewhere (default: ${DEFAULT-VALUE}). The judge always scores in fp32.")
    FeaturePrecision precision;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        StyleMode m = mode;
        // Explicit weights are read first: when --net is absent, they say which network to build.
        NetworkOptions.Choice chosen = network.choose(recipe.network());
        // Built (and so checked: layer names, values) before the store's weights are loaded; resolved once they are.
        StyleTransferSettings.Builder builder = settings(m, chosen.architecture());
        StyleTransferSettings draft = builder.build();
        List<Path> contentFiles = new ArrayList<>();
        List<StyleSpec> styleSpecs = new ArrayList<>();
        if (this.styleSpecs != null && !this.styleSpecs.isEmpty()) {
            if (!m.usesStyle()) {
                throw new InvalidInputException("--style is for transfer and style modes");
            }
            for (String spec : this.styleSpecs) {
                styleSpecs.add(StyleSpec.parse(spec));
            }
            if (m == StyleMode.TRANSFER) {
                contentFiles.addAll(images);
            } else if (!images.isEmpty() && m == StyleMode.STYLE) {
                throw new InvalidInputException("style mode with --style takes no other images");
            }
        } else {
            switch (m) {
                case TRANSFER -> {
                    if (images.size() < 2) {
                        throw new InvalidInputException("transfer needs at least one content image and a style image");
                    }
                    contentFiles.addAll(images.subList(0, images.size() - 1));
                    styleSpecs.add(StyleSpec.of(images.get(images.size() - 1)));
                }
                case CONTENT -> contentFiles.addAll(images);
                case STYLE -> {
                    if (images.size() != 1) {
                        throw new InvalidInputException("style mode takes exactly one image, the style image");
                    }
                    styleSpecs.add(StyleSpec.of(images.get(0)));
                }
            }
        }
        List<Path> outputs = outputsFor(contentFiles);
        // an output that is an input, or that cannot be written, is refused before any work
        List<Path> inputFiles = new ArrayList<>(images);
        for (StyleSpec spec : styleSpecs) {
            inputFiles.add(spec.file());
            if (spec.mask() != null) {
                inputFiles.add(spec.mask());
            }
        }
        List<Path> written = new ArrayList<>(outputs);
        if (preview != null) {
            written.add(preview);
        }
        OutputLocation.checkAll(written, inputFiles);
        // Read every input and check sizes and memory before loading weights or computing anything.
        List<RgbImage> contents = new ArrayList<>();
        for (Path p : contentFiles) {
            contents.add(RgbImage.read(p));
        }
        List<StyleInput> styles = new ArrayList<>();
        for (StyleSpec spec : styleSpecs) {
            styles.add(spec.read());
        }
        if (!styles.isEmpty()) {
            StyleInput.blend(styles);
        }
        RgbImage style = styles.isEmpty() ? null : styles.get(0).image();
        Map<String, List<Integer>> groups = groupBySize(m, contents, style, draft.size(),
                draft.colorMode() != ColorMode.NONE);
        for (List<Integer> g : groups.values()) {
            int[] wh = sizeOf(m, g.isEmpty() ? null : contents.get(g.get(0)), style, draft.size());
            StyleTransferEngine.checkMemory(draft, Math.max(1, g.size()), wh[0], wh[1]);
            for (int i = 0; i < styles.size(); i++) {
                if (styles.get(i).mask() != null) {
                    if (draft.styleLoss() == StyleLossKind.MOMENTS) {
                        throw new InvalidInputException("style masks work with the gram and diagonal style losses, not moments");
                    }
                    styles.get(i).mask().requireAspectOf(wh[0], wh[1], "the mask of style " + (i + 1) + " ("
                            + styleSpecs.get(i).mask() + ")");
                }
            }
        }
        if (draft.start() instanceof StartImage.FromFile f) {
            ImageFiles.read(f.file());
        }
        NetworkWeights networkWeights = chosen.weights(seed, err)
                .map(w -> new NetworkWeights(w.name(), w.sha256(), w.stateDict())).orElse(NetworkWeights.random());
        StyleTransferSettings settings = builder.optRandomWeights(networkWeights.isRandom()).build();
        StyleTransferEngine engine = new StyleTransferEngine(settings, networkWeights);

        // Ctrl-C ends the evaluation in progress and writes the best image so far
        try (InterruptKeepsResult interrupt = InterruptKeepsResult.install("stylize")) {
            AtomicBoolean stop = interrupt.flag();
            for (List<Integer> group : groups.values()) {
                List<RgbImage> batch = new ArrayList<>();
                List<Path> batchOutputs = new ArrayList<>();
                List<Path> batchContents = new ArrayList<>();
                if (m.usesContent()) {
                    for (int i : group) {
                        batch.add(contents.get(i));
                        batchOutputs.add(outputs.get(i));
                        batchContents.add(contentFiles.get(i));
                    }
                } else {
                    batchOutputs.add(outputs.get(0));
                }
                StyleTransferResult r;
                try (Progress progress = new Progress(err, batchOutputs, stop, preview)) {
                    r = engine.run(batch, styles, progress, new RunControl());
                }
                for (int i = 0; i < batchOutputs.size(); i++) {
                    Path o = batchOutputs.get(i);
                    r.images().get(i).write(o);
                    Map<String, Object> inputs = new LinkedHashMap<>();
                    if (m.usesContent()) {
                        inputs.put("content", batchContents.get(i).toString());
                    }
                    if (styleSpecs.size() == 1 && styleSpecs.get(0).isPlain()) {
                        inputs.put("style", styleSpecs.get(0).file().toString());
                    } else if (!styleSpecs.isEmpty()) {
                        List<Map<String, Object>> described = new ArrayList<>();
                        styleSpecs.forEach(sp -> described.add(sp.describe()));
                        inputs.put("styles", described);
                    }
                    JudgeLosses judged = r.judged().get(i);
                    RunSidecar.write(o, inputs, settings, networkWeights, r, i, batchOutputs.size(),
                            judged == null ? null : judged.describe());
                    LossPoint first = r.curve().get(0);
                    LossPoint best = r.best().get(i);
                    out.printf(Locale.ROOT, "wrote %s (%dx%d, %d evaluations, %.2f s/eval, loss %.4g -> %.4g)%n", o,
                            r.images().get(i).width(), r.images().get(i).height(), r.evaluations(),
                            r.secondsPerEvaluation(), first.total()[i], best == null ? Double.NaN : best.total()[i]);
                }
                out.flush();
                if (r.reason() == StopReason.NON_FINITE_LOSS) {
                    int bad = r.curve().get(r.curve().size() - 1).evaluation();
                    throw new InvalidInputException("the loss became NaN or infinite at evaluation " + bad
                            + "; kept the last good image (evaluation " + (r.best().get(0) == null ? 0 : r.best().get(0).evaluation())
                            + ") in " + batchOutputs.get(0) + ". Try a smaller --lr or --line-search strong-wolfe");
                }
                if (r.reason() == StopReason.STOPPED) {
                    err.println("atelier: interrupted; kept the best image so far");
                    err.flush();
                    break;
                }
            }
        }
        return 0;
    }

    private StyleTransferSettings.Builder settings(StyleMode m, VggArchitecture architecture) {
        return StyleTransferSettings.builder()
                .optMode(m)
                .optRecipe(recipe)
                .optNetwork(architecture)
                .optPooling(network.poolingOr(null))
                .optContentLayers(contentLayers)
                .optStyleLayers(styleLayers == null ? null : StyleLayerWeights.parse(styleLayers))
                .optContentWeight(contentWeight)
                .optStyleWeight(styleWeight)
                .optTvWeight(tvWeight)
                .optStyleLoss(diagonalGram ? StyleLossKind.DIAGONAL : styleLoss)
                .optScales(scales)
                .optFirstStep(firstStep == null ? StyleTransferSettings.DEFAULT_FIRST_STEP : firstStep)
                .optColorMode(colors)
                .optColorStrength(colorStrength)
                .optSize(size)
                .optMaxEvaluations(maxEvals)
                .optOptimizer(optimizer)
                .optLineSearch(lineSearch)
                .optLearningRate(learningRate)
                .optSeed(seed)
                .optStart(init == null ? null : StartImage.parse(init))
                .optStyleScale(styleScale)
                .optSaveEvery(saveEvery)
                .optTile(tile)
                .optPrecision(precision);
    }

    /** One output per content image (or one for style mode); a folder when there are several. */
    private List<Path> outputsFor(List<Path> contentFiles) {
        List<Path> outs = new ArrayList<>();
        if (contentFiles.size() <= 1) {
            if (Files.isDirectory(output)) {
                throw new InvalidInputException(output + " is a folder; give an output file name such as out.png");
            }
            ImageFiles.formatOf(output);
            outs.add(output);
            return outs;
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new InvalidInputException("with several content images -o must be a folder, but " + output + " is a file");
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            throw new InvalidInputException("with several content images -o must name a folder, not " + output);
        }
        List<String> seen = new ArrayList<>();
        for (Path c : contentFiles) {
            String stem = c.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String unique = stem;
            for (int k = 2; seen.contains(unique); k++) {
                unique = stem + "-" + k;
            }
            seen.add(unique);
            outs.add(output.resolve(unique + ".png"));
        }
        return outs;
    }

    private static int[] sizeOf(StyleMode m, RgbImage content, RgbImage style, int size) {
        RgbImage ref = m.usesContent() ? content : style;
        return StyleTransferEngine.outputSize(ref.width(), ref.height(), size);
    }

    /** Content images that come out the same size run together as one batch (one at a time with colour modes). */
    private static Map<String, List<Integer>> groupBySize(StyleMode m, List<RgbImage> contents, RgbImage style,
            int size, boolean oneAtATime) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        if (!m.usesContent()) {
            groups.put("style", List.of());
            return groups;
        }
        for (int i = 0; i < contents.size(); i++) {
            int[] wh = sizeOf(m, contents.get(i), style, size);
            groups.computeIfAbsent(oneAtATime ? "item" + i : wh[0] + "x" + wh[1], k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /** Progress to stderr (see {@link RunProgress}), the preview, snapshots, Ctrl-C. */
    private final class Progress implements StyleTransferListener, AutoCloseable {
        private final RunProgress report;
        private final List<Path> outputs;
        private final AtomicBoolean stop;
        private final Path preview;
        private String scaleLabel = "";

        Progress(PrintWriter err, List<Path> outputs, AtomicBoolean stop, Path preview) {
            this.report = new RunProgress(err, "stylize");
            this.outputs = outputs;
            this.stop = stop;
            this.preview = preview;
        }

        @Override
        public void onStart(int maxEvaluations, int width, int height, int batch) {
            report.announce(String.format(Locale.ROOT, "stylizing %d image%s at %dx%d, up to %d evaluations (network in %s)",
                    batch, batch == 1 ? "" : "s", width, height, maxEvaluations, precision.id()));
            report.start(maxEvaluations);
        }

        @Override
        public void onScale(int index, int count, int width, int height, int evaluations) {
            scaleLabel = count == 1 ? "" : String.format(Locale.ROOT, "scale %d/%d %dx%d | ", index + 1, count, width, height);
            report.scale(index, count, width, height, evaluations);
        }

        @Override
        public void onTiling(ScaleTiling t) {
            scaleLabel += String.format(Locale.ROOT, "tiles %dpx | ", t.tile());
            report.announce(String.format(Locale.ROOT, "scale %dx%d in %d-px tiles (+%d px margins, moving every "
                    + "evaluation), L-BFGS history %d", t.width(), t.height(), t.tile(), t.margin(), t.history()));
        }

        @Override
        public void onScaleFinished(int index, List<RgbImage> images) {
            if (index == 0 && preview != null) {
                report.preview(images.get(0), preview);
            }
        }

        @Override
        public void onEvaluation(LossPoint p) {
            String msg = String.format(Locale.ROOT, "%scontent %.3g style %.3g | %.2f s/eval", scaleLabel, sum(p.content()),
                    sum(p.style()), p.seconds() / p.evaluation());
            report.evaluation(p.evaluation(), msg, p.seconds() / p.evaluation(), true);
        }

        @Override
        public void onSnapshot(int evaluation, List<RgbImage> images) {
            for (int i = 0; i < images.size(); i++) {
                RunProgress.snapshot(images.get(i), outputs.get(i), evaluation);
            }
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        @Override
        public void close() {
            report.close();
        }

        private static double sum(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s;
        }
    }
}
