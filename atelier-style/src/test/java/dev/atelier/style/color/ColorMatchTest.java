package dev.atelier.style.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import org.junit.jupiter.api.Test;

class ColorMatchTest {
    private final RgbImage style = ColorTestImages.correlated(40, 30, 1);
    private final RgbImage content = ColorTestImages.correlated(32, 24, 2);

    @Test
    void fullStrengthGivesTheContentsMeanAndCovariance() {
        ColorStatistics target = ColorStatistics.of(content);
        ColorStatistics before = ColorStatistics.of(style);
        ColorStatistics after = ColorStatistics.of(ColorMatch.matched(style, content, 1.0));
        double change = 0;
        for (int a = 0; a < 3; a++) {
            change += Math.abs(before.mean()[a] - target.mean()[a]) + Math.abs(before.covariance()[a][(a + 1) % 3]
                    - target.covariance()[a][(a + 1) % 3]);
        }
        assertThat(change).as("the test needs a real change").isGreaterThan(0.05);
        double worst = 0;
        for (int a = 0; a < 3; a++) {
            assertThat(after.mean()[a]).isCloseTo(target.mean()[a], within(1e-4));
            for (int b = 0; b < 3; b++) {
                assertThat(after.covariance()[a][b]).as("cov[%d][%d]", a, b)
                        .isCloseTo(target.covariance()[a][b], within(1e-4 * Math.abs(target.covariance()[a][a])));
                worst = Math.max(worst, Math.abs(after.covariance()[a][b] - target.covariance()[a][b]));
            }
        }
        System.out.printf("ColorMatch: worst covariance error %.2e (content variances %.2e..)%n", worst,
                target.covariance()[0][0]);
    }

    @Test
    void zeroStrengthLeavesTheStyleUnchanged() {
        assertThat(ColorMatch.matched(style, content, 0.0).pixels()).containsExactly(style.pixels());
    }

    @Test
    void strengthBlendsLinearly() {
        RgbImage full = ColorMatch.matched(style, content, 1.0);
        RgbImage half = ColorMatch.matched(style, content, 0.5);
        for (int i = 0; i < style.pixels().length; i += 97) {
            assertThat(half.pixels()[i]).isCloseTo(0.5f * full.pixels()[i] + 0.5f * style.pixels()[i], within(1e-6f));
        }
    }

    @Test
    void theMatrixIsTheSymmetricRootMap() {
        double[][] from = ColorStatistics.of(style).covariance();
        double[][] to = ColorStatistics.of(content).covariance();
        double[][] a = ColorMatch.matrix(from, to);
        // A Σ_from Aᵀ = Σ_to
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        s += a[i][k] * from[k][l] * a[j][l];
                    }
                }
                assertThat(s).isCloseTo(to[i][j], within(1e-12));
            }
        }
    }

    @Test
    void aGreyStyleStaysFinite() {
        float[] p = new float[3 * 16];
        for (int i = 0; i < 16; i++) {
            p[i] = p[16 + i] = p[32 + i] = i / 15f;
        }
        RgbImage grey = new RgbImage(4, 4, p);
        for (float v : ColorMatch.matched(grey, content, 1.0).pixels()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        assertThat(ColorStatistics.of(ColorMatch.matched(grey, content, 1.0)).mean()[1])
                .isCloseTo(ColorStatistics.of(content).mean()[1], within(1e-5));
    }

    @Test
    void strengthOutsideTheUnitIntervalIsRefused() {
        assertThatThrownBy(() -> ColorMatch.matched(style, content, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
