package dev.atelier.style.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.image.MedianNoise;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.ContentLoss;
import dev.atelier.style.loss.GramStyleLoss;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.StyleTransferLoss;
import dev.atelier.style.optim.AdamPixelOptimizer;
import dev.atelier.style.optim.GradientMinimizer;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Neural style transfer as the lesson teaches it: a loss function over a VGG network's activations,
 * and an optimiser over the pixels of the image being made.
 *
 * <p>The pixels are optimised in ImageNet-normalised space (what VGG sees). Several content images of
 * the same size run as one batch on the tensor's batch dimension, sharing one style target; each image's
 * loss is its own, and the batch loss is their sum.
 */
public final class StyleTransferEngine {
    private static final float[] MEAN = ImageNetNormalization.MEAN;
    private static final float[] STD = ImageNetNormalization.STD;

    private final StyleTransferSettings settings;
    private final NetworkWeights weights;

    public StyleTransferEngine(StyleTransferSettings settings, NetworkWeights weights) {
        this.settings = settings;
        this.weights = weights;
    }

    /** The output size for an image of {@code width x height}: long side {@code longSide}, same aspect. */
    public static int[] outputSize(int width, int height, int longSide) {
        double f = (double) longSide / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /** The layers the settings name, resolved to canonical names (fails listing valid names). */
    public List<String> contentLayers() {
        return settings.mode().usesContent() ? canonical(settings.contentLayers()) : List.of();
    }

    /** The style layers and weights, resolved to canonical names. */
    public Map<String, Double> styleLayers() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (settings.mode().usesStyle()) {
            settings.styleLayers().forEach((k, v) -> out.put(settings.network().layer(k).name(), v));
        }
        return out;
    }

    /**
     * Checks that a run of {@code batch} images of {@code width x height} fits in memory.
     *
     * @throws InvalidInputException naming the {@code --size} that would fit
     */
    public void checkMemory(int batch, int width, int height) {
        MemoryEstimate.check(settings.network(), deepestLayer(), batch, width, height,
                MemoryEstimate.imageVectors(settings.optimizer(), settings.historySize()));
    }

