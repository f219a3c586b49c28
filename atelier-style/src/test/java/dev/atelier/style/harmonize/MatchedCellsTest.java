package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.style.loss.MaskedGramTerm;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pass 2's target cells: the set of matched painting cells and their ring, each once. */
class MatchedCellsTest {
    private static final String REF = HarmonizationSettings.REFERENCE_LAYER;

    /** The cells of a {@code w}-wide set, as "x,y" strings in row order. */
    private static List<String> cells(boolean[] set, int w) {
        List<String> out = new java.util.ArrayList<>();
        for (int p = 0; p < set.length; p++) {
            if (set[p]) {
                out.add(p % w + "," + p / w);
            }
        }
        return out;
    }

    @Test
    void theSetOfMatchedCellsAndTheirRingClippedAtTheBorder() {
        int pw = 5;
        int ph = 4;
        // four output cells: three matched to painting cell (2, 1), one to the corner (0, 0), one unmatched
        int[] field = {1 * pw + 2, 1 * pw + 2, -1, 1 * pw + 2, 0};
        assertThat(cells(MatchedCells.of(field, pw, ph, 0), pw)).containsExactly("0,0", "2,1");
        boolean[] ring = MatchedCells.of(field, pw, ph, 1);
        // (2, 1)'s 3x3 square, and (0, 0)'s square cut by the top and left borders to 2x2; (1, 0), (1, 1) shared
        assertThat(cells(ring, pw)).containsExactly("0,0", "1,0", "2,0", "3,0", "0,1", "1,1", "2,1", "3,1",
                "1,2", "2,2", "3,2");
        assertThat(MatchedCells.count(ring)).isEqualTo(11);
        // each cell counted once, however often it was matched
        float[] w = MatchedCells.weights(ring);
        assertThat(w[1 * pw + 2]).isEqualTo(1f);
        assertThat(w[0]).isEqualTo(1f);
        assertThat(w[3 * pw + 4]).isEqualTo(0f);
        // the bottom-right corner: its ring cut by the right and bottom borders
        assertThat(cells(MatchedCells.of(new int[] {ph * pw - 1}, pw, ph, 1), pw)).containsExactly("3,2", "4,2", "3,3",
                "4,3");
        assertThat(MatchedCells.count(MatchedCells.of(new int[] {-1, -1}, pw, ph, 1))).isZero();
    }

    @Test
    void upsamplingIsNearestNeighbourAndTheLastCoarseCellCoversTheFloorsRemainder() {
        // coarse 2x2 with (1, 0) set, to a 5x4 layer (VGG floors: 5 = 2·2 + 1)
        boolean[] coarse = {false, true, false, false};
        boolean[] fine = MatchedCells.upsample(coarse, 2, 2, 2, 5, 4);
        assertThat(cells(fine, 5)).containsExactly("2,0", "3,0", "4,0", "2,1", "3,1", "4,1");
    }

    @Test
    void everyProjectedMatchFallsInTheUpsampledSet() {
        Random r = new Random(3);
        int cw = 6;
        int ch = 5;
        int[] field = new int[cw * ch];
        boolean[] coarseInside = new boolean[cw * ch];
        for (int p = 0; p < field.length; p++) {
            coarseInside[p] = r.nextInt(3) != 0;
            field[p] = coarseInside[p] ? r.nextInt(cw * ch) : -1;
        }
        boolean[] set = MatchedCells.of(field, cw, ch, MatchedCells.RING);
        for (int factor : new int[] {2, 4}) {
            int w = cw * factor + 1;
            int h = ch * factor;
            boolean[] inside = new boolean[w * h];
            for (int p = 0; p < inside.length; p++) {
                int x = Math.min(p % w / factor, cw - 1);
                int y = Math.min(p / w / factor, ch - 1);
                inside[p] = coarseInside[y * cw + x];
            }
            boolean[] fine = MatchedCells.upsample(set, cw, ch, factor, w, h);
            int[] projected = ConsistentMapping.project(field, cw, ch, factor, inside, w, h);
            for (int p = 0; p < projected.length; p++) {
                if (projected[p] >= 0) {
                    assertThat(fine[projected[p]]).as("factor %d, cell %d -> %d", factor, p, projected[p]).isTrue();
                }
            }
        }
    }

