package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.loss.MaskedGramTerm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass 2's style targets: one nearest-neighbour field at the reference layer (relu4_1), matched from the
 * pass-1 image and made consistent ({@link ConsistentMapping#refine}); the set of painting cells it
 * matches, with a one-cell ring, each once ({@link MatchedCells}), carried to the finer layers; and the
 * Gram and histogram targets over that set of the painting's own features, as the authors' neural_paint.lua
 * builds them.
 *
 * @param painting the painting's features per layer (the output's layer sizes: painting and composite are
 *     one size at each scale)
 * @param cells per layer, the painting cells the targets are taken over
 * @param field the consistent field at the reference layer
 */
record Pass2Targets(Map<String, FeatureMap> painting, Map<String, boolean[]> cells, int[] field) {
    /**
     * @param current the pass-1 image's features (at least the reference layer)
     * @param painting the painting's features at every layer of {@code layers}
     * @param pyramid the loose mask per layer
     * @param layers the style layers, the reference layer among them
     * @param radius the consistency window's radius
     */
    static Pass2Targets match(Map<String, FeatureMap> current, Map<String, FeatureMap> painting,
            Map<String, LayerMask> pyramid, List<String> layers, int radius, NDManager manager) {
        String ref = HarmonizationSettings.REFERENCE_LAYER;
        LayerMask rm = pyramid.get(ref);
        boolean[] inside = rm.inside();
        int[] field = PatchMatcher.match(current.get(ref), inside, painting.get(ref), manager);
        field = ConsistentMapping.refine(field, inside, rm.width(), rm.height(), painting.get(ref), radius);
        return of(field, painting, pyramid, layers);
    }

    /** The targets of a consistent {@code field} at the reference layer. */
    static Pass2Targets of(int[] field, Map<String, FeatureMap> painting, Map<String, LayerMask> pyramid,
            List<String> layers) {
        String ref = HarmonizationSettings.REFERENCE_LAYER;
        FeatureMap rp = painting.get(ref);
        boolean[] refCells = MatchedCells.of(field, rp.width(), rp.height(), MatchedCells.RING);
        Map<String, FeatureMap> features = new LinkedHashMap<>();
        Map<String, boolean[]> cells = new LinkedHashMap<>();
        for (String l : layers) {
            FeatureMap f = painting.get(l);
            LayerMask m = pyramid.get(l);
            if (f.width() != m.width() || f.height() != m.height()) {
                throw new IllegalArgumentException("the painting is " + f.width() + "x" + f.height() + " at " + l
                        + ", the output " + m.width() + "x" + m.height());
            }
            features.put(l, f);
            cells.put(l, l.equals(ref) ? refCells
                    : MatchedCells.upsample(refCells, rp.width(), rp.height(), factor(f.width(), rp.width()), f.width(),
                            f.height()));
        }
        return new Pass2Targets(features, cells, field);
    }

    /** How many times finer a layer of {@code width} cells is than the reference's: a power of two (floors aside). */
    static int factor(int width, int referenceWidth) {
        return Integer.highestOneBit(Math.max(1, Math.round((float) width / referenceWidth)));
    }

    /** The masked Gram term over {@code layers}: target over the cells, output inside its soft mask. */
    MaskedGramTerm gramTerm(List<String> layers, Map<String, LayerMask> pyramid, NDManager manager) {
        Map<String, NDArray> targets = new LinkedHashMap<>();
        Map<String, float[]> targetMasks = new LinkedHashMap<>();
        Map<String, float[]> masks = new LinkedHashMap<>();
        for (String l : layers) {
            targets.put(l, painting.get(l).toArray(manager));
            targetMasks.put(l, MatchedCells.weights(cells.get(l)));
            masks.put(l, pyramid.get(l).insideWeights());
        }
        return new MaskedGramTerm(targets, targetMasks, masks, true, manager);
    }

    /** The histogram term over {@code layers}: target over the cells, output inside its mask. */
    HistogramTerm histogramTerm(List<String> layers, Map<String, LayerMask> pyramid, NDManager manager) {
        Map<String, FeatureMap> targets = new LinkedHashMap<>();
        Map<String, boolean[]> targetCells = new LinkedHashMap<>();
        for (String l : layers) {
            targets.put(l, painting.get(l));
            targetCells.put(l, cells.get(l));
        }
        return new HistogramTerm(targets, targetCells, pyramid, manager);
    }
}
