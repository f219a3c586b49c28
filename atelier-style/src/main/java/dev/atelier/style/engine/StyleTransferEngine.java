package dev.atelier.style.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.image.BicubicResize;
import dev.atelier.style.image.MedianNoise;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.optim.AdamPixelOptimizer;
import dev.atelier.style.optim.GradientMinimizer;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import dev.atelier.style.optim.StopReason;
import dev.atelier.style.tile.TileGrid;
import dev.atelier.style.tile.TiledObjective;
import java.util.ArrayList;
import java.util.List;

/**
 * Neural style transfer as the lesson teaches it, "a loss function and an optimiser over pixels", run
 * coarse-to-fine and steerable while it runs.
 *
 * <p>The output is optimised on each size of a {@link ScaleLadder} in turn, each scale starting from the
 * previous result upsampled (bicubic), with its content and style targets recomputed at that size and a
 * fresh optimiser. Several content images of the same size run as one batch, each item with its own
 * optimiser, sharing the style targets. A {@link RunControl} can pause the run, change its settings or
 * styles (the loss is rebuilt and the optimiser restarted from the current image) or stop it.
 */
public final class StyleTransferEngine {
    private final StyleTransferSettings settings;
    private final NetworkWeights weights;

    /**
     * @param settings the run's settings, resolved for these weights ({@code optRandomWeights})
     * @param weights the network's weights
     */
    public StyleTransferEngine(StyleTransferSettings settings, NetworkWeights weights) {
        this.settings = settings;
        this.weights = weights;
    }

    public StyleTransferSettings settings() {
        return settings;
    }

