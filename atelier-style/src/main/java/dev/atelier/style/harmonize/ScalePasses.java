package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.MaskedContentTerm;
import dev.atelier.style.loss.MaskedGramTerm;
import dev.atelier.style.loss.MaskedTotalVariationTerm;
import dev.atelier.style.loss.NormalisedLoss;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.loss.WeightedTerm;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The two passes at one scale, on the features of the scale's painting and composite: pass 1 (robust) from
 * the scale's start image, pass 2 (refined) from pass 1's result. Each pass builds its loss, optimises the
 * pixels and reports its {@link PassSummary}.
 */
final class ScalePasses {
    /** Pass 1's content weight, the authors' ({@code neural_gram.lua}'s {@code -content_weight}), on raw MSE. */
    static final double PASS1_CONTENT_WEIGHT = 5;
    /** Pass 1's style weight, the authors' {@code -style_weight}. */
    static final double PASS1_STYLE_WEIGHT = 100;
    /**
     * Pass 1's TV pull at the pixels, as a share of the content and style terms' pull there, measured at the
     * pass's start. The authors' {@code -tv_weight} 1e-3 is on Caffe's 0-255 pixels against their pretrained
     * network's raw feature errors; raw errors scale with the network's activations (a random VGG19's pull
     * at the pixels is about 1e-8 where TV's is 0.1), so a fixed TV weight is a different method with every
     * network. Chosen on the tuning cases (docs/harmonization.md): 0.1 blurred detail that 0.03 kept.
     */
    static final double PASS1_TV_SHARE = 0.03;
    /**
     * Pass 2's TV pull at the pixels for each unit of the authors' TV weight t·L, as a share of the content
     * term's pull there (measured at the pass's start): at the authors' largest TV weight (t = 10 at level 5)
     * TV pulls as hard as content. The authors normalise TV at the pixels and the other terms at their layers,
     * which makes the balance depend on the network's gain from layer to pixels (random weights: content's unit
     * pull at relu4_1 reaches the pixels as about 0.3, so TV at 50 swamped it and the object became a blur).
     */
    static final double PASS2_TV_PER_WEIGHT = 1.0 / 50;
    /** The consistency window radius at relu4_1 (5x5, the paper's). */
    static final int CONSISTENCY_RADIUS = 2;

    /**
     * @param image the pass's result, unblended
     * @param stopped whether the run was asked to stop during it
     */
    record PassResult(RgbImage image, boolean stopped) {}

    /**
     * A pass's loss, its targets owned by the pass's manager: the weights to report and how to minimise it.
     *
     * @param weights the term weights to report
     * @param unit what the minimised loss is multiplied by to report it in the terms' own units (pass 1 divides
     *     its loss by the start gradient's norm; its summary undoes that, so runs compare)
     */
    private record PassLoss(Map<String, Double> weights, double unit, Minimiser minimiser) {}

    private interface Minimiser {
        PassOptimizer.Outcome minimise(NDArray start, int budget);
    }

    private interface PassTerms {
        PassLoss build(NDManager pass);
    }

    private final HarmonizationSettings settings;
    /** Pass 2's network, in the run's precision. */
    private final FeatureExtractor network;
    /** Float32: the scale's painting and composite features (the targets) and pass 1. */
    private final FeatureExtractor exact;
    private final PassOptimizer optimizer;
    private final HarmonizationListener listener;
    private final List<PassSummary> summaries;
    private final HarmonizationScale scale;
    private final double tv;
    private final NDManager manager;
    private final Map<String, FeatureMap> paintingFeatures;
    private final Map<String, FeatureMap> compositeFeatures;
    /** The pixels being optimised: the start image, then each pass's best. */
    private NDArray x;

    /**
     * @param tv the paper's TV weight for this painting ({@link PaintingNoise#tvWeight})
     * @param summaries where each pass's summary goes
     * @param start the image pass 1 starts from
     * @param manager owns the scale's features and pixels
     */
    ScalePasses(HarmonizationSettings settings, FeatureExtractor network, FeatureExtractor exact, PassOptimizer optimizer,
            HarmonizationListener listener, List<PassSummary> summaries, HarmonizationScale scale, double tv,
            RgbImage start, NDManager manager) {
        this.settings = settings;
        this.network = network;
        this.exact = exact;
        this.optimizer = optimizer;
        this.listener = listener;
        this.summaries = summaries;
        this.scale = scale;
        this.tv = tv;
        this.manager = manager;
        this.paintingFeatures = features(scale.painting(), Harmonizer.FEATURE_LAYERS, manager);
        this.compositeFeatures = features(scale.composite().image(), Harmonizer.FEATURE_LAYERS, manager);
        this.x = ImageVariables.of(manager, start);
    }

