package dev.atelier.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.ScheduleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LrRangeScheduleTest {
    @ParameterizedTest(name = "exponential 1e-3..10 over 4: k={0} -> {1}")
    @CsvSource({"0, 1e-3", "1, 1e-2", "2, 1e-1", "3, 1"})
    void exponentialMultipliesByAConstantRatioStartingAtStart(int k, double expected) {
        // pos = k/4; 10 is where the curve arrives after the last batch, as in every phase.
        var s = new LrRangeSchedule(1e-3, 10, 4, LrRangeMode.EXPONENTIAL);
        assertThat(s.lrAt(k)).isCloseTo(expected, within(expected * 1e-12));
    }

    @Test
    void exponentialDefaultHasConstantRatioOverHundredIterations() {
        // fastai's defaults, which the command line's are too
        double[] lrs = new LrRangeSchedule(ScheduleSpec.Defaults.LR_FIND_START, ScheduleSpec.Defaults.LR_FIND_END,
                ScheduleSpec.Defaults.LR_FIND_ITERATIONS, LrRangeMode.EXPONENTIAL).lrs();
        assertThat(lrs).hasSize(100);
        assertThat(lrs[0]).isEqualTo(1e-7);
        assertThat(lrs[99]).isCloseTo(10 / Math.pow(1e8, 0.01), within(1e-9));
        double ratio = Math.pow(1e8, 1.0 / 100); // 8 decades in 100 steps
        for (int k = 1; k < 100; k++) {
            assertThat(lrs[k] / lrs[k - 1]).isCloseTo(ratio, within(1e-9));
        }
    }

    @ParameterizedTest(name = "linear 2..4 over 4: k={0} -> {1}")
    @CsvSource({"0, 2.0", "1, 2.5", "2, 3.0", "3, 3.5"})
    void linearStartsAtTheStartValueNotAtZero(int k, double expected) {
        // fastai 0.7 computed end*k/n here, i.e. 0, 1, 2, 3, ignoring the start of 2.
        var s = new LrRangeSchedule(2, 4, 4, LrRangeMode.LINEAR);
        assertThat(s.lrAt(k)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void asAPhaseItTrainsEveryBatchWithTheSameLearningRate() {
        for (LrRangeMode mode : LrRangeMode.values()) {
            var s = new LrRangeSchedule(1e-6, 1, 30, mode);
            var compiled = dev.atelier.train.schedule.TrainingSchedule.compile(List.of(s.toPhase()), 1000, 1);
            assertThat(compiled.totalIterations()).isEqualTo(30);
            for (int k = 0; k < 30; k++) {
                assertThat(compiled.valueAt(k).lr(0)).as(mode + " k=" + k).isCloseTo(s.lrAt(k), within(s.lrAt(k) * 1e-12));
            }
        }
    }

    @ParameterizedTest(name = "fraction {0} of {1} batches -> {2} iterations")
    @CsvSource({"0.5, 235, 118", "1, 235, 235", "0.25, 10, 3", "2, 10, 20", "0.01, 10, 2"})
    void fractionOfAnEpochRoundsToWholeBatches(double fraction, int batches, int expected) {
        assertThat(LrRangeSchedule.iterationsForFraction(fraction, batches)).isEqualTo(expected);
    }

    @Test
    void rejectsUnusableRanges() {
        assertThatThrownBy(() -> new LrRangeSchedule(0, 1, 10, LrRangeMode.EXPONENTIAL))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("start");
        assertThatThrownBy(() -> new LrRangeSchedule(1, 0.5, 10, LrRangeMode.LINEAR))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("greater than the start");
        assertThatThrownBy(() -> new LrRangeSchedule(1e-5, 1, 1, LrRangeMode.LINEAR))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> LrRangeSchedule.iterationsForFraction(-0.5, 100))
                .isInstanceOf(InvalidInputException.class);
    }
}
