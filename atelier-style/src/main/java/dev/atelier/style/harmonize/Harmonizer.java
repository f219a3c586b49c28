package dev.atelier.style.harmonize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.engine.VggFeatureExtractor;
import dev.atelier.style.image.BicubicResize;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.LossTerms;
import dev.atelier.style.loss.MaskedContentTerm;
import dev.atelier.style.loss.MaskedGramTerm;
import dev.atelier.style.loss.TotalVariationTerm;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import dev.atelier.style.mask.SoftMask;
import dev.atelier.style.optim.Evaluation;
import dev.atelier.style.optim.LbfgsOptimizer;
import dev.atelier.style.optim.Objective;
import dev.atelier.style.optim.OptimizationMonitor;
import dev.atelier.style.optim.OptimizationResult;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Deep Painterly Harmonization (Luan, Paris, Shechtman and Bala 2018) on our VGG and L-BFGS: an object
 * pasted into a painting is repainted, in two passes, so that it looks painted with the rest.
 *
 * <ol>
 *   <li>Pass 1 (robust, coarse), from the naive composite: content at relu4_1 inside the loose mask;
 *       style at relu3_1, relu4_1, relu5_1, each layer's target being the masked Gram of painting features
 *       matched to the composite's 3x3 patches independently per layer; total variation.</li>
 *   <li>Pass 2 (refined), from pass 1's output: one nearest-neighbour field at relu4_1, made spatially
 *       consistent and projected to relu1_1..relu3_1; style at relu1_1..relu4_1 and histogram losses at
 *       relu1_1 and relu4_1 on the matched features; total variation. The authors' weights: content 1,
 *       style L, histogram (10 − t)·L, TV t·L, for the level L and t from the painting's noise level
 *       ({@link PaintingNoise}). Each term's gradient is normalised before weighting, as the paper does, but once, at the
 *       pass's starting image: the divisors then stay fixed so L-BFGS minimises one function.</li>
 *   <li>Post-processing: chroma denoising in CIELAB, then a blend into the painting with the tight mask,
 *       so every pixel outside the loose mask is the painting's own.</li>
 * </ol>
 * Everything is deterministic: no random numbers are drawn, and ties in matching go to the lowest index.
 */
public final class Harmonizer {
    private static final List<String> FEATURE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
    /** Pass 1's TV weight per unit of the paper's TV weight: its terms are relative (about 1 at the start). */
    static final double PASS1_TV_SCALE = 1e-2;
    /** L-BFGS history: 20 pairs keep a 512-px run's optimiser state near 100 MB. */
    static final int HISTORY = 20;
    /** The consistency window radius at relu4_1 (5x5, the paper's). */
    static final int CONSISTENCY_RADIUS = 2;
    /** The smallest side a scale may have: VGG pools four times before relu5_1. */
    static final int MIN_SIDE = 32;

    private final HarmonizationSettings settings;
    private final VggFeatures vgg;
    private final FeatureExtractor network;

    /**
     * @param vgg the network (VGG19 as in the paper; any VGG with relu5_1 works), left open
     */
    public Harmonizer(HarmonizationSettings settings, VggFeatures vgg) {
        this(settings, vgg, FeaturePrecision.FP32);
    }

    /**
     * @param vgg the network (VGG19 as in the paper; any VGG with relu5_1 works), left open
     * @param precision the network's arithmetic while optimising (the metrics of the result stay float32)
     */
    public Harmonizer(HarmonizationSettings settings, VggFeatures vgg, FeaturePrecision precision) {
        this.settings = settings;
        this.vgg = vgg;
        this.network = new VggFeatureExtractor(vgg, precision);
    }