    /**
     * Runs the optimisation.
     *
     * @param contents content images at any size (all must give the same output size; ignored in style
     *     mode)
     * @param style the style image at any size (null in content mode)
     */
    public StyleTransferResult run(List<RgbImage> contents, RgbImage style, StyleTransferListener listener) {
        StyleMode mode = settings.mode();
        long t0 = System.nanoTime();
        List<String> contentLayers = contentLayers();
        Map<String, Double> styleLayers = styleLayers();
        int[] size;
        List<RgbImage> targets = new ArrayList<>();
        if (mode.usesContent()) {
            if (contents.isEmpty()) {
                throw new InvalidInputException(mode.id() + " mode needs a content image");
            }
            size = outputSize(contents.get(0).width(), contents.get(0).height(), settings.size());
            for (RgbImage c : contents) {
                int[] s = outputSize(c.width(), c.height(), settings.size());
                if (s[0] != size[0] || s[1] != size[1]) {
                    throw new IllegalArgumentException("batched content images must share one output size");
                }
            }
        } else {
            if (style == null) {
                throw new InvalidInputException("style mode needs a style image");
            }
            size = outputSize(style.width(), style.height(), settings.size());
        }
        if (mode.usesStyle() && style == null) {
            throw new InvalidInputException(mode.id() + " mode needs a style image");
        }
        int batch = mode.usesContent() ? contents.size() : 1;
        int width = size[0];
        int height = size[1];
        checkMemory(batch, width, height);
        if (mode.usesContent()) {
            for (RgbImage c : contents) {
                targets.add(c.resized(width, height));
            }
        }
        RgbImage styleTarget = mode.usesStyle() ? matchStyle(style, width, height) : null;
        List<RgbImage> starts = startImages(targets, batch, width, height);

        try (NDManager manager = NDManager.newBaseManager(); VggFeatures vgg = buildNetwork()) {
            VggFeatureExtractor network = new VggFeatureExtractor(vgg);
            ContentLoss contentLoss = null;
            if (mode.usesContent()) {
                NDArray contentBatch = toTensor(manager, targets);
                Map<String, Double> layerWeights = new LinkedHashMap<>();
                contentLayers.forEach(l -> layerWeights.put(l, 1.0));
                double lessonFactor = mode == StyleMode.CONTENT ? 1e3 : 1e6;
                contentLoss = new ContentLoss(network.extract(contentBatch, contentLayers), layerWeights,
                        settings.normalization(), lessonFactor, manager);
            }
            GramStyleLoss styleLoss = null;
            if (mode.usesStyle()) {
                NDArray styleTensor = toTensor(manager, List.of(styleTarget));
                styleLoss = new GramStyleLoss(network.extract(styleTensor, styleLayers.keySet()), styleLayers,
                        settings.diagonalGram(), settings.normalization(), manager);
            }
            StyleTransferLoss loss = new StyleTransferLoss(network, contentLoss, styleLoss,
                    settings.contentWeight(), settings.styleWeight(weights.isRandom()), settings.tvWeight());
            NDArray start = toTensor(manager, starts);
            double setupSeconds = (System.nanoTime() - t0) / 1e9;

            listener.onStart(settings.maxEvaluations(), width, height, batch);
            RunMonitor monitor = new RunMonitor(listener, batch);
            long t1 = System.nanoTime();
            monitor.startNanos = t1;
            BatchEvaluator evaluator = new BatchEvaluator(batch, x -> evaluate(loss, x, monitor), manager);
            OptimizationResult[] results = optimizeEachItem(start, evaluator, listener);
            double optimizeSeconds = (System.nanoTime() - t1) / 1e9;
            List<RgbImage> images = new ArrayList<>();
            List<LossPoint> best = new ArrayList<>();
            StopReason reason = results[0].reason();
            for (int i = 0; i < batch; i++) {
                images.add(fromTensor(results[i].best()).get(0));
                best.add(monitor.bestFor(i));
                StopReason ri = results[i].reason();
                if (ri == StopReason.NON_FINITE_LOSS || (ri == StopReason.STOPPED && reason != StopReason.NON_FINITE_LOSS)) {
                    reason = ri;
                }
            }
            return new StyleTransferResult(images, List.copyOf(monitor.curve), best, reason, setupSeconds,
                    optimizeSeconds);
        }
    }

