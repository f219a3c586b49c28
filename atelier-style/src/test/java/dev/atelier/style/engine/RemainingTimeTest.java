package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The time left, on runs whose evaluations cost exactly their pixels to the power
 * {@link RemainingTime#COST_EXPONENT} and whose scales' first evaluations carry a setup cost that grows
 * the same way: the estimate must then be exact.
 */
class RemainingTimeTest {
    @Test
    void aFinerScaleIsTimedAtItsCostNotAtTheRunsAverage() {
        // 10 evaluations at 100 px (1 s each), then 5 at 200 px (r s each), then the judge and the writing (finish * r s); each
        // scale's first evaluation also pays a setup of 1.5 s at 100 px, 1.5 r at 200 px
        double r = Math.pow(4, RemainingTime.COST_EXPONENT);
        double finish = RemainingTime.FINISH_EVALUATIONS;
        assertThat(r).as("a 4x-pixel evaluation costs less than 4x, more than 2x").isBetween(2.0, 4.0);
        ScaleLadder ladder = new ScaleLadder(List.of(100, 200), List.of(10, 5));
        RemainingTime eta = new RemainingTime(ladder, TimeBudget.NONE);
        assertThat(eta.seconds()).isNaN();
        eta.onScale(0, 0);
        double t = 2.5;
        eta.onEvaluation(t);
        assertThat(eta.seconds()).as("nothing timed yet").isNaN();
        t += 1;
        eta.onEvaluation(t);
        // 8 more at 1 s; the finer scale's setup and its 5 evaluations at r; the judge at r
        assertThat(eta.seconds()).isCloseTo(8 + 1.5 * r + 5 * r + finish * r, within(1e-9));
        for (int i = 2; i < 10; i++) {
            t += 1;
            eta.onEvaluation(t);
        }
        assertThat(eta.seconds()).isCloseTo(1.5 * r + 5 * r + finish * r, within(1e-9));
        eta.onScale(1, t);
        t += 1.5 * r + r; // its setup and its first evaluation
        eta.onEvaluation(t);
        // until its second evaluation the finer scale is timed at the coarser one's rate carried by r
        assertThat(eta.seconds()).isCloseTo(4 * r + finish * r, within(1e-9));
        t += r;
        eta.onEvaluation(t);
        assertThat(eta.seconds()).isCloseTo(3 * r + finish * r, within(1e-9));
    }

    @Test
    void evaluationsGrowingDearerAreTimedAtTheirLatestRate() {
        // one scale of 30: 20 evaluations at 1 s, then 2 s each; the rate follows the latest ones
        RemainingTime eta = new RemainingTime(new ScaleLadder(List.of(100), List.of(30)), TimeBudget.NONE);
        eta.onScale(0, 0);
        double t = 0;
        for (int i = 1; i <= 20; i++) {
            t += 1;
            eta.onEvaluation(t);
        }
        for (int i = 21; i <= 20 + RemainingTime.RATE_WINDOW; i++) {
            t += 2;
            eta.onEvaluation(t);
        }
        int left = 30 - 20 - RemainingTime.RATE_WINDOW;
        assertThat(eta.seconds()).isCloseTo(2 * (left + RemainingTime.FINISH_EVALUATIONS), within(1e-9));
    }

    @Test
    void aTimeBudgetsTimeLeftIsTheBudgetsRest() {
        RemainingTime eta = new RemainingTime(new ScaleLadder(List.of(100, 200), List.of(10, 1000)), new TimeBudget(30));
        eta.onScale(0, 0);
        eta.onEvaluation(12);
        assertThat(eta.seconds()).isEqualTo(18.0);
    }
}
