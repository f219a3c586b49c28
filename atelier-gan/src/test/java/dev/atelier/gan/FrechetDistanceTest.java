package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    @Test
    void oneDimensionalSamplesByHand() {
        // A = {−1, 1}: mean 0, unbiased variance 2; B = {0, 4}: mean 2, variance 8
        // d = (0−2)² + 2 + 8 − 2·√(2·8) = 4 + 10 − 8 = 6
        double d = FrechetDistance.between(new double[][] {{-1}, {1}}, new double[][] {{0}, {4}});
        assertThat(d).isCloseTo(6, within(1e-12));
    }

    @Test
    void nonCommutingCovariancesByHand() {
        // Σ₁ = I, Σ₂ = [[2,1],[1,2]] (eigenvalues 3 and 1): tr(Σ₁Σ₂)^½ = √3 + 1
        // d = ‖(1,1)−(0,−1)‖² + 2 + 4 − 2(√3 + 1) = 5 + 4 − 2√3
        var p = new FrechetDistance.Gaussian(new double[] {1, 1}, new double[][] {{1, 0}, {0, 1}});
        var q = new FrechetDistance.Gaussian(new double[] {0, -1}, new double[][] {{2, 1}, {1, 2}});
        assertThat(FrechetDistance.between(p, q)).isCloseTo(9 - 2 * Math.sqrt(3), within(1e-12));
        assertThat(FrechetDistance.between(q, p)).isCloseTo(9 - 2 * Math.sqrt(3), within(1e-12));
    }

    @Test
    void aSetIsAtDistanceZeroFromItself() {
        double[][] a = {{1, 2, 0}, {3, 1, 1}, {0, 0, 5}, {2, 2, 2}, {1, -1, 0}};
        assertThat(FrechetDistance.between(a, a)).isCloseTo(0, within(1e-9));
    }

    @Test
    void fitUsesTheUnbiasedCovariance() {
        var g = FrechetDistance.Gaussian.fit(new double[][] {{1, 2}, {3, 6}, {5, 4}});
        // means 3 and 4; deviations (−2,−2), (0,2), (2,0): cov = [[8, 4], [4, 8]] / 2
        assertThat(g.mean()).containsExactly(3, 4);
        assertThat(g.covariance()[0]).containsExactly(4, 2);
        assertThat(g.covariance()[1]).containsExactly(2, 4);
    }
}