    /** The output size for an image of {@code width x height}: long side {@code longSide}, same aspect. */
    public static int[] outputSize(int width, int height, int longSide) {
        double f = (double) longSide / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /**
     * Checks that a run of {@code batch} images of {@code width x height} fits in memory, untiled or, as
     * {@link StyleTransferSettings#tile()} allows, in tiles.
     *
     * @throws InvalidInputException naming the size (or the tiling) that would fit
     */
    public static void checkMemory(StyleTransferSettings settings, int batch, int width, int height) {
        new TilePlanner(settings).tileFor(batch, width, height);
    }

    /** One style, applied everywhere: the lesson's run. */
    public StyleTransferResult run(List<RgbImage> contents, RgbImage style, StyleTransferListener listener) {
        return run(contents, style == null ? List.of() : List.of(StyleInput.of(style)), listener, new RunControl());
    }

    /**
     * Runs the optimisation.
     *
     * @param contents content images at any size (all must give the same output size; ignored in style mode)
     * @param styles the styles (empty in content mode)
     * @param listener follows the run
     * @param control steers the run from another thread
     */
    public StyleTransferResult run(List<RgbImage> contents, List<StyleInput> styles, StyleTransferListener listener,
            RunControl control) {
        StyleMode mode = settings.mode();
        long t0 = System.nanoTime();
        RgbImage reference = validate(contents, styles);
        int batch = mode.usesContent() ? contents.size() : 1;
        ScaleLadder ladder = settings.ladder();
        int[] finest = outputSize(reference.width(), reference.height(), settings.size());
        checkMemory(settings, batch, finest[0], finest[1]);
        // every scale's tiling is decided now, against the memory free before the run: deciding later would
        // count this run's own memory as taken, and could refuse a scale after hours of work
        int[] tiles = new int[ladder.count()];
        for (int k = 0; k < ladder.count(); k++) {
            int[] size = outputSize(reference.width(), reference.height(), ladder.longSides().get(k));
            tiles[k] = new TilePlanner(settings).tileFor(batch, size[0], size[1]);
        }

        try (NDManager manager = NDManager.newBaseManager(); VggFeatures vgg = buildNetwork()) {
            VggFeatureExtractor network = new VggFeatureExtractor(vgg, settings.precision());
            RunMonitor monitor = new RunMonitor(listener, batch);
            StyleTransferSettings current = settings;
            List<StyleInput> currentStyles = styles;
            List<RgbImage> carried = null;
            List<RgbImage> images = null;
            List<ScaleTiling> tiling = new ArrayList<>();
            boolean finestTiled = false;
            StopReason reason = StopReason.MAX_EVALUATIONS;
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            listener.onStart(ladder.totalEvaluations(), finest[0], finest[1], batch);
            monitor.startNanos = System.nanoTime();
            scales:
            for (int k = 0; k < ladder.count(); k++) {
                int[] size = outputSize(reference.width(), reference.height(), ladder.longSides().get(k));
                int w = size[0];
                int h = size[1];
                listener.onScale(k, ladder.count(), w, h, ladder.evaluations().get(k));
                TilePlanner planner = new TilePlanner(current);
                int tile = tiles[k];
                if (tile > 0) {
                    ScaleTiling t = new ScaleTiling(k, w, h, tile, planner.margin(tile), planner.history());
                    tiling.add(t);
                    listener.onTiling(t);
                }
                finestTiled = tile > 0;
                List<RgbImage> contentsHere = new ArrayList<>();
                if (mode.usesContent()) {
                    for (RgbImage c : contents) {
                        contentsHere.add(c.resized(w, h));
                    }
                }
                try (NDManager scale = manager.newSubManager()) {
                    PixelSpace space = pixelSpace(current, contentsHere);
                    NDArray x = carried == null ? space.variables(scale, startImages(contentsHere, batch, w, h))
                            : space.fromPlanes(scale, carryUp(carried, space, contentsHere, w, h));
                    int left = ladder.evaluations().get(k);
                    while (left > 0) {
                        monitor.beginSegment(k);
                        try (NDManager targets = scale.newSubManager()) {
                            BatchEvaluator.BatchObjective objective;
                            int history = current.historySize();
                            if (tile > 0) {
                                TiledObjective tiled = new TiledLossBuilder(current, network, space).build(contentsHere,
                                        currentStyles, w, h, tile, planner.margin(tile), targets);
                                objective = tiledObjective(tiled, space, monitor, planner.alignment());
                                history = planner.history();
                            } else {
                                WeightedLoss loss = new LossBuilder(current, network, space).build(contentsHere,
                                        currentStyles, w, h, targets);
                                PixelSpace sp = space;
                                objective = batchX -> evaluate(loss, sp, batchX, monitor);
                            }
                            SegmentResult r = optimise(objective, x, left, history, listener, control, monitor);
                            left -= r.evaluations;
                            x = r.best;
                            x.attach(scale);
                            reason = r.reason;
                        }
                        if (reason == StopReason.NON_FINITE_LOSS || control.isStopped() || listener.stopRequested()) {
                            images = space.output(x);
                            listener.onScaleFinished(k, images);
                            break scales;
                        }
                        RunControl.Change change = control.takeChange();
                        if (change == null) {
                            break;
                        }
                        List<RgbImage> shown = space.output(x);
                        if (change.settings() != null) {
                            current = change.settings();
                        }
                        if (change.styles() != null) {
                            currentStyles = change.styles();
                        }
                        validateStyles(currentStyles, w, h);
                        space = pixelSpace(current, contentsHere);
                        x = space.variables(scale, shown);
                    }
                    carried = carryDown(space.planes(x), space, contentsHere);
                    images = space.output(x);
                    listener.onScaleFinished(k, images);
                }
            }
            double optimizeSeconds = (System.nanoTime() - monitor.startNanos) / 1e9;
            List<LossPoint> best = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                best.add(monitor.bestFor(i));
            }
            List<JudgeLosses> judged = new ArrayList<>();
            // the judge runs the network on the whole image: not where the finest scale needed tiles
            boolean judgeable = mode == StyleMode.TRANSFER && currentStyles.size() == 1 && currentStyles.get(0).mask() == null
                    && !finestTiled;
            for (int i = 0; i < batch; i++) {
                judged.add(judgeable ? new StyleJudge(settings.recipe(), settings.network(), new VggFeatureExtractor(vgg))
                        .judge(images.get(i), contents.get(i), currentStyles.get(0).image()) : null);
            }
            return new StyleTransferResult(images, List.copyOf(monitor.curve), best, reason, setupSeconds, optimizeSeconds,
                    java.util.Collections.unmodifiableList(judged), List.copyOf(tiling));
        }
    }