    private static FeatureMap random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.abs(r.nextGaussian());
        }
        return new FeatureMap(c, h, w, v);
    }

    @Test
    void theGramTargetCountsEachCellOnceByHand() {
        int w = 6;
        int h = 5;
        int c = 3;
        FeatureMap painting = random(c, h, w, 7);
        float[] maskWeights = new float[w * h];
        boolean[] inside = new boolean[w * h];
        for (int p : new int[] {7, 8, 13, 14}) {
            maskWeights[p] = 1f;
            inside[p] = true;
        }
        Map<String, LayerMask> pyramid = Map.of(REF, new LayerMask(w, h, maskWeights));
        // the four inside cells: three matched to painting cell 0, one to cell 29 (the far corner)
        int[] many = new int[w * h];
        java.util.Arrays.fill(many, -1);
        many[7] = 0;
        many[8] = 0;
        many[13] = 0;
        many[14] = 29;
        int[] once = many.clone();
        once[8] = -1;
        once[13] = -1;
        try (NDManager m = NDManager.newBaseManager()) {
            Pass2Targets a = Pass2Targets.of(many, Map.of(REF, painting), pyramid, List.of(REF));
            Pass2Targets b = Pass2Targets.of(once, Map.of(REF, painting), pyramid, List.of(REF));
            float[] ga = a.gramTerm(List.of(REF), pyramid, m).targets().get(REF).toFloatArray();
            float[] gb = b.gramTerm(List.of(REF), pyramid, m).targets().get(REF).toFloatArray();
            assertThat(ga).containsExactly(gb);
            // by hand: cells 0, 1, 6, 7 (cell 0's ring) and 22, 23, 28, 29 (cell 29's), Σ F Fᵀ / (C · 8)
            int[] set = {0, 1, 6, 7, 22, 23, 28, 29};
            assertThat(cells(a.cells().get(REF), w)).hasSize(8);
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    double s = 0;
                    for (int q : set) {
                        s += (double) painting.at(i, q) * painting.at(j, q);
                    }
                    assertThat((double) ga[i * c + j]).isCloseTo(s / (c * set.length), within(1e-5));
                }
            }
            // the gathered target (the old one) counts cell 0 three times: a different Gram
            NDArray gathered = painting.gather(many, w, h).toArray(m);
            float[] old = new MaskedGramTerm(Map.of(REF, gathered), Map.of(REF, maskWeights), m).targets().get(REF)
                    .toFloatArray();
            assertThat(old).isNotEqualTo(ga);
        }
    }

    @Test
    void theHistogramTargetIsTheSetsValuesEachOnce() {
        int w = 4;
        int h = 4;
        FeatureMap painting = random(2, h, w, 9);
        // the output's inside: 4 cells; the target set: the 4 cells of the top-left 2x2 block
        float[] maskWeights = new float[w * h];
        for (int p : new int[] {10, 11, 14, 15}) {
            maskWeights[p] = 1f;
        }
        Map<String, LayerMask> pyramid = Map.of(REF, new LayerMask(w, h, maskWeights));
        boolean[] set = new boolean[w * h];
        for (int p : new int[] {0, 1, 4, 5}) {
            set[p] = true;
        }
        // an output whose inside holds exactly the set's values (permuted) is at zero histogram distance
        float[] out = new float[2 * w * h];
        int[] from = {5, 0, 4, 1};
        int[] to = {10, 11, 14, 15};
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < 4; i++) {
                out[ch * w * h + to[i]] = painting.at(ch, from[i]);
            }
        }
        // and one holding cell 0's values four times (what a gathered target with cell 0 matched four times is) is not
        float[] dup = new float[2 * w * h];
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < 4; i++) {
                dup[ch * w * h + to[i]] = painting.at(ch, 0);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            HistogramTerm term = new HistogramTerm(Map.of(REF, painting), Map.of(REF, set), pyramid, m);
            float zero = term.compute(Map.of(REF, new FeatureMap(2, h, w, out).toArray(m)), null).getFloat(0);
            float far = term.compute(Map.of(REF, new FeatureMap(2, h, w, dup).toArray(m)), null).getFloat(0);
            assertThat(zero).isCloseTo(0f, within(1e-9f));
            assertThat(far).isGreaterThan(1e-3f);
        }
    }
}
