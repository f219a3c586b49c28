package dev.atelier.style.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BicubicResizeTest {
    @Test
    void keysCubicReproducesALinearRampAwayFromTheBorders() {
        // f(x) = x on 8 columns; doubled to 16, target column t samples source position (t + 0.5)/2 - 0.5,
        // and a cubic kernel with a = -0.5 interpolates linear functions exactly.
        float[] p = new float[3 * 8 * 2];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 8; x++) {
                    p[(c * 2 + y) * 8 + x] = x;
                }
            }
        }
        RgbImage up = BicubicResize.resize(new RgbImage(8, 2, p), 16, 2);
        for (int t = 3; t < 13; t++) {
            assertThat(up.pixels()[t]).as("column %d", t).isCloseTo((t + 0.5f) / 2 - 0.5f, within(1e-5f));
        }
    }

    @Test
    void valuesAreNeitherClippedNorRounded() {
        float[] p = {-0.3f, 1.7f, 0.123456f, 0.5f, -0.3f, 1.7f, 0.123456f, 0.5f, -0.3f, 1.7f, 0.123456f, 0.5f};
        RgbImage same = BicubicResize.resize(new RgbImage(2, 2, p), 2, 2);
        assertThat(same.pixels()).containsExactly(p);
        RgbImage up = BicubicResize.resize(new RgbImage(2, 2, p), 4, 4);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : up.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isLessThan(0f);
        assertThat(max).isGreaterThan(1f);
    }

    @Test
    void aConstantImageStaysConstant() {
        float[] p = new float[3 * 5 * 3];
        java.util.Arrays.fill(p, 0.42f);
        for (float v : BicubicResize.resize(new RgbImage(5, 3, p), 11, 7).pixels()) {
            assertThat(v).isCloseTo(0.42f, within(1e-6f));
        }
    }
}