    /**
     * One optimiser per batch item, each in its own thread, sharing batched evaluations; a single item
     * runs in the calling thread.
     */
    private OptimizationResult[] optimizeEachItem(NDArray start, BatchEvaluator evaluator,
            StyleTransferListener listener) {
        int n = (int) start.getShape().get(0);
        OptimizationResult[] results = new OptimizationResult[n];
        OptimizationMonitor itemMonitor = new OptimizationMonitor() {
            @Override
            public boolean stopRequested() {
                return listener.stopRequested();
            }
        };
        if (n == 1) {
            results[0] = minimizer().minimize(x -> evaluator.evaluate(0, x), start, itemMonitor);
            return results;
        }
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failures = new RuntimeException[n];
        for (int i = 0; i < n; i++) {
            int item = i;
            NDArray itemStart = start.get(new NDIndex("{}:{}", i, i + 1));
            Thread t = new Thread(() -> {
                try {
                    results[item] = minimizer().minimize(x -> evaluator.evaluate(item, x), itemStart, itemMonitor);
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
        return results;
    }

    /** One batched forward and backward pass: per-item losses and the gradient with respect to the pixels. */
    private BatchEvaluator.Result evaluate(StyleTransferLoss loss, NDArray x, RunMonitor monitor) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray pixels = x.duplicate();
            pixels.attach(scope);
            pixels.setRequiresGradient(true);
            LossTerms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = loss.evaluate(pixels);
                collector.backward(terms.total());
            }
            NDArray gradient = pixels.getGradient().duplicate();
            gradient.attach(x.getManager());
            int n = (int) x.getShape().get(0);
            double[] content = values(terms.content(), n);
            double[] style = values(terms.style(), n);
            double[] tv = values(terms.totalVariation(), n);
            double[] total = new double[n];
            for (int i = 0; i < n; i++) {
                total[i] = content[i] + style[i] + tv[i];
            }
            monitor.record(total, content, style, tv, pixels);
            return new BatchEvaluator.Result(total, gradient);
        }
    }

    private static double[] values(NDArray perItem, int n) {
        double[] out = new double[n];
        if (perItem != null) {
            float[] f = perItem.toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /** Collects the loss curve of batched evaluations and relays progress and snapshots. */
    private final class RunMonitor {
        final StyleTransferListener listener;
        final int batch;
        final List<LossPoint> curve = new ArrayList<>();
        long startNanos;

        RunMonitor(StyleTransferListener listener, int batch) {
            this.listener = listener;
            this.batch = batch;
        }

        void record(double[] total, double[] content, double[] style, double[] tv, NDArray x) {
            int evaluation = curve.size() + 1;
            LossPoint p = new LossPoint(evaluation, (System.nanoTime() - startNanos) / 1e9, total, content, style, tv);
            curve.add(p);
            listener.onEvaluation(p);
            if (settings.saveEvery() > 0 && evaluation % settings.saveEvery() == 0) {
                listener.onSnapshot(evaluation, fromTensor(x));
            }
        }

        /** The evaluation with item {@code i}'s lowest finite loss: where its returned image comes from. */
        LossPoint bestFor(int i) {
            LossPoint best = null;
            for (LossPoint p : curve) {
                if (Double.isFinite(p.total()[i]) && (best == null || p.total()[i] < best.total()[i])) {
                    best = p;
                }
            }
            return best;
        }
    }

    private GradientMinimizer minimizer() {
        return switch (settings.optimizer()) {
            case LBFGS -> LbfgsOptimizer.builder()
                    .optMaxEvaluations(settings.maxEvaluations())
                    .optHistorySize(settings.historySize())
                    .optLineSearch(settings.lineSearch())
                    .optLearningRate(settings.learningRate())
                    .build();
            case ADAM -> AdamPixelOptimizer.builder()
                    .optMaxEvaluations(settings.maxEvaluations())
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

    private int deepestLayer() {
        int deepest = 0;
        for (String l : contentLayers()) {
            deepest = Math.max(deepest, settings.network().layer(l).index());
        }
        for (String l : styleLayers().keySet()) {
            deepest = Math.max(deepest, settings.network().layer(l).index());
        }
        return deepest;
    }

    private List<String> canonical(List<String> layers) {
        List<String> out = new ArrayList<>();
        for (String l : layers) {
            String name = settings.network().layer(l).name();
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * The lesson's {@code scale_match}: the style image scaled to cover the output, times
     * {@code --style-scale}, then centre-cropped to the output size where it is larger.
     */
    private RgbImage matchStyle(RgbImage style, int width, int height) {
        double cover = Math.max(width / (double) style.width(), height / (double) style.height());
        double f = cover * settings.styleScale();
        int w = Math.max(1, (int) Math.round(style.width() * f));
        int h = Math.max(1, (int) Math.round(style.height() * f));
        return style.resized(w, h).centreCrop(width, height);
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

    /** RGB images in [0, 1] to one ImageNet-normalised float32 batch (N, 3, H, W). */
    static NDArray toTensor(NDManager manager, List<RgbImage> images) {
        RgbImage first = images.get(0);
        int plane = 3 * first.width() * first.height();
        float[] all = new float[plane * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, all, i * plane, plane);
        }
        NDArray raw = manager.create(all, new Shape(images.size(), 3, first.height(), first.width()));
        NDArray mean = manager.create(MEAN, new Shape(1, 3, 1, 1));
        NDArray std = manager.create(STD, new Shape(1, 3, 1, 1));
        return raw.sub(mean).div(std);
    }

    /** The inverse of {@link #toTensor}, clamped to [0, 1]. */
    static List<RgbImage> fromTensor(NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray mean = scope.create(MEAN, new Shape(1, 3, 1, 1));
            NDArray std = scope.create(STD, new Shape(1, 3, 1, 1));
            NDArray px = x.mul(std);
            px.attach(scope);
            float[] all = px.add(mean).clip(0, 1).toFloatArray();
            Shape s = x.getShape();
            int n = (int) s.get(0);
            int h = (int) s.get(2);
            int w = (int) s.get(3);
            int plane = 3 * w * h;
            List<RgbImage> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] p = new float[plane];
                System.arraycopy(all, i * plane, p, 0, plane);
                out.add(new RgbImage(w, h, p));
            }
            return out;
        }
    }
}
