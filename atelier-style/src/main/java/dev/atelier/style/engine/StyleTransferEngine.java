package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.optim.StopReason;
import dev.atelier.style.optim.StopRequested;
import dev.atelier.style.tile.TiledObjective;
import java.util.ArrayList;
import java.util.Collections;
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
     * Runs the optimisation: the run is planned (every scale's size, budget and tiling), then each scale is
     * optimised in turn, each handing its result to the next, and the result is assembled.
     *
     * @param contents content images at any size (all must give the same output size; ignored in style mode)
     * @param styles the styles (empty in content mode)
     * @param listener follows the run
     * @param control steers the run from another thread
     * @throws SettingException when a setting cannot work with these inputs (colours kept in style mode,
     *     style masks with the moments loss, starting from the content without one)
     */
    public StyleTransferResult run(List<RgbImage> contents, List<StyleInput> styles, StyleTransferListener listener,
            RunControl control) {
        long t0 = System.nanoTime();
        RgbImage reference = validate(contents, styles);
        RunPlan plan = RunPlan.of(settings, reference, settings.mode().usesContent() ? contents.size() : 1);
        try (NDManager manager = ActiveDevice.newManager(); VggFeatures vgg = buildNetwork()) {
            Run run = new Run(plan, new VggFeatureExtractor(vgg, settings.precision()), styles, listener, control);
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            listener.onStart(plan.evaluations(), plan.width(), plan.height(), plan.batch());
            run.monitor.start();
            for (RunPlan.Scale scale : plan.scales()) {
                if (!run.optimiseScale(scale, contentsAt(contents, scale), manager)) {
                    break;
                }
            }
            double optimizeSeconds = run.monitor.seconds();
            return run.result(contents, vgg, setupSeconds, optimizeSeconds);
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
                throw new SettingException("colors", "keeping or matching colours needs a content image, and style mode "
                        + "has none");
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
                    throw new SettingException("style_loss", "style masks work with the gram and diagonal losses, not moments");
                }
            }
        }
    }

    private static PixelSpace pixelSpace(StyleTransferSettings s, List<RgbImage> contents) {
        return s.colorMode() == ColorMode.KEEP ? new LuminancePixelSpace(s.colorStrength(), contents) : new RgbPixelSpace();
    }

    /** The content images at a scale's size (none in style mode). */
    private List<RgbImage> contentsAt(List<RgbImage> contents, RunPlan.Scale scale) {
        List<RgbImage> out = new ArrayList<>();
        if (settings.mode().usesContent()) {
            for (RgbImage c : contents) {
                out.add(c.resized(scale.width(), scale.height()));
            }
        }
        return out;
    }

    /**
     * One run in progress: its steps, and what it carries from scale to scale. The settings and styles it
     * optimises for are the run's until a {@link RunControl} change replaces them; where each scale starts,
     * the optimiser and the snapshots keep the settings the run started with.
     */
    private final class Run {
        final RunPlan plan;
        final VggFeatureExtractor network;
        final StyleTransferListener listener;
        final RunControl control;
        final RunMonitor monitor;
        final BatchOptimizer optimizer;
        final RunDeadline deadline;
        final ScaleStarts starts = new ScaleStarts(settings);
        final List<ScaleTiling> tiling = new ArrayList<>();
        StyleTransferSettings current = settings;
        List<StyleInput> styles;
        /** What the last finished scale handed over; null before the first. */
        List<RgbImage> handOver;
        /** The images of the scale optimised last. */
        List<RgbImage> images;
        StopReason reason = StopReason.MAX_EVALUATIONS;
        /** Whether the scale optimised last was tiled. */
        boolean lastTiled;

        Run(RunPlan plan, VggFeatureExtractor network, List<StyleInput> styles, StyleTransferListener listener,
                RunControl control) {
            this.plan = plan;
            this.network = network;
            this.styles = styles;
            this.listener = listener;
            this.control = control;
            this.monitor = new RunMonitor(listener, settings.saveEvery());
            this.deadline = settings.time().isSet()
                    ? RunDeadline.of(settings.time(), plan, settings.timeShares(), control) : RunDeadline.none();
            monitor.timeFor(deadline);
            this.optimizer = new BatchOptimizer(settings, listener, control, monitor, deadline);
        }

        /**
         * Optimises one scale: from its start, segment by segment until its budget is spent, a change through
         * the control rebuilding the loss between segments; then hands over to the next scale.
         *
         * @param contents the content images at this scale
         * @return false when the run ends at this scale (stopped, or the loss was not finite)
         */
        boolean optimiseScale(RunPlan.Scale scale, List<RgbImage> contents, NDManager manager) {
            listener.onScale(scale.index(), scale.count(), scale.width(), scale.height(), scale.evaluations());
            deadline.beginScale(scale.index());
            // the tiles' margins and history follow the settings the scale starts with, even after a change
            TilePlanner planner = new TilePlanner(current);
            announceTiling(scale, planner);
            try (NDManager scaleManager = manager.newSubManager()) {
                PixelSpace space = pixelSpace(current, contents);
                NDArray x = starts.start(handOver, space, scaleManager, contents, plan.batch(), scale.width(),
                        scale.height());
                int left = scale.evaluations();
                while (left > 0) {
                    BatchOptimizer.Result r = optimiseSegment(scale, planner, space, contents, x, left, scaleManager);
                    left -= r.evaluations();
                    x = r.best();
                    reason = r.reason();
                    if (mustEnd()) {
                        if (reason != StopReason.NON_FINITE_LOSS) {
                            // a stop seen only after the segment ended is still a stop: the picture is the one so far
                            reason = StopReason.STOPPED;
                        }
                        finishScale(scale, space.output(x));
                        return false;
                    }
                    RunControl.Change change = control.takeChange();
                    if (change == null) {
                        break;
                    }
                    List<RgbImage> shown = space.output(x);
                    applyChange(change, scale);
                    space = pixelSpace(current, contents);
                    x = space.variables(scaleManager, shown);
                }
                handOver = starts.handOver(space.planes(x), space, contents);
                finishScale(scale, space.output(x));
                return true;
            }
        }

        private void announceTiling(RunPlan.Scale scale, TilePlanner planner) {
            if (scale.tiled()) {
                ScaleTiling t = new ScaleTiling(scale.index(), scale.width(), scale.height(), scale.tile(),
                        planner.margin(scale.tile()), planner.history());
                tiling.add(t);
                listener.onTiling(t);
            }
            lastTiled = scale.tiled();
        }

        /**
         * One optimiser segment: the loss of the current settings and styles built at this scale (its targets
         * owned by the segment), then optimised from {@code x} for at most {@code budget} evaluations.
         *
         * @return the segment's result, its best point owned by {@code scaleManager}
         */
        private BatchOptimizer.Result optimiseSegment(RunPlan.Scale scale, TilePlanner planner, PixelSpace space,
                List<RgbImage> contents, NDArray x, int budget, NDManager scaleManager) {
            monitor.beginSegment(scale.index());
            try (NDManager targets = scaleManager.newSubManager()) {
                BatchEvaluator.BatchObjective objective;
                int history;
                if (scale.tiled()) {
                    TiledObjective tiled;
                    try {
                        // a large scale's targets take many tiles' passes: a stop is honoured between them
                        tiled = new TiledLossBuilder(current, network, space, this::stopRequested).build(contents,
                                styles, scale.width(), scale.height(), scale.tile(), planner.margin(scale.tile()),
                                targets);
                    } catch (StopRequested stop) {
                        // nothing optimised at this scale: the picture so far is where it starts
                        return new BatchOptimizer.Result(x, 0, StopReason.STOPPED);
                    }
                    objective = BatchObjectives.tiled(tiled, space, monitor, planner.alignment());
                    history = planner.history();
                } else {
                    WeightedLoss loss = new LossBuilder(current, network, space).build(contents, styles,
                            scale.width(), scale.height(), targets);
                    objective = BatchObjectives.untiled(loss, space, monitor);
                    history = current.historySize();
                }
                deadline.beginSegment();
                BatchOptimizer.Result r = optimizer.optimise(objective, x, budget, history);
                r.best().attach(scaleManager);
                return r;
            }
        }

        private boolean mustEnd() {
            return reason == StopReason.NON_FINITE_LOSS || stopRequested();
        }

        /** Whether the run is asked to stop, by its control or its listener (Ctrl-C). */
        private boolean stopRequested() {
            return control.isStopped() || listener.stopRequested();
        }

        /** The settings and styles from {@code change} on, the styles checked at this scale's size. */
        private void applyChange(RunControl.Change change, RunPlan.Scale scale) {
            if (change.settings() != null) {
                current = change.settings();
            }
            if (change.styles() != null) {
                styles = change.styles();
            }
            validateStyles(styles, scale.width(), scale.height());
        }

        private void finishScale(RunPlan.Scale scale, List<RgbImage> output) {
            images = output;
            listener.onScaleFinished(scale.index(), images);
        }

        /** The run's result: each item's image and best evaluation, and the judge's verdict where it applies. */
        StyleTransferResult result(List<RgbImage> contents, VggFeatures vgg, double setupSeconds,
                double optimizeSeconds) {
            List<LossPoint> best = new ArrayList<>();
            for (int i = 0; i < plan.batch(); i++) {
                best.add(monitor.bestFor(i));
            }
            List<JudgeLosses> judged = new ArrayList<>();
            // the judge runs the network on the whole image: not where the finest scale needed tiles, and not
            // after a stop, which must not wait for another pass of the network
            boolean judgeable = settings.mode() == StyleMode.TRANSFER && styles.size() == 1 && styles.get(0).mask() == null
                    && !lastTiled && reason != StopReason.STOPPED;
            for (int i = 0; i < plan.batch(); i++) {
                judged.add(judgeable ? new StyleJudge(settings.recipe(), settings.network(), new VggFeatureExtractor(vgg))
                        .judge(images.get(i), contents.get(i), styles.get(0).image()) : null);
            }
            return new StyleTransferResult(images, monitor.curve(), best, reason, setupSeconds, optimizeSeconds,
                    Collections.unmodifiableList(judged), List.copyOf(tiling));
        }
    }

    private VggFeatures buildNetwork() {
        VggArchitecture net = settings.network();
        var stateDict = weights.isRandom() ? VggWeightInit.torchvision(settings.seed()).stateDict(net)
                : weights.stateDict();
        return VggFeatures.builder().setArchitecture(net).setStateDict(stateDict).optPooling(settings.pooling()).build();
    }
}