    /** The working size of a {@code width x height} painting: its long side brought down to {@code size}. */
    public static int[] workingSize(int width, int height, int size) {
        if (Math.max(width, height) <= size) {
            return new int[] {width, height};
        }
        double f = (double) size / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /**
     * The scales a run optimises at: {@code settings.scales()} for the working size's long side, without
     * the scales whose short side would be under {@value #MIN_SIDE} px (their evaluations go to the next one).
     */
    public static ScaleLadder ladder(HarmonizationSettings settings, int width, int height) {
        int longSide = Math.max(width, height);
        ScaleLadder full = ScaleLadder.of(settings.scales(), longSide, settings.maxEvaluations(),
                ScaleLadder.Split.COARSE_HEAVY);
        List<Integer> sides = new ArrayList<>();
        List<Integer> evaluations = new ArrayList<>();
        int carried = 0;
        for (int k = 0; k < full.count(); k++) {
            int side = full.longSides().get(k);
            int[] wh = scaleSize(width, height, side);
            if (Math.min(wh[0], wh[1]) < MIN_SIDE && k < full.count() - 1) {
                carried += full.evaluations().get(k);
                continue;
            }
            sides.add(side);
            evaluations.add(full.evaluations().get(k) + carried);
            carried = 0;
        }
        return new ScaleLadder(sides, evaluations);
    }

    /**
     * The scales a run of {@code composite} optimises at: {@link #ladder(HarmonizationSettings, int, int)}
     * without the coarse scales where the loose mask leaves no cell inside at a layer the losses use (a
     * small object vanishes at relu5_1 of a coarse scale); their evaluations go to the next scale.
     *
     * @param composite the composite at the working size {@code width x height}
     * @throws dev.atelier.core.InvalidInputException when that happens at the working size itself
     */
    public static ScaleLadder ladder(HarmonizationSettings settings, VggArchitecture network, Composite composite,
            int width, int height) {
        ScaleLadder base = ladder(settings, width, height);
        List<Integer> sides = new ArrayList<>();
        List<Integer> evaluations = new ArrayList<>();
        int carried = 0;
        for (int k = 0; k < base.count(); k++) {
            int side = base.longSides().get(k);
            int[] wh = scaleSize(width, height, side);
            SoftMask mask = composite.resized(wh[0], wh[1]).mask();
            HarmonizationMasks masks = HarmonizationMasks.of(mask, looseSigma(settings, width, height, wh[0], wh[1]));
            Map<String, LayerMask> pyramid = MaskPyramid.build(network, "relu5_1", masks.loose().values(), wh[0], wh[1]);
            String empty = null;
            for (String l : FEATURE_LAYERS) {
                if (pyramid.get(l).insideCount() == 0) {
                    empty = l;
                    break;
                }
            }
            if (empty != null) {
                if (k == base.count() - 1) {
                    throw new dev.atelier.core.InvalidInputException("the mask is too small for " + wh[0] + "x" + wh[1]
                            + ": after VGG's poolings nothing of it is left at " + empty
                            + "; paint a larger mask, scale the object up or raise the size");
                }
                carried += base.evaluations().get(k);
                continue;
            }
            sides.add(side);
            evaluations.add(base.evaluations().get(k) + carried);
            carried = 0;
        }
        return new ScaleLadder(sides, evaluations);
    }

    /** A {@code width x height} image brought to the long side {@code longSide}. */
    private static int[] scaleSize(int width, int height, int longSide) {
        if (Math.max(width, height) == longSide) {
            return new int[] {width, height};
        }
        double f = (double) longSide / Math.max(width, height);
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /**
     * Harmonises {@code composite} into {@code painting}, coarse to fine: each scale runs both passes, the
     * coarsest from the naive composite, every other from the previous scale's result upsampled (bicubic,
     * as {@code stylize} does) inside the loose mask and the composite's own pixels outside it.
     *
     * @param painting the painting, the composite's size
     * @param composite the object pasted in, and its mask
     */
    public HarmonizationResult run(RgbImage painting, Composite composite, HarmonizationListener listener) {
        if (painting.width() != composite.image().width() || painting.height() != composite.image().height()) {
            throw new IllegalArgumentException("the composite is not the painting's size");
        }
        int[] wh = workingSize(painting.width(), painting.height(), settings.size());
        int w = wh[0];
        int h = wh[1];
        if (Math.min(w, h) < MIN_SIDE) {
            throw new dev.atelier.core.InvalidInputException("the painting is " + w + "x" + h
                    + " at the working size; harmonisation needs at least " + MIN_SIDE
                    + " pixels a side (VGG pools 4 times)");
        }
        RgbImage p = painting.resized(w, h);
        Composite c = composite.resized(w, h);
        ScaleLadder ladder = ladder(settings, vgg.architecture(), c, w, h);
        HarmonizationMasks masks = HarmonizationMasks.of(c.mask(), looseSigma(w, h, w, h));
        // the noise level is the working-size painting's: downsampling smooths, so coarse scales would overrate it
        double noise = PaintingNoise.level(p);
        double tv = PaintingNoise.tvWeight(noise);
        List<PassSummary> passes = new ArrayList<>();
        Progress progress = new Progress(listener, System.nanoTime());
        listener.onStart(ladder.totalEvaluations(), w, h, 1);
        RgbImage raw = null;
        RgbImage pass1 = null;
        boolean stopped = false;
        for (int k = 0; k < ladder.count() && !stopped; k++) {
            int[] s = scaleSize(w, h, ladder.longSides().get(k));
            int evaluations = ladder.evaluations().get(k);
            listener.onScale(k, ladder.count(), s[0], s[1], evaluations);
            Scale scale = new Scale(k, p.resized(s[0], s[1]), c.resized(s[0], s[1]), looseSigma(w, h, s[0], s[1]));
            RgbImage start = raw == null ? scale.composite.image() : carry(raw, scale);
            ScaleOutcome o = runScale(scale, start, evaluations, tv, progress, passes);
            raw = o.raw;
            pass1 = o.pass1;
            stopped = o.stopped;
            listener.onScaleFinished(k, List.of(blend(ChromaDenoise.apply(raw), scale.painting, scale.masks)));
        }
        // stopped at a coarse scale: the result so far, brought to the working size
        RgbImage finest = raw.width() == w && raw.height() == h ? raw : carry(raw, new Scale(-1, p, c, looseSigma(w, h, w, h)));
        RgbImage finished = blend(ChromaDenoise.apply(finest), p, masks);
        return new HarmonizationResult(finished, p, c.image(), pass1, masks, ladder, passes, noise, tv, stopped);
    }

    private double looseSigma(int w, int h, int sw, int sh) {
        return looseSigma(settings, w, h, sw, sh);
    }

    /** The loose mask's blur at a {@code sw x sh} scale of a {@code w x h} working size. */
    private static double looseSigma(HarmonizationSettings settings, int w, int h, int sw, int sh) {
        if (settings.looseSigma() > 0) {
            return settings.looseSigma() * Math.max(sw, sh) / Math.max(w, h);
        }
        return HarmonizationMasks.defaultSigma(Math.max(sw, sh));
    }

    /** One scale's inputs: the painting, the composite, their masks and the loose mask's pyramid. */
    private final class Scale {
        final int index;
        final RgbImage painting;
        final Composite composite;
        final HarmonizationMasks masks;
        final Map<String, LayerMask> pyramid;

        Scale(int index, RgbImage painting, Composite composite, double sigma) {
            this.index = index;
            this.painting = painting;
            this.composite = composite;
            this.masks = HarmonizationMasks.of(composite.mask(), sigma);
            this.pyramid = MaskPyramid.build(vgg.architecture(), "relu5_1", masks.loose().values(),
                    painting.width(), painting.height());
        }
    }

    /**
     * The previous scale's image upsampled into this scale: inside the loose mask the result carried on,
     * outside it the composite's own pixels at this scale (sharper than an upsampled copy of them).
     */
    private static RgbImage carry(RgbImage previous, Scale scale) {
        RgbImage up = BicubicResize.resize(previous, scale.painting.width(), scale.painting.height()).clipped();
        return blend(up, scale.composite.image(), scale.masks.loose(), scale.masks.loose());
    }

    private record ScaleOutcome(RgbImage raw, RgbImage pass1, boolean stopped) {}

    /** Both passes at one scale, from {@code start}. */
    private ScaleOutcome runScale(Scale scale, RgbImage start, int evaluations, double tv, Progress progress,
            List<PassSummary> passes) {
        HarmonizationListener listener = progress.listener;
        int w = scale.painting.width();
        int h = scale.painting.height();
        int k = scale.index;
        Map<String, LayerMask> pyramid = scale.pyramid;
        int budget1 = HarmonizationSettings.pass1Evaluations(evaluations);
        int budget2 = HarmonizationSettings.pass2Evaluations(evaluations);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, FeatureMap> paintingFeatures = features(scale.painting, FEATURE_LAYERS, manager);
            Map<String, FeatureMap> compositeFeatures = features(scale.composite.image(), FEATURE_LAYERS, manager);
            NDArray x = variables(manager, start);

            // Pass 1
            long t1 = System.nanoTime();
            listener.onPass(k, 1, budget1);
            RgbImage pass1;
            boolean stopped;
            try (NDManager pass = manager.newSubManager()) {
                Map<String, NDArray> targets = new LinkedHashMap<>();
                Map<String, float[]> weights = new LinkedHashMap<>();
                for (String l : HarmonizationSettings.PASS1_STYLE_LAYERS) {
                    LayerMask m = pyramid.get(l);
                    int[] field = PatchMatcher.match(compositeFeatures.get(l), m.inside(), paintingFeatures.get(l), pass);
                    targets.put(l, paintingFeatures.get(l).gather(field, m.width(), m.height()).toArray(pass));
                    weights.put(l, m.insideWeights());
                }
                List<WeightedTerm> terms = List.of(
                        new WeightedTerm(content(compositeFeatures, pyramid, pass), 1),
                        new WeightedTerm(new MaskedGramTerm(targets, weights, pass), settings.level()),
                        new WeightedTerm(new TotalVariationTerm(), tv * PASS1_TV_SCALE));
                Map<String, Double> described = describe(List.of("content", "style", "tv"), terms);
                PassOutcome r = optimise(new WeightedLoss(network, terms), x, budget1, scale, progress);
                x.close();
                x = r.best;
                x.attach(manager);
                stopped = r.result.reason() == StopReason.STOPPED;
                pass1 = pixels(x);
                passes.add(new PassSummary(k, w, h, 1, r.result.evaluations(), r.firstLoss, r.result.bestLoss(),
                        r.result.reason(), (System.nanoTime() - t1) / 1e9, described));
            }
            listener.onPassFinished(k, 1, pass1);
            if (stopped || budget2 == 0) {
                return new ScaleOutcome(pass1, pass1, stopped);
            }

            // Pass 2
            long t2 = System.nanoTime();
            listener.onPass(k, 2, budget2);
            RgbImage pass2;
            try (NDManager pass = manager.newSubManager()) {
                Map<String, FeatureMap> current = features(pass1, HarmonizationSettings.PASS2_STYLE_LAYERS, pass);
                Map<String, FeatureMap> matched = matchConsistently(current, paintingFeatures, pyramid, pass);
                Map<String, NDArray> targets = new LinkedHashMap<>();
                Map<String, float[]> weights = new LinkedHashMap<>();
                for (String l : HarmonizationSettings.PASS2_STYLE_LAYERS) {
                    targets.put(l, matched.get(l).toArray(pass));
                    weights.put(l, pyramid.get(l).insideWeights());
                }
                Map<String, FeatureMap> histogramTargets = new LinkedHashMap<>();
                for (String l : HarmonizationSettings.PASS2_HISTOGRAM_LAYERS) {
                    histogramTargets.put(l, matched.get(l));
                }
                List<WeightedTerm> terms = List.of(
                        new WeightedTerm(content(compositeFeatures, pyramid, pass), 1),
                        new WeightedTerm(new MaskedGramTerm(targets, weights, pass), settings.level()),
                        new WeightedTerm(new HistogramTerm(histogramTargets, pyramid, pass), (10 - tv) * settings.level()),
                        new WeightedTerm(new TotalVariationTerm(), tv * settings.level()));
                terms = normaliseGradients(terms, x);
                Map<String, Double> described = describe(List.of("content", "style", "histogram", "tv"), terms);
                PassOutcome r = optimise(new WeightedLoss(network, terms), x, budget2, scale, progress);
                x.close();
                x = r.best;
                x.attach(manager);
                stopped = r.result.reason() == StopReason.STOPPED;
                pass2 = pixels(x);
                passes.add(new PassSummary(k, w, h, 2, r.result.evaluations(), r.firstLoss, r.result.bestLoss(),
                        r.result.reason(), (System.nanoTime() - t2) / 1e9, described));
            }
            listener.onPassFinished(k, 2, pass2);
            return new ScaleOutcome(pass2, pass1, stopped);
        }
    }

    /**
     * The final blend: {@code tight·result + (1 − tight)·painting}, and the painting's pixel itself wherever
     * the loose mask is zero (the tight mask is zero there too; copying says so without relying on arithmetic).
     */
    public static RgbImage blend(RgbImage result, RgbImage painting, HarmonizationMasks masks) {
        return blend(result, painting, masks.tight(), masks.loose());
    }

    /** {@code weight·result + (1 − weight)·base}, and the base's pixel itself wherever {@code support} is zero. */
    private static RgbImage blend(RgbImage result, RgbImage base, SoftMask weight, SoftMask support) {
        int plane = base.width() * base.height();
        float[] out = base.pixels().clone();
        float[] r = result.pixels();
        float[] t = weight.values();
        float[] loose = support.values();
        for (int i = 0; i < plane; i++) {
            if (loose[i] == 0) {
                continue;
            }
            for (int ch = 0; ch < 3; ch++) {
                int k = ch * plane + i;
                out[k] = t[i] * r[k] + (1 - t[i]) * out[k];
            }
        }
        return new RgbImage(base.width(), base.height(), out);
    }

    /** Pass 2's mapping: relu4_1 matched from the pass-1 image, made consistent, projected to the finer layers. */
    private Map<String, FeatureMap> matchConsistently(Map<String, FeatureMap> current, Map<String, FeatureMap> painting,
            Map<String, LayerMask> pyramid, NDManager manager) {
        String ref = HarmonizationSettings.REFERENCE_LAYER;
        LayerMask rm = pyramid.get(ref);
        boolean[] inside = rm.inside();
        int[] field = PatchMatcher.match(current.get(ref), inside, painting.get(ref), manager);
        field = ConsistentMapping.refine(field, inside, rm.width(), rm.height(), painting.get(ref), CONSISTENCY_RADIUS);
        Map<String, FeatureMap> out = new LinkedHashMap<>();
        for (String l : HarmonizationSettings.PASS2_STYLE_LAYERS) {
            LayerMask m = pyramid.get(l);
            int factor = Math.max(1, Math.round((float) m.width() / rm.width()));
            // the layer's size is a power of two times relu4_1's (floors aside): find that power
            factor = Integer.highestOneBit(factor);
            int[] f = l.equals(ref) ? field
                    : ConsistentMapping.project(field, rm.width(), rm.height(), factor, m.inside(), m.width(), m.height());
            out.put(l, painting.get(l).gather(f, m.width(), m.height()));
        }
        return out;
    }

    private static MaskedContentTerm content(Map<String, FeatureMap> composite, Map<String, LayerMask> pyramid,
            NDManager manager) {
        String l = HarmonizationSettings.CONTENT_LAYER;
        return new MaskedContentTerm(l, composite.get(l).toArray(manager), pyramid.get(l).insideWeights(), manager);
    }

    /**
     * Each term's weight divided by the mean absolute value of its own gradient with respect to the pixels
     * at {@code x}: after this, a weight says how hard a term pulls, whatever its natural scale. A term
     * with no gradient at {@code x} keeps its weight.
     */
    private List<WeightedTerm> normaliseGradients(List<WeightedTerm> terms, NDArray x) {
        List<WeightedTerm> out = new ArrayList<>();
        for (WeightedTerm t : terms) {
            if (t.weight() == 0) {
                out.add(t);
                continue;
            }
            double norm;
            try (NDManager scope = x.getManager().newSubManager()) {
                WeightedLoss alone = new WeightedLoss(network, List.of(new WeightedTerm(t.term(), 1)));
                Evaluation e = evaluate(alone, x, scope, null);
                norm = e.gradient().abs().mean().getFloat();
            }
            out.add(new WeightedTerm(t.term(), norm > 1e-20 && Double.isFinite(norm) ? t.weight() / norm : t.weight()));
        }
        return out;
    }

    private static Map<String, Double> describe(List<String> names, List<WeightedTerm> terms) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), terms.get(i).weight());
        }
        return m;
    }

    private record PassOutcome(OptimizationResult result, NDArray best, double firstLoss) {}

    /**
     * What the listener hears across the whole run: evaluations numbered from the run's start, and the
     * parts of the loss of the point evaluated last.
     */
    private static final class Progress {
        final HarmonizationListener listener;
        final long startNanos;
        int evaluations;
        double[] lastParts = {Double.NaN, Double.NaN, Double.NaN};

        Progress(HarmonizationListener listener, long startNanos) {
            this.listener = listener;
            this.startNanos = startNanos;
        }
    }

    private PassOutcome optimise(WeightedLoss loss, NDArray start, int evaluations, Scale scale, Progress progress) {
        double[] first = {Double.NaN};
        HarmonizationListener listener = progress.listener;
        OptimizationMonitor monitor = new OptimizationMonitor() {
            @Override
            public void onEvaluation(int evaluation, double value, NDArray point) {
                if (evaluation == 1) {
                    first[0] = value;
                }
                int n = ++progress.evaluations;
                double[] parts = progress.lastParts;
                listener.onEvaluation(new LossPoint(n, (System.nanoTime() - progress.startNanos) / 1e9,
                        new double[] {value}, new double[] {parts[0]}, new double[] {parts[1]}, new double[] {parts[2]},
                        scale.index));
                if (settings.saveEvery() > 0 && n % settings.saveEvery() == 0) {
                    listener.onSnapshot(n, List.of(blend(pixels(point), scale.painting, scale.masks)));
                }
            }

            @Override
            public boolean stopRequested() {
                return listener.stopRequested();
            }
        };
        Objective objective = point -> evaluate(loss, point, point.getManager(), progress);
        LbfgsOptimizer lbfgs = LbfgsOptimizer.builder().optMaxEvaluations(evaluations).optHistorySize(HISTORY).build();
        OptimizationResult r = lbfgs.minimize(objective, start, monitor);
        return new PassOutcome(r, r.best(), first[0]);
    }

    /**
     * One forward and backward pass at {@code x}: the loss and a new gradient owned by {@code owner}; the
     * parts of the loss go to {@code progress} when there is one.
     */
    private Evaluation evaluate(WeightedLoss loss, NDArray x, NDManager owner, Progress progress) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray v = x.duplicate();
            v.attach(scope);
            v.setRequiresGradient(true);
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = loss.evaluate(toNetwork(v));
                collector.backward(terms.total());
                value = terms.total().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                if (progress != null) {
                    progress.lastParts = new double[] {part(terms.content()), part(terms.style()), part(terms.totalVariation())};
                }
            }
            NDArray g = v.getGradient().duplicate();
            g.attach(owner);
            return new Evaluation(value, g);
        }
    }

    private static double part(NDArray term) {
        return term == null ? 0 : term.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).sum().getDouble();
    }

    /** The activations of {@code image} at {@code layers}, on the host. */
    private Map<String, FeatureMap> features(RgbImage image, List<String> layers, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = variables(scope, image);
            Map<String, NDArray> f = network.extract(x, new LinkedHashSet<>(layers));
            Map<String, FeatureMap> out = new LinkedHashMap<>();
            for (String l : layers) {
                out.put(l, FeatureMap.of(f.get(l)));
            }
            return out;
        }
    }

    /** The optimiser's variables: the ImageNet-normalised image {@code (1, 3, H, W)}. */
    private static NDArray variables(NDManager manager, RgbImage image) {
        NDArray raw = OwnedArrays.of(manager, image.pixels(), new Shape(1, 3, image.height(), image.width()));

        NDArray n = ImageNetNormalization.normalize(raw);
        raw.close();
        return n;
    }

    /**
     * What the network sees: the variables clamped, channel by channel, to the displayable range, so the
     * loss is the written image's. Scalar bounds on slices: the backward pass needs no constant tensors.
     */
    private static NDArray toNetwork(NDArray v) {
        ai.djl.ndarray.NDList channels = new ai.djl.ndarray.NDList();
        for (int c = 0; c < 3; c++) {
            float lo = -ImageNetNormalization.MEAN[c] / ImageNetNormalization.STD[c];
            float hi = (1 - ImageNetNormalization.MEAN[c]) / ImageNetNormalization.STD[c];
            channels.add(v.get(new ai.djl.ndarray.index.NDIndex(":, {}:{}", c, c + 1)).clip(lo, hi));
        }
        return ai.djl.ndarray.NDArrays.concat(channels, 1);
    }

    /** The RGB image in [0, 1] the variables stand for. */
    private static RgbImage pixels(NDArray v) {
        try (NDManager scope = v.getManager().newSubManager()) {
            NDArray px = ImageNetNormalization.denormalize(v);
            px.attach(scope);
            NDArray clipped = px.clip(0, 1);
            Shape s = v.getShape();
            return new RgbImage((int) s.get(3), (int) s.get(2), clipped.toFloatArray());
        }
    }
}