    /**
     * Pass 1, robust and coarse: content at relu4_1 inside the loose mask; style at relu3_1, relu4_1, relu5_1,
     * each layer's target the masked Gram of painting features matched to the composite's patches
     * independently per layer; total variation.
     */
    PassResult robust(int budget) {
        return run(1, budget, pass -> {
            Map<String, NDArray> targets = new LinkedHashMap<>();
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (String l : HarmonizationSettings.PASS1_STYLE_LAYERS) {
                LayerMask m = scale.pyramid().get(l);
                int[] field = PatchMatcher.match(compositeFeatures.get(l), m.inside(), paintingFeatures.get(l), pass);
                targets.put(l, paintingFeatures.get(l).gather(field, m.width(), m.height()).toArray(pass));
                weights.put(l, m.insideWeights());
            }
            // the authors' pass 1 (neural_gram.lua): raw mean squared errors, fixed weights, no normalisation
            Map<String, WeightedTerm> terms = new LinkedHashMap<>();
            terms.put("content", new WeightedTerm(content(pass, false), PASS1_CONTENT_WEIGHT));
            terms.put("style", new WeightedTerm(new MaskedGramTerm(targets, weights, false, pass), PASS1_STYLE_WEIGHT));
            double unit = balancePass1(terms, tvTerm(pass), pass);
            Map<String, Double> reported = new LinkedHashMap<>();
            terms.forEach((name, t) -> reported.put(name, t.weight() * unit));
            return new PassLoss(reported, unit, (start, budget1) ->
                    optimizer.minimise(new ArrayList<>(terms.values()), start, budget1, scale));
        });
    }

    /**
     * Pass 2, refined, from pass 1's result {@code pass1}: style at relu1_1..relu4_1 and histograms at relu1_1
     * and relu4_1 on features matched through one consistent mapping, total variation; each term's gradient
     * normalised per layer at every evaluation ({@link NormalisedLoss}).
     */
    PassResult refined(int budget, RgbImage pass1) {
        return run(2, budget, pass -> {
            Map<String, FeatureMap> current = features(pass1, HarmonizationSettings.PASS2_STYLE_LAYERS, pass);
            // targets over the set of matched painting cells and their ring, each cell once (MatchedCells)
            Pass2Targets targets = Pass2Targets.match(current, paintingFeatures, scale.pyramid(),
                    HarmonizationSettings.PASS2_STYLE_LAYERS, CONSISTENCY_RADIUS, pass);
            // the authors' pass 2 (neural_paint.lua): every layer's gradient scaled to its weight's L2 norm,
            // inside the layer's mask, at every evaluation
            Map<String, NDArray> masks = new LinkedHashMap<>();
            scale.pyramid().forEach((l, m) -> masks.put(l, OwnedArrays.of(pass, m.weights(),
                    new Shape(1, 1, m.height(), m.width()))));
            Map<String, Double> reported = new LinkedHashMap<>();
            reported.put("content", 1.0);
            reported.put("style", settings.level());
            reported.put("histogram", (10 - tv) * settings.level());
            reported.put("tv", tv * settings.level());
            List<NormalisedLoss.Unit> units = new ArrayList<>();
            units.addAll(NormalisedLoss.perLayer("content", content(pass, true), reported.get("content"), masks));
            units.addAll(NormalisedLoss.perLayer("style", targets.gramTerm(HarmonizationSettings.PASS2_STYLE_LAYERS,
                    scale.pyramid(), pass),
                    reported.get("style"), masks));
            // the authors do not mask the histogram gradient before its norm: it is zero outside already
            units.addAll(NormalisedLoss.perLayer("histogram", targets.histogramTerm(
                    HarmonizationSettings.PASS2_HISTOGRAM_LAYERS, scale.pyramid(), pass),
                    reported.get("histogram"), null));
            NDArray loose = OwnedArrays.of(pass, scale.masks().loose().values(),
                    new Shape(1, 1, scale.height(), scale.width()));
            NormalisedLoss.Unit tvUnit = new NormalisedLoss.Unit("tv", tvTerm(pass), null, 1, loose);
            // content's pull at the pixels, and TV's for a weight of 1, at pass 1's result
            double contentPull = pixelPull(units.subList(0, 1), pass);
            double tvPull = pixelPull(List.of(tvUnit), pass);
            double tvNorm = contentPull > 0 && tvPull > 0
                    ? tv * settings.level() * PASS2_TV_PER_WEIGHT * contentPull / tvPull : 0;
            reported.put("tv_pixel_norm", tvNorm);
            units.add(new NormalisedLoss.Unit("tv", tvUnit.term(), null, tvNorm, loose));
            NormalisedLoss loss = new NormalisedLoss(network, units);
            return new PassLoss(reported, 1, (start, budget2) -> optimizer.minimiseNormalised(loss, start, budget2, scale));
        });
    }

