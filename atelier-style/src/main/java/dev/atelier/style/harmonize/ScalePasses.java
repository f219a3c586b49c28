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
    /** Pass 1's TV weight, the authors' {@code -tv_weight}, on the masked TV sum. */
    static final double PASS1_TV_WEIGHT = 1e-3;
    /** The consistency window radius at relu4_1 (5x5, the paper's). */
    static final int CONSISTENCY_RADIUS = 2;

    /**
     * @param image the pass's result, unblended
     * @param stopped whether the run was asked to stop during it
     */
    record PassResult(RgbImage image, boolean stopped) {}

    /** A pass's loss, its targets owned by the pass's manager: the weights to report and how to minimise it. */
    private record PassLoss(Map<String, Double> weights, Minimiser minimiser) {}

    private interface Minimiser {
        PassOptimizer.Outcome minimise(NDArray start, int budget);
    }

    private interface PassTerms {
        PassLoss build(NDManager pass);
    }

    private final HarmonizationSettings settings;
    private final FeatureExtractor network;
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
    ScalePasses(HarmonizationSettings settings, FeatureExtractor network, PassOptimizer optimizer,
            HarmonizationListener listener, List<PassSummary> summaries, HarmonizationScale scale, double tv,
            RgbImage start, NDManager manager) {
        this.settings = settings;
        this.network = network;
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
            terms.put("tv", new WeightedTerm(tvTerm(pass), PASS1_TV_WEIGHT));
            Map<String, Double> reported = new LinkedHashMap<>();
            terms.forEach((name, t) -> reported.put(name, t.weight()));
            return new PassLoss(reported, (start, budget1) ->
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
            units.add(new NormalisedLoss.Unit("tv", tvTerm(pass), null, reported.get("tv"), loose));
            NormalisedLoss loss = new NormalisedLoss(network, units);
            return new PassLoss(reported, (start, budget2) -> optimizer.minimiseNormalised(loss, start, budget2, scale));
        });
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
                    r.firstLoss(), r.result().bestLoss(), r.result().reason(), (System.nanoTime() - t0) / 1e9, loss.weights(), r.restarts(), r.guard()));
        }
        listener.onPassFinished(scale.index(), pass, image);
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
            Map<String, NDArray> f = network.extract(v, new LinkedHashSet<>(layers));
            Map<String, FeatureMap> out = new LinkedHashMap<>();
            for (String l : layers) {
                out.put(l, FeatureMap.of(f.get(l)));
            }
            return out;
        }
    }
}
