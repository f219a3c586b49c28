package dev.atelier.style.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GramStyleLossTest {
    // Two channels over a 2x2 image: F = [[1,2,3,4],[0,1,0,1]], F·Fᵀ = [[30,6],[6,2]], numel = 8.
    private static final float[] FEATURES = {1, 2, 3, 4, 0, 1, 0, 1};

    @Test
    void gramMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(FEATURES, new Shape(1, 2, 2, 2));
            assertThat(GramStyleLoss.gram(f).toFloatArray()).containsExactly(new float[] {3.75f, 0.75f, 0.75f, 0.25f},
                    within(1e-6f));
            assertThat(GramStyleLoss.gramDiagonal(f).toFloatArray()).containsExactly(new float[] {3.75f, 0.25f},
                    within(1e-6f));
        }
    }

    @Test
    void gramIsPerBatchItem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.create(FEATURES, new Shape(1, 2, 2, 2));
            NDArray batch = one.concat(one.mul(2), 0);
            NDArray g = GramStyleLoss.gram(batch);
            assertThat(g.getShape()).isEqualTo(new Shape(2, 2, 2));
            assertThat(g.get(1).toFloatArray()).containsExactly(new float[] {15f, 3f, 3f, 1f}, within(1e-5f));
        }
    }

    @Test
    void relativeLossIsOneForSilenceAndZeroForTheTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(FEATURES, new Shape(1, 2, 2, 2));
            GramStyleLoss loss = new GramStyleLoss(Map.of("l", target), Map.of("l", 2.0), false,
                    LossNormalization.RELATIVE, m);
            // All-zero activations: Gram 0, so the error equals the target's mean square: relative loss 1,
            // times the layer weight 2. The target itself: 0.
            NDArray zeros = m.zeros(new Shape(1, 2, 2, 2));
            assertThat(loss.compute(Map.of("l", zeros.concat(target, 0))).toFloatArray())
                    .containsExactly(new float[] {2f, 0f}, within(1e-6f));
        }
    }

    @Test
    void lessonScalingMultipliesGramsByAMillion() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(FEATURES, new Shape(1, 2, 2, 2));
            GramStyleLoss loss = new GramStyleLoss(Map.of("l", target), Map.of("l", 1.0), false,
                    LossNormalization.LESSON13, m);
            // mean((1e6·G)²) over the 4 entries = 1e12 · (3.75² + 2·0.75² + 0.25²) / 4.
            double expected = 1e12 * (3.75 * 3.75 + 2 * 0.75 * 0.75 + 0.25 * 0.25) / 4;
            assertThat((double) loss.compute(Map.of("l", m.zeros(new Shape(1, 2, 2, 2)))).getFloat(0))
                    .isCloseTo(expected, within(expected * 1e-6));
        }
    }
}
