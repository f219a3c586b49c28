package dev.atelier.style.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.style.mask.SoftMask;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GramStyleTermTest {
    // Two channels over a 2x2 image: F = [[1,2,3,4],[0,1,0,1]], F·Fᵀ = [[30,6],[6,2]], numel = 8.
    private static final float[] FEATURES = {1, 2, 3, 4, 0, 1, 0, 1};

    @Test
    void gramMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(FEATURES, new Shape(1, 2, 2, 2));
            assertThat(GramStyleTerm.gram(f).toFloatArray()).containsExactly(new float[] {3.75f, 0.75f, 0.75f, 0.25f},
                    within(1e-6f));
            assertThat(GramStyleTerm.gramDiagonal(f).toFloatArray()).containsExactly(new float[] {3.75f, 0.25f},
                    within(1e-6f));
        }
    }

    @Test
    void gramIsPerBatchItem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.create(FEATURES, new Shape(1, 2, 2, 2));
            NDArray batch = one.concat(one.mul(2), 0);
            NDArray g = GramStyleTerm.gram(batch);
            assertThat(g.getShape()).isEqualTo(new Shape(2, 2, 2));
            assertThat(g.get(1).toFloatArray()).containsExactly(new float[] {15f, 3f, 3f, 1f}, within(1e-5f));
        }
    }

    @Test
    void relativeLossIsOneForSilenceAndZeroForTheTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(FEATURES, new Shape(1, 2, 2, 2));
            GramStyleTerm loss = new GramStyleTerm(Map.of("l", target), Map.of("l", 2.0), false, null,
                    LossScaling.of(LossNormalization.RELATIVE, false), m);
            // All-zero activations: Gram 0, so the error equals the target's mean square: relative loss 1,
            // times the layer weight 2. The target itself: 0.
            NDArray zeros = m.zeros(new Shape(1, 2, 2, 2));
            assertThat(loss.compute(Map.of("l", zeros.concat(target, 0)), null).toFloatArray())
                    .containsExactly(new float[] {2f, 0f}, within(1e-6f));
        }
    }

    @Test
    void lessonScalingMultipliesGramsByAMillion() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(FEATURES, new Shape(1, 2, 2, 2));
            GramStyleTerm loss = new GramStyleTerm(Map.of("l", target), Map.of("l", 1.0), false, null,
                    LossScaling.of(LossNormalization.LESSON13, false), m);
            // mean((1e6·G)²) over the 4 entries = 1e12 · (3.75² + 2·0.75² + 0.25²) / 4.
            double expected = 1e12 * (3.75 * 3.75 + 2 * 0.75 * 0.75 + 0.25 * 0.25) / 4;
            assertThat((double) loss.compute(Map.of("l", m.zeros(new Shape(1, 2, 2, 2))), null).getFloat(0))
                    .isCloseTo(expected, within(expected * 1e-6));
        }
    }

    @Test
    void aMaskOfOnesGivesThePlainGram() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(FEATURES, new Shape(1, 2, 2, 2));
            LossScaling scaling = LossScaling.of(LossNormalization.LESSON13, false);
            GramStyleTerm plain = new GramStyleTerm(Map.of("l", target), Map.of(), false, null, scaling, m);
            GramStyleTerm masked = new GramStyleTerm(Map.of("l", target), Map.of(), false, SoftMask.full(8, 8), scaling, m);
            NDArray x = m.create(new float[] {0, 1, 2, 0, 1, 1, 3, 0}, new Shape(1, 2, 2, 2));
            assertThat(masked.compute(Map.of("l", x), null).getFloat(0))
                    .isCloseTo(plain.compute(Map.of("l", x), null).getFloat(0), within(1e-3f));
        }
    }

    @Test
    void aMaskedGramIsTheGramOfItsRegionWhateverTheRegionsSize() {
        // Left column masked in, right column out: the masked Gram must equal the Gram of the left
        // column alone, F_left = [[1,3],[0,0]] over 2 positions: F·Fᵀ = [[10,0],[0,0]], / (C=2 · area 2).
        try (NDManager m = NDManager.newBaseManager()) {
            SoftMask left = new SoftMask(2, 2, new float[] {1, 0, 1, 0});
            NDArray target = m.create(new float[] {1, 0, 3, 0, 0, 0, 0, 0}, new Shape(1, 2, 2, 2));
            LossScaling scaling = LossScaling.of(LossNormalization.LESSON13, false);
            GramStyleTerm term = new GramStyleTerm(Map.of("l", target), Map.of(), false, left, scaling, m);
            // Whatever is on the right (7, 9, 5, 2 here) must not count.
            NDArray image = m.create(new float[] {1, 7, 3, 9, 0, 5, 0, 2}, new Shape(1, 2, 2, 2));
            NDArray regionGram = m.create(new float[] {10f / 4, 0, 0, 0}, new Shape(1, 2, 2)).mul(1e6);
            double expected = MeanSquare.perItem(regionGram.sub(term.targets().get("l"))).getFloat(0);
            assertThat((double) term.compute(Map.of("l", image), null).getFloat(0))
                    .isCloseTo(expected, within(Math.abs(expected) * 1e-5));
        }
    }

    @Test
    void softMasksAreAreaAveragedToEachLayer() {
        SoftMask mask = new SoftMask(4, 2, new float[] {1, 1, 0, 0, 1, 0, 0, 0});
        // 2x1 cells: left = mean(1,1,1,0) = 0.75, right = 0
        assertThat(mask.resized(2, 1)).containsExactly(0.75f, 0f);
        // 3x2 from 4x2: the middle cell covers the right 2/3 of column 1 (value 1) and the left 2/3 of
        // column 2 (value 0) in row 0: (2/3·1 + 2/3·0) / (4/3) = 0.5
        assertThat(mask.resized(3, 2)[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(mask.resized(4, 2)).containsExactly(mask.values());
    }
}
