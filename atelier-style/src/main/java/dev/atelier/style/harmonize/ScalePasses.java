package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.loss.FeatureExtractor;
import dev.atelier.style.loss.MaskedContentTerm;
import dev.atelier.style.loss.MaskedGramTerm;
import dev.atelier.style.loss.TotalVariationTerm;
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
    /** Pass 1's TV weight per unit of the paper's TV weight: its terms are relative (about 1 at the start). */
    static final double PASS1_TV_SCALE = 1e-2;
    /** The consistency window radius at relu4_1 (5x5, the paper's). */
    static final int CONSISTENCY_RADIUS = 2;

    /**
     * @param image the pass's result, unblended
     * @param stopped whether the run was asked to stop during it
     */
    record PassResult(RgbImage image, boolean stopped) {}

    /** A pass's terms by name, in order, their targets owned by the pass's manager. */
    private interface PassTerms {
        Map<String, WeightedTerm> build(NDManager pass);
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
            Map<String, WeightedTerm> terms = new LinkedHashMap<>();
            terms.put("content", new WeightedTerm(content(pass), 1));
            terms.put("style", new WeightedTerm(new MaskedGramTerm(targets, weights, pass), settings.level()));
            terms.put("tv", new WeightedTerm(new TotalVariationTerm(), tv * PASS1_TV_SCALE));
            return terms;
        });
    }

    /**
     * Pass 2, refined, from pass 1's result {@code pass1}: style at relu1_1..relu4_1 and histograms at relu1_1
     * and relu4_1 on features matched through one consistent mapping, total variation; each term's gradient
     * normalised at the pass's start.
     */
    PassResult refined(int budget, RgbImage pass1) {
        return run(2, budget, pass -> {
            Map<String, FeatureMap> current = features(pass1, HarmonizationSettings.PASS2_STYLE_LAYERS, pass);
            // targets over the set of matched painting cells and their ring, each cell once (MatchedCells)
            Pass2Targets targets = Pass2Targets.match(current, paintingFeatures, scale.pyramid(),
                    HarmonizationSettings.PASS2_STYLE_LAYERS, CONSISTENCY_RADIUS, pass);
            Map<String, WeightedTerm> terms = new LinkedHashMap<>();
            terms.put("content", new WeightedTerm(content(pass), 1));
            terms.put("style", new WeightedTerm(targets.gramTerm(HarmonizationSettings.PASS2_STYLE_LAYERS,
                    scale.pyramid(), pass), settings.level()));
            terms.put("histogram", new WeightedTerm(targets.histogramTerm(HarmonizationSettings.PASS2_HISTOGRAM_LAYERS,
                    scale.pyramid(), pass), (10 - tv) * settings.level()));
            terms.put("tv", new WeightedTerm(new TotalVariationTerm(), tv * settings.level()));
            return optimizer.normaliseGradients(terms, x);
        });
    }

    /** One pass: its terms built, the pixels optimised from the current ones, the summary reported. */
    private PassResult run(int pass, int budget, PassTerms passTerms) {
        long t0 = System.nanoTime();
        listener.onPass(scale.index(), pass, budget);
        RgbImage image;
        boolean stopped;
        try (NDManager passManager = manager.newSubManager()) {
            Map<String, WeightedTerm> terms = passTerms.build(passManager);
            Map<String, Double> weights = new LinkedHashMap<>();
            terms.forEach((name, t) -> weights.put(name, t.weight()));
            PassOptimizer.Outcome r = optimizer.minimise(new ArrayList<>(terms.values()), x, budget, scale);
            x.close();
            x = r.result().best();
            x.attach(manager);
            stopped = r.result().reason() == StopReason.STOPPED;
            image = ImageVariables.image(x);
            summaries.add(new PassSummary(scale.index(), scale.width(), scale.height(), pass, r.result().evaluations(),
                    r.firstLoss(), r.result().bestLoss(), r.result().reason(), (System.nanoTime() - t0) / 1e9, weights));
        }
        listener.onPassFinished(scale.index(), pass, image);
        return new PassResult(image, stopped);
    }

    /** Both passes' content term: the composite's features at the content layer, inside the loose mask. */
    private MaskedContentTerm content(NDManager pass) {
        String l = HarmonizationSettings.CONTENT_LAYER;
        return new MaskedContentTerm(l, compositeFeatures.get(l).toArray(pass), scale.pyramid().get(l).insideWeights(),
                pass);
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
