package dev.atelier.style.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MedianNoiseTest {
    @Test
    void isRepeatableHalvedAndSmootherThanRawNoise() {
        RgbImage a = MedianNoise.generate(40, 30, 9);
        RgbImage b = MedianNoise.generate(40, 30, 9);
        assertThat(a.pixels()).containsExactly(b.pixels());
        double sum = 0;
        double neighbour = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            float v = a.pixels()[i];
            assertThat(v).isBetween(0f, 0.5f);
            sum += v;
            if (i % 40 != 39) {
                neighbour += Math.pow(v - a.pixels()[i + 1], 2);
            }
        }
        // The median of 64 uniforms is near 0.5, halved: 0.25.
        assertThat(sum / a.pixels().length).isCloseTo(0.25, within(0.02));
        // Raw halved uniform noise has E[(u - v)²] = 2·Var = 2·(1/48) ≈ 0.042 between neighbours; an 8x8
        // median shares 56 of 64 samples with its neighbour, so the difference is far smaller.
        assertThat(neighbour / (a.pixels().length - a.pixels().length / 40)).isLessThan(0.042 / 10);
    }

    @Test
    void centreCropTakesTheMiddle() {
        float[] p = new float[3 * 4 * 2];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        RgbImage crop = new RgbImage(4, 2, p).centreCrop(2, 1);
        // width 4 -> offset 1; height 2 -> offset 0: plane c row 0 columns 1..2
        assertThat(crop.pixels()).containsExactly(1, 2, 9, 10, 17, 18);
    }
}
