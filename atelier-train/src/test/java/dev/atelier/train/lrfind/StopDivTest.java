package dev.atelier.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopDivTest {
    /** Runs a range test whose "training" just replays {@code losses}. */
    private static LrFinderResult replay(double[] losses, StopDiv stopDiv, double beta) {
        var test = LrFinder.builder()
                .setSchedule(new LrRangeSchedule(1e-4, 1, losses.length, LrRangeMode.EXPONENTIAL))
                .optStopDiv(stopDiv)
                .optBeta(beta)
                .optSuggester(new LrSuggester(0, 0, List.of()))
                .build();
        return test.run((k, lr) -> losses[k]);
    }

    @Test
    void smootherIsBiasCorrectedMovingAverage() {
        var s = new LossSmoother(0.98);
        assertThat(s.add(2)).isCloseTo(2.0, within(1e-12)); // 0.04 / 0.02
        // (0.98*0.04 + 0.02*4) / (1 - 0.98^2) = 0.1192 / 0.0396
        assertThat(s.add(4)).isCloseTo(3.0101010101, within(1e-9));
    }

    @Test
    void stopsAtFirstIterationAboveFourTimesBestWithoutSmoothing() {
        // best is 0.4 (iteration 3); 1.0 and 1.5 are below 1.6, 1.7 at iteration 6 is above.
        double[] losses = {1, 0.5, 0.4, 1.0, 1.5, 1.7, 0.1, 0.1};
        LrFinderResult r = replay(losses, StopDiv.defaults(), 0);
        assertThat(r.iterations()).isEqualTo(6);
        assertThat(r.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(r.losses()).containsExactly(1, 0.5, 0.4, 1.0, 1.5, 1.7);
    }

    @Test
    void stopsOnTheSmoothedLossNotOnASingleSpike() {
        // Ten losses of 1 smooth to exactly 1. Then 20: (0.98*(1-0.98^10) + 0.02*20)/(1-0.98^11)
        // = 0.57924/0.19929 = 2.91 < 4, go on. Then 100: (0.98*0.57924 + 2)/(1-0.98^12)
        // = 2.56766/0.21528 = 11.9 > 4: stop at iteration 12.
        double[] losses = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 20, 100, 1, 1};
        LrFinderResult r = replay(losses, StopDiv.defaults(), 0.98);
        assertThat(r.smoothedLosses()[10]).isCloseTo(2.9065, within(1e-3));
        assertThat(r.iterations()).isEqualTo(12);
        assertThat(r.stopReason()).isEqualTo(StopReason.DIVERGED);
    }

    @Test
    void factorIsAppliedOnlyAfterTheMinimumIterations() {
        double[] losses = {10, 1, 50, 60, 70};
        assertThat(replay(losses, StopDiv.defaults(), 0).iterations()).isEqualTo(3);
        assertThat(replay(losses, StopDiv.defaults().withMinIterations(4), 0).iterations()).isEqualTo(4);
        assertThat(replay(losses, StopDiv.factor(100), 0).stopReason()).isEqualTo(StopReason.COMPLETED);
    }

    @Test
    void nonFiniteLossStopsEvenBeforeTheMinimumAndWhenDisabled() {
        double[] losses = {1, 1, Double.NaN, 1};
        LrFinderResult r = replay(losses, StopDiv.never().withMinIterations(10), 0.98);
        assertThat(r.iterations()).isEqualTo(3);
        assertThat(r.stopReason()).isEqualTo(StopReason.NON_FINITE);
        double[] inf = {1, Double.POSITIVE_INFINITY, 1};
        assertThat(replay(inf, StopDiv.defaults(), 0.98).iterations()).isEqualTo(2);
    }

    @Test
    void disabledStopDivRunsEveryIteration() {
        double[] losses = {1, 100, 1000, 10000};
        LrFinderResult r = replay(losses, StopDiv.never(), 0);
        assertThat(r.iterations()).isEqualTo(4);
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
    }
}