    /**
     * Pass 1's TV weight and overall scale from the pulls at the pixels at the pass's start (inside the loose
     * mask): TV pulls with {@link #PASS1_TV_SHARE} of content and style together, and the whole loss is divided
     * by its gradient's norm, so that L-BFGS's first step is a step in pixels whatever the network's gain (the
     * minimiser is unchanged by the scale; the function stays fixed for the line search).
     *
     * @return the divisor: the loss in the authors' units is the minimised one times it
     */
    private double balancePass1(Map<String, WeightedTerm> terms, MaskedTotalVariationTerm tvTerm, NDManager pass) {
        try (NDManager scope = pass.newSubManager()) {
            NDArray features = maskedGradient(new WeightedLoss(exact, new ArrayList<>(terms.values())), scope);
            NDArray tvUnit = maskedGradient(new WeightedLoss(exact, List.of(new WeightedTerm(tvTerm, 1))), scope);
            double f = norm(features);
            double t = norm(tvUnit);
            double tvWeight = f > 0 && t > 0 ? PASS1_TV_SHARE * f / t : 0;
            double total = norm(features.add(tvUnit.mul(tvWeight)));
            double scale = total > 0 ? 1 / total : 1;
            terms.replaceAll((name, term) -> new WeightedTerm(term.term(), term.weight() * scale));
            terms.put("tv", new WeightedTerm(tvTerm, tvWeight * scale));
            return 1 / scale;
        }
    }

    /** The gradient of {@code loss} at the current pixels, inside the loose mask. */
    private NDArray maskedGradient(WeightedLoss loss, NDManager owner) {
        NDArray g = loss.differentiate(x, ImageVariables::toNetwork, owner, (t, v, gradient) -> gradient);
        return g.mul(looseMask(owner));
    }

    /** The norm at the pixels, inside the loose mask, of the gradient of {@code units} at the current pixels. */
    private double pixelPull(List<NormalisedLoss.Unit> units, NDManager pass) {
        try (NDManager scope = pass.newSubManager()) {
            NDArray g = new NormalisedLoss(network, units).differentiate(x, ImageVariables::toNetwork, scope).gradient();
            return norm(g.mul(looseMask(scope)));
        }
    }

    private NDArray looseMask(NDManager owner) {
        return OwnedArrays.of(owner, scale.masks().loose().values(), new Shape(1, 1, scale.height(), scale.width()));
    }

    private static double norm(NDArray a) {
        return Math.sqrt(a.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
    }

    /** One pass: its terms built, the pixels optimised from the current ones, the summary reported. */
    private PassResult run(int pass, int budget, PassTerms passTerms) {
        long t0 = System.nanoTime();
        listener.onPass(scale.index(), pass, budget);
        RgbImage image;
        boolean stopped;
        try (NDManager passManager = manager.newSubManager()) {
            PassLoss loss = passTerms.build(passManager);
            PassOptimizer.Outcome r = loss.minimiser().minimise(x, budget);
            x.close();
            x = r.result().best();
            x.attach(manager);
            stopped = r.result().reason() == StopReason.STOPPED;
            image = ImageVariables.image(x);
            summaries.add(new PassSummary(scale.index(), scale.width(), scale.height(), pass, r.result().evaluations(),
                    r.firstLoss() * loss.unit(), r.result().bestLoss() * loss.unit(), r.result().reason(), (System.nanoTime() - t0) / 1e9, loss.weights(), r.restarts(), r.guard()));
        }
        listener.onPassFinished(scale.index(), pass, image);
        listener.onPassBlended(scale.index(), pass, Harmonizer.blend(image.clipped(), scale.painting(), scale.masks()));
        return new PassResult(image, stopped);
    }

    /**
     * Both passes' content term: the composite's features at the content layer, inside the loose mask,
     * relative (pass 2, whose gradients are normalised anyway) or raw (pass 1).
     */
    private MaskedContentTerm content(NDManager pass, boolean relative) {
        String l = HarmonizationSettings.CONTENT_LAYER;
        return new MaskedContentTerm(l, compositeFeatures.get(l).toArray(pass), scale.pyramid().get(l).insideWeights(),
                relative, pass);
    }

    /** Total variation inside the scale's loose mask. */
    private MaskedTotalVariationTerm tvTerm(NDManager pass) {
        return new MaskedTotalVariationTerm(scale.masks().loose().values(), scale.width(), scale.height(), pass);
    }

    /** The activations of {@code image} at {@code layers}, on the host. */
    private Map<String, FeatureMap> features(RgbImage image, List<String> layers, NDManager owner) {
        try (NDManager scope = owner.newSubManager()) {
            NDArray v = ImageVariables.of(scope, image);
            Map<String, NDArray> f = exact.extract(v, new LinkedHashSet<>(layers));
            Map<String, FeatureMap> out = new LinkedHashMap<>();
            for (String l : layers) {
                out.put(l, FeatureMap.of(f.get(l)));
            }
            return out;
        }
    }
}
