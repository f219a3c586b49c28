package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.style.loss.MaskedGramTerm;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskedGramTermTest {
    @Test
    void theMaskedGramIsTheGramOfTheMaskedCellsOverTheirArea() {
        // 2 channels, 1x3 positions; mask (1, 0.25, 0): Σ m_p f_p f_pᵀ / (C·Σm) by hand
        float[] f = {1, 2, 3, 4, 5, 6};
        float[] mask = {1f, 0.25f, 0f};
        double area = 1.25;
        double g00 = (1 * 1 * 1 + 0.25 * 2 * 2) / (2 * area);
        double g01 = (1 * 1 * 4 + 0.25 * 2 * 5) / (2 * area);
        double g11 = (1 * 4 * 4 + 0.25 * 5 * 5) / (2 * area);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.create(f, new Shape(1, 2, 1, 3));
            float[] root = {1f, 0.5f, 0f};
            float[] g = MaskedGramTerm.maskedGram(features, m.create(root, new Shape(1, 1, 1, 3)), area).toFloatArray();
            assertThat((double) g[0]).isCloseTo(g00, within(1e-5));
            assertThat((double) g[1]).isCloseTo(g01, within(1e-5));
            assertThat((double) g[2]).isCloseTo(g01, within(1e-5));
            assertThat((double) g[3]).isCloseTo(g11, within(1e-5));
            // the term is zero at its own target and positive elsewhere
            MaskedGramTerm term = new MaskedGramTerm(Map.of("l", features), Map.of("l", mask), m);
            assertThat(term.compute(Map.of("l", features), null).getFloat(0)).isCloseTo(0f, within(1e-9f));
            // the unmasked cell does not count
            NDArray changedOutside = m.create(new float[] {1, 2, 99, 4, 5, 99}, new Shape(1, 2, 1, 3));
            assertThat(term.compute(Map.of("l", changedOutside), null).getFloat(0)).isCloseTo(0f, within(1e-9f));
            NDArray changedInside = m.create(new float[] {3, 2, 3, 4, 5, 6}, new Shape(1, 2, 1, 3));
            assertThat(term.compute(Map.of("l", changedInside), null).getFloat(0)).isGreaterThan(0.01f);
        }
    }
}
