package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    private static final double TOL = 1e-6;

    @Test
    void eightOfTenMatchesHandComputation() {
        // n = 10, p = 0.8, z = 1.959964, z² = 3.841459
        // z²/n = 0.3841459, so the denominator is 1 + 0.3841459 = 1.3841459
        // centre = (p + z²/2n) / denom = (0.8 + 0.1920729) / 1.3841459 = 0.9920729 / 1.3841459 = 0.7167402
        // p(1−p)/n = 0.016, z²/4n² = 3.841459 / 400 = 0.0096036; sum 0.0256036, sqrt 0.1600114
        // half = z · 0.1600114 / denom = 0.3136170 / 1.3841459 = 0.2265777
        // interval = [0.7167402 − 0.2265777, 0.7167402 + 0.2265777] = [0.4901625, 0.9433179]
        // (textbook tables give [0.490, 0.943] for 8/10).
        WilsonInterval ci = WilsonInterval.of95(8, 10);
        assertThat(ci.lower()).isCloseTo(0.4901625, within(TOL));
        assertThat(ci.upper()).isCloseTo(0.9433178, within(TOL));
    }

    @Test
    void zeroSuccessesStartAtZeroAndEndAtZSquaredOverNPlusZSquared() {
        // p = 0: centre = half = (z²/2n) / (1 + z²/n), so lower = 0 and
        // upper = (z²/n) / (1 + z²/n) = 0.3841459 / 1.3841459 = 0.2775328 for n = 10
        // (the Wald interval would be [0, 0] here, claiming certainty from ten cases).
        WilsonInterval ci = WilsonInterval.of95(0, 10);
        assertThat(ci.lower()).isEqualTo(0.0);
        assertThat(ci.upper()).isCloseTo(0.2775328, within(TOL));
        WilsonInterval all = WilsonInterval.of95(10, 10);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(1 - 0.2775328, within(TOL));
    }

    @Test
    void propublicaBlackFalsePositiveRate() {
        // 805 of 1795: p = 0.4484680, z²/n = 3.841459/1795 = 0.0021401, denom = 1.0021401
        // centre = (0.4484680 + 0.0010700) / 1.0021401 = 0.4495380 / 1.0021401 = 0.4485780
        // p(1−p)/n = 0.4484680 · 0.5515320 / 1795 = 0.00013780 (0.2473444 / 1795)
        // z²/4n² = 3.841459 / 12888100 = 0.000000298; sum 0.00013809, sqrt 0.0117513
        // half = 1.959964 · 0.0117513 / 1.0021401 = 0.0230321 / 1.0021401 = 0.0229830
        // interval = [0.4485780 − 0.0229830, 0.4485780 + 0.0229830] = [0.4255950, 0.4715610]
        WilsonInterval ci = WilsonInterval.of95(805, 1795);
        assertThat(ci.lower()).isCloseTo(0.425595, within(2e-6));
        assertThat(ci.upper()).isCloseTo(0.471561, within(2e-6));
    }

    @Test
    void widthAtOneHalfIsZOverRootOfNPlusZSquared() {
        // At p = 1/2: half = z·√(1/4n + z²/4n²) / (1 + z²/n) = (z/2n)·√(n + z²) · n/(n + z²) = z / (2√(n + z²)),
        // so width = z / √(n + z²): 1.959964 / √103.841459 = 0.1923369 for n = 100, 0.0195959 for n = 10000.
        assertThat(WilsonInterval.of95(50, 100).width()).isCloseTo(0.1923369, within(TOL));
        assertThat(WilsonInterval.of95(5000, 10000).width()).isCloseTo(0.0195959, within(TOL));
    }

    @Test
    void noTrialsMeansAnythingIsPossible() {
        assertThat(WilsonInterval.of95(0, 0)).isEqualTo(WilsonInterval.UNKNOWN);
        assertThat(WilsonInterval.UNKNOWN.width()).isEqualTo(1.0);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> WilsonInterval.of95(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilsonInterval.of95(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
