package dev.atelier.style.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import org.junit.jupiter.api.Test;

class ColorStatisticsTest {

    @Test
    void twoPixelsByHand() {
        // pixels (0, 0.2, 1) and (1, 0.4, 0)
        RgbImage img = new RgbImage(2, 1, new float[] {0f, 1f, 0.2f, 0.4f, 1f, 0f});
        ColorStatistics s = ColorStatistics.of(img);
        assertThat(s.mean()).containsExactly(new double[] {0.5, 0.3, 0.5}, within(1e-7));
        assertThat(s.covariance()[0]).containsExactly(new double[] {0.25, 0.05, -0.25}, within(1e-7));
        assertThat(s.covariance()[1]).containsExactly(new double[] {0.05, 0.01, -0.05}, within(1e-7));
        assertThat(s.covariance()[2]).containsExactly(new double[] {-0.25, -0.05, 0.25}, within(1e-7));
    }

    @Test
    void aMaskWeightsPixels() {
        RgbImage img = new RgbImage(3, 1, new float[] {0f, 1f, 0.5f, 0f, 1f, 0.5f, 0f, 1f, 0.5f});
        ColorStatistics s = ColorStatistics.of(img, new float[] {1f, 3f, 0f});
        assertThat(s.mean()[0]).isCloseTo(0.75, within(1e-7));
        assertThat(s.covariance()[0][0]).isCloseTo(0.1875, within(1e-7)); // (0.75² + 3·0.25²) / 4
        assertThatThrownBy(() -> ColorStatistics.of(img, new float[] {0f, 0f, 0f}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColorStatistics.of(img, new float[] {1f, 1f}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