    /** Checks the inputs; returns the image whose aspect sets the output's. */
    private RgbImage validate(List<RgbImage> contents, List<StyleInput> styles) {
        StyleMode mode = settings.mode();
        RgbImage reference;
        if (mode.usesContent()) {
            if (contents.isEmpty()) {
                throw new InvalidInputException(mode.id() + " mode needs a content image");
            }
            reference = contents.get(0);
            int[] size = outputSize(reference.width(), reference.height(), settings.size());
            for (RgbImage c : contents) {
                int[] s = outputSize(c.width(), c.height(), settings.size());
                if (s[0] != size[0] || s[1] != size[1]) {
                    throw new IllegalArgumentException("batched content images must share one output size");
                }
            }
            if (contents.size() > 1 && settings.colorMode() != ColorMode.NONE) {
                // the colour-prepared style targets depend on each content image
                throw new IllegalArgumentException("colour modes run one content image at a time");
            }
        } else {
            if (styles.isEmpty()) {
                throw new InvalidInputException("style mode needs a style image");
            }
            if (settings.colorMode() != ColorMode.NONE) {
                throw new InvalidInputException("colour modes need a content image whose colours to keep or match");
            }
            reference = styles.get(0).image();
        }
        if (mode.usesStyle()) {
            if (styles.isEmpty()) {
                throw new InvalidInputException(mode.id() + " mode needs a style image");
            }
            int[] out = outputSize(reference.width(), reference.height(), settings.size());
            validateStyles(styles, out[0], out[1]);
        }
        return reference;
    }

    private void validateStyles(List<StyleInput> styles, int width, int height) {
        StyleInput.blend(styles);
        for (int i = 0; i < styles.size(); i++) {
            StyleInput s = styles.get(i);
            if (s.mask() != null) {
                String what = "the mask of style " + (i + 1);
                s.mask().requireAspectOf(width, height, what);
                if (s.mask().coverage() <= 0) {
                    throw new InvalidInputException(what + " is empty (black everywhere): that style would apply nowhere");
                }
                if (settings.styleLoss() == StyleLossKind.MOMENTS) {
                    throw new InvalidInputException("style masks work with the gram and diagonal style losses, not moments");
                }
            }
        }
    }

    private static PixelSpace pixelSpace(StyleTransferSettings s, List<RgbImage> contents) {
        return s.colorMode() == ColorMode.KEEP ? new LuminancePixelSpace(s.colorStrength(), contents) : new RgbPixelSpace();
    }

    private record SegmentResult(NDArray best, int evaluations, StopReason reason) {}

