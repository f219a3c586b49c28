package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The time left, on runs whose evaluations cost exactly their pixels: the estimate must then be exact. */
class RemainingTimeTest {
    @Test
    void aFinerScaleIsTimedAtItsPixelsWorthNotAtTheRunsAverage() {
        // 10 evaluations at 100 px (1 s each), then 5 at 200 px (4 s each), then the judge (4 s)
        ScaleLadder ladder = new ScaleLadder(List.of(100, 200), List.of(10, 5));
        RemainingTime eta = new RemainingTime(ladder, TimeBudget.NONE);
        assertThat(eta.seconds()).isNaN();
        eta.onScale(0, 0);
        double t = 2.5; // the first evaluation also pays for the targets and the first pass
        eta.onEvaluation(t);
        assertThat(eta.seconds()).as("nothing timed yet").isNaN();
        t += 1;
        eta.onEvaluation(t);
        // 8 more at 1 s, the finer scale's targets (one evaluation's worth) and 5 at 4 s, the judge at 4 s
        assertThat(eta.seconds()).isCloseTo(8 + 4 + 20 + 4, within(1e-9));
        for (int i = 2; i < 10; i++) {
            t += 1;
            eta.onEvaluation(t);
        }
        eta.onScale(1, t);
        t += 8; // targets and the first evaluation
        eta.onEvaluation(t);
        // until its second evaluation the finer scale is timed at the coarser one's rate, times 4 pixels
        assertThat(eta.seconds()).isCloseTo(4 * 4 + 4, within(1e-9));
        t += 4;
        eta.onEvaluation(t);
        assertThat(eta.seconds()).isCloseTo(3 * 4 + 4, within(1e-9));
    }

    @Test
    void aTimeBudgetsTimeLeftIsTheBudgetsRest() {
        RemainingTime eta = new RemainingTime(new ScaleLadder(List.of(100, 200), List.of(10, 1000)), new TimeBudget(30));
        eta.onScale(0, 0);
        eta.onEvaluation(12);
        assertThat(eta.seconds()).isEqualTo(18.0);
    }
}