    /**
     * One optimiser per batch item over at most {@code budget} evaluations, each in its own thread, sharing
     * batched evaluations; a single item runs in the calling thread.
     */
    private SegmentResult optimise(BatchEvaluator.BatchObjective objective, NDArray start, int budget, int history,
            StyleTransferListener listener, RunControl control, RunMonitor monitor) {
        NDManager manager = start.getManager();
        int n = (int) start.getShape().get(0);
        OptimizationResult[] results = new OptimizationResult[n];
        OptimizationMonitor itemMonitor = new OptimizationMonitor() {
            @Override
            public boolean stopRequested() {
                return control.segmentMustEnd() || listener.stopRequested();
            }
        };
        int before = monitor.curve.size();
        BatchEvaluator evaluator = new BatchEvaluator(n, objective, manager);
        if (n == 1) {
            results[0] = minimizer(budget, history).minimize(x -> evaluator.evaluate(0, x), start, itemMonitor);
        } else {
            List<Thread> threads = new ArrayList<>();
            RuntimeException[] failures = new RuntimeException[n];
            for (int i = 0; i < n; i++) {
                int item = i;
                NDArray itemStart = start.get(new NDIndex("{}:{}", i, i + 1));
                Thread t = new Thread(() -> {
                    try {
                        results[item] = minimizer(budget, history).minimize(x -> evaluator.evaluate(item, x), itemStart, itemMonitor);
                    } catch (RuntimeException e) {
                        failures[item] = e;
                    } finally {
                        evaluator.leave(item);
                    }
                }, "stylize-item-" + i);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while optimising", e);
                }
            }
            for (RuntimeException f : failures) {
                if (f != null) {
                    throw f;
                }
            }
        }
        NDArray best = n == 1 ? results[0].best() : concat(results);
        StopReason reason = results[0].reason();
        for (OptimizationResult r : results) {
            if (r.reason() == StopReason.NON_FINITE_LOSS || (r.reason() == StopReason.STOPPED && reason != StopReason.NON_FINITE_LOSS)) {
                reason = r.reason();
            }
        }
        return new SegmentResult(best, monitor.curve.size() - before, reason);
    }

    private static NDArray concat(OptimizationResult[] results) {
        ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
        for (OptimizationResult r : results) {
            parts.add(r.best());
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 0);
    }

    /** One batched forward and backward pass: per-item losses and the gradient with respect to the variables. */
    private BatchEvaluator.Result evaluate(WeightedLoss loss, PixelSpace space, NDArray x, RunMonitor monitor) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray variables = x.duplicate();
            variables.attach(scope);
            variables.setRequiresGradient(true);
            LossTerms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = loss.evaluate(space.toNetwork(variables));
                collector.backward(terms.total());
            }
            NDArray gradient = variables.getGradient().duplicate();
            gradient.attach(x.getManager());
            int n = (int) x.getShape().get(0);
            double[] content = values(terms.content(), n);
            double[] style = values(terms.style(), n);
            double[] tv = values(terms.totalVariation(), n);
            double[] total = new double[n];
            for (int i = 0; i < n; i++) {
                total[i] = content[i] + style[i] + tv[i];
            }
            monitor.record(total, content, style, tv, variables, space);
            return new BatchEvaluator.Result(total, gradient);
        }
    }

    /**
     * A tiled scale's evaluation: the grid's origin moves at every evaluation (so no seam stays in place),
     * one image (tiled runs are not batched).
     */
    private static BatchEvaluator.BatchObjective tiledObjective(TiledObjective tiled, PixelSpace space,
            RunMonitor monitor, int alignment) {
        long[] step = {0};
        return x -> {
            int[] origin = TileGrid.origin(step[0]++, tiled.core(), alignment);
            TiledObjective.Value v = tiled.evaluate(x, origin[0], origin[1]);
            monitor.record(new double[] {v.total()}, new double[] {v.content()}, new double[] {v.style()},
                    new double[] {v.totalVariation()}, x, space);
            return new BatchEvaluator.Result(new double[] {v.total()}, v.gradient());
        };
    }

    private static double[] values(NDArray perItem, int n) {
        double[] out = new double[n];
        if (perItem != null) {
            float[] f = perItem.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /** Collects the loss curve across scales and relays progress and snapshots. */
    private final class RunMonitor {
        final StyleTransferListener listener;
        final int batch;
        final List<LossPoint> curve = new ArrayList<>();
        long startNanos;
        int scale;
        int segmentStart;

        RunMonitor(StyleTransferListener listener, int batch) {
            this.listener = listener;
            this.batch = batch;
        }

        void beginSegment(int scale) {
            this.scale = scale;
            this.segmentStart = curve.size();
        }

        void record(double[] total, double[] content, double[] style, double[] tv, NDArray x, PixelSpace space) {
            int evaluation = curve.size() + 1;
            LossPoint p = new LossPoint(evaluation, (System.nanoTime() - startNanos) / 1e9, total, content, style, tv, scale);
            curve.add(p);
            listener.onEvaluation(p);
            if (settings.saveEvery() > 0 && evaluation % settings.saveEvery() == 0) {
                listener.onSnapshot(evaluation, space.output(x));
            }
        }

        /**
         * The evaluation with item {@code i}'s lowest finite loss in the last optimiser segment: where its
         * returned image comes from (losses of other scales or objectives are not comparable).
         */
        LossPoint bestFor(int i) {
            LossPoint best = null;
            for (LossPoint p : curve.subList(segmentStart, curve.size())) {
                if (Double.isFinite(p.total()[i]) && (best == null || p.total()[i] < best.total()[i])) {
                    best = p;
                }
            }
            return best;
        }
    }

    private GradientMinimizer minimizer(int budget, int history) {
        return switch (settings.optimizer()) {
            case LBFGS -> LbfgsOptimizer.builder()
                    .optMaxEvaluations(budget)
                    .optHistorySize(history)
                    .optLineSearch(settings.lineSearch())
                    .optFirstStepChange(settings.lineSearch() == dev.atelier.style.optim.LineSearch.STRONG_WOLFE
                            ? settings.firstStep() : 0)
                    .optLearningRate(settings.learningRate())
                    .build();
            case ADAM -> AdamPixelOptimizer.builder()
                    .optMaxEvaluations(budget)
                    .optLearningRate(settings.learningRate())
                    .build();
        };
    }

    private VggFeatures buildNetwork() {
        VggArchitecture net = settings.network();
        var stateDict = weights.isRandom() ? VggWeightInit.torchvision(settings.seed()).stateDict(net)
                : weights.stateDict();
        return VggFeatures.builder().setArchitecture(net).setStateDict(stateDict).optPooling(settings.pooling()).build();
    }

    /**
     * What a finished scale hands to the next. Painting over the photo, it is the change the scale made to the
     * photo, so that the next scale starts from its own sharper photo plus that change upsampled: upsampling the
     * whole picture would blur the photo's detail, which the deep content layers notice at once. Otherwise it is
     * the picture itself.
     */
    private List<RgbImage> carryDown(List<RgbImage> planes, PixelSpace space, List<RgbImage> contents) {
        if (!paintsOverContent()) {
            return planes;
        }
        List<RgbImage> base = contentPlanes(space, contents);
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            out.add(difference(planes.get(i), base.get(i), -1));
        }
        return out;
    }

    /** The next scale's start from {@link #carryDown}'s hand-over. */
    private List<RgbImage> carryUp(List<RgbImage> carried, PixelSpace space, List<RgbImage> contents, int width, int height) {
        List<RgbImage> out = new ArrayList<>();
        List<RgbImage> base = paintsOverContent() ? contentPlanes(space, contents) : null;
        for (int i = 0; i < carried.size(); i++) {
            RgbImage up = BicubicResize.resize(carried.get(i), width, height);
            out.add(base == null ? up : difference(base.get(i), up, 1));
        }
        return out;
    }

    private boolean paintsOverContent() {
        return settings.mode().usesContent() && settings.start() instanceof StartImage.Content;
    }

    private static List<RgbImage> contentPlanes(PixelSpace space, List<RgbImage> contents) {
        try (NDManager m = NDManager.newBaseManager()) {
            return space.planes(space.variables(m, contents));
        }
    }

    /** a + sign·b, plane by plane. */
    private static RgbImage difference(RgbImage a, RgbImage b, int sign) {
        float[] out = new float[a.pixels().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.pixels()[k] + sign * b.pixels()[k];
        }
        return new RgbImage(a.width(), a.height(), out);
    }

    private List<RgbImage> startImages(List<RgbImage> contents, int batch, int width, int height) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            RgbImage s;
            if (settings.start() instanceof StartImage.Content) {
                if (contents.isEmpty()) {
                    throw new InvalidInputException("--init content needs a content image; use noise or a file");
                }
                s = contents.get(i);
            } else if (settings.start() instanceof StartImage.FromFile f) {
                s = RgbImage.read(f.file()).resized(width, height);
            } else {
                // every item gets the noise of a single run with this seed, so batches match single runs
                s = MedianNoise.generate(width, height, settings.seed());
            }
            out.add(s);
        }
        return out;
    }
}
