package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void batchKOfAPhaseTrainsWithPosKOverN() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.iterations(4).lr(1, DecayType.LINEAR),
                TrainingPhase.iterations(4).lr(0.5)), 100, 1);
        double[] expected = {1, 0.75, 0.5, 0.25, 0.5, 0.5, 0.5, 0.5};
        for (int k = 0; k < expected.length; k++) {
            assertThat(s.valueAt(k).lr(0)).as("iteration %d", k).isCloseTo(expected[k], within(EPS));
        }
        // The end value 0 of phase 1 is where its line arrives (pos 1), never trained with.
        assertThat(s.phases().get(0).valueAt(4).lr(0)).isZero();
    }

    @Test
    void boundariesBelongToTheNextPhase() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.iterations(4).lr(1),
                TrainingPhase.iterations(3).optimizer(OptimizerKind.ADAM).lr(2)), 100, 1);
        assertThat(s.totalIterations()).isEqualTo(7);
        assertThat(s.phaseIndexAt(3)).isZero();
        assertThat(s.phaseIndexAt(4)).isOne();
        HyperParameters first = s.valueAt(4);
        assertThat(first.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(first.iterationInPhase()).isZero();
        assertThat(first.iteration()).isEqualTo(4);
        assertThat(s.phases().get(1).startIteration()).isEqualTo(4);
        assertThat(s.phases().get(0).endIteration()).isEqualTo(4);
        // valueAt(total) is the end point of the last phase, for plots.
        assertThat(s.valueAt(7).phaseIndex()).isOne();
        assertThat(s.valueAt(7).iterationInPhase()).isEqualTo(3);
        assertThatThrownBy(() -> s.valueAt(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.valueAt(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionalEpochsRoundOnTheCumulativeCountSoNothingDrifts() {
        List<TrainingPhase> thirds = List.of(
                TrainingPhase.epochs(1.0 / 3).lr(1), TrainingPhase.epochs(1.0 / 3).lr(1), TrainingPhase.epochs(1.0 / 3).lr(1));
        TrainingSchedule s = TrainingSchedule.compile(thirds, 10, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(3L, 4L, 3L);
        assertThat(s.totalIterations()).isEqualTo(10);
    }

    @ParameterizedTest(name = "epochs {0} of {1} batches -> {2}")
    @CsvSource(delimiter = '|', value = {
        "0.3333333333333333;0.3333333333333333;0.3333333333333333 | 10  | 3;4;3",        // 3.33, 6.67, 10
        "0.5;0.5                                                  | 3   | 2;1",          // 1.5 -> 2, 3
        "0.25;0.25;0.25;0.25                                      | 7   | 2;2;1;2",      // 1.75, 3.5, 5.25, 7
        "1.35;1.35;0.3                                            | 782 | 1056;1055;235", // 1055.7, 2111.4, 2346
        "0.01;1                                                   | 10  | 1;9",          // 0.1 -> 0, bumped to 1; 10.1 -> 10
        "1;0.01                                                   | 10  | 9;1",          // 10, 10.1 -> 10: the last is pulled back
    })
    void fractionalEpochAccountingTable(String epochs, long batches, String expected) {
        List<TrainingPhase> phases = Arrays.stream(epochs.split(";")).map(e -> TrainingPhase.epochs(Double.parseDouble(e)).lr(1)).toList();
        TrainingSchedule s = TrainingSchedule.compile(phases, batches, 1);
        List<Long> lengths = Arrays.stream(expected.split(";")).map(Long::parseLong).toList();
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactlyElementsOf(lengths);
        assertThat(s.totalIterations()).isEqualTo(lengths.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void roundingIsHalfUpOnTheWrittenDecimal() {
        // 0.1 · 235 = 23.5 exactly as written (23.500000000000004 in binary): half up gives 24.
        TrainingSchedule s = TrainingSchedule.compile(List.of(TrainingPhase.epochs(0.1).lr(1)), 235, 1);
        assertThat(s.totalIterations()).isEqualTo(24);
        // 0.3 · 5 = 1.5 (1.4999999999999998 in binary) -> 2
        assertThat(TrainingSchedule.compile(List.of(TrainingPhase.epochs(0.3).lr(1)), 5, 1).totalIterations()).isEqualTo(2);
    }

    @Test
    void aTinyPhaseIsNeverSkipped() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.epochs(1).lr(1), TrainingPhase.epochs(0.01).lr(2), TrainingPhase.epochs(1).lr(3)), 10, 1);
        // ends at 10, round(10.1) = 10 -> 11 (one batch at least), round(20.1) = 20: 10 + 1 + 9 = round(2.01 · 10)
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(10L, 1L, 9L);
        assertThat(s.totalIterations()).isEqualTo(20);
        assertThat(s.valueAt(10).lr(0)).isEqualTo(2);
    }

    @Test
    void aSevenEpochSgdrWithATinyWarmUpLastsExactlySevenEpochs() {
        // cycles 3, cycleLen 1, cycleMult 2: 0.05 + 0.95 + 2 + 4 = 7 epochs of 4 batches.
        // Cumulative ends: 0.2 -> 0, bumped to 1; 4; 12; 28. Lengths 1, 3, 8, 16 = 28 = 7 · 4 (the old rule gave 29).
        TrainingSchedule s = TrainingSchedule.compile(new ScheduleSpec.Sgdr(0.1, 3, 1, 2, OptimizerKind.SGD, null, 0, GroupLearningRates.SAME).toPhases(), 4, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(1L, 3L, 8L, 16L);
        assertThat(s.totalIterations()).isEqualTo(28);
    }

    @Test
    void morePhasesThanBatchesAreRefusedInsteadOfTrainingLonger() {
        // 1cycle over 1 epoch of 1 batch (the batch size exceeds the data): 3 phases cannot fit in 1 batch
        assertThatThrownBy(() -> TrainingSchedule.compile(new ScheduleSpec.OneCycle(0.1, 1, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0, GroupLearningRates.SAME).toPhases(), 1, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("3 phases on dataset 'default' need at least one batch each, but their 1 epoch is only 1"
                        + " batch: use fewer phases, more epochs or smaller batches");
        // a schedule shorter than one batch still trains one
        assertThat(TrainingSchedule.compile(List.of(TrainingPhase.epochs(0.01).lr(1)), 10, 1).totalIterations()).isEqualTo(1);
    }

    @Test
    void anAstronomicalLengthIsRefusedWithOneLine() {
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1e300).lr(1)), 10, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than the limit of 100,000,000")
                .hasMessageNotContaining("\n");
        // within the per-phase bound, but too long once the epoch length is known
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1e6).lr(1)), 1000, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the schedule: schedule length of 1,000,000,000 iterations exceeds the limit of 100,000,000"
                        + " (raise it with -Datelier.train.maxIterations=N or ATELIER_TRAIN_MAX_ITERATIONS=N)");
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1).lr(1)), Long.MAX_VALUE / 2, 1))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void eachPhaseUsesTheEpochLengthOfItsOwnDataset() {
        List<String> asked = new ArrayList<>();
        Map<String, Long> sizes = Map.of("14px", 100L, "28px", 50L);
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.epochs(0.5).lr(1).data("14px"),
                TrainingPhase.epochs(1).lr(1).data("28px"),
                TrainingPhase.epochs(0.5).lr(1).data("14px"),
                TrainingPhase.iterations(7).lr(1).data("28px")), key -> {
                    asked.add(key);
                    return sizes.get(key);
                }, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(50L, 50L, 50L, 7L);
        assertThat(s.phases()).extracting(CompiledPhase::data).containsExactly("14px", "28px", "14px", "28px");
        assertThat(s.phases().get(1).batchesPerEpoch()).isEqualTo(50);
        assertThat(asked).containsExactly("14px", "28px");
        assertThat(s.totalIterations()).isEqualTo(157);
    }

    @Test
    void aSingleLrAppliesToEveryGroup() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(TrainingPhase.iterations(2).lr(0.1, DecayType.LINEAR)), 1, 3);
        assertThat(s.valueAt(1).lr()).containsExactly(0.05, 0.05, 0.05);
    }

    @Test
    void groupRatioDividesEachEarlierGroup() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(TrainingPhase.iterations(2).lr(0.9).groupRatio(3)), 1, 3);
        assertThat(s.valueAt(0).lr()).containsExactly(new double[] {0.1, 0.3, 0.9}, within(EPS));
    }

    @Test
    void perGroupArraysFollowTheScheduleInEveryGroup() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(TrainingPhase.iterations(4)
                .lrs(new double[] {1e-4, 1e-3, 1e-2}, new double[] {1e-5, 1e-4, 1e-3}, DecayType.LINEAR)), 1, 3);
        // pos 0.5: midpoint of each line
        assertThat(s.valueAt(2).lr()).containsExactly(new double[] {5.5e-5, 5.5e-4, 5.5e-3}, within(EPS));
        assertThat(s.valueAt(2).groups()).isEqualTo(3);
    }

    @Test
    void anLrArrayOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1).lr(1),
                TrainingPhase.epochs(1).lrs(1e-3, 1e-2)), 10, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("phase 2 (1 epoch): lr has 2 values but the model has 3 layer groups");
    }

    @Test
    void badPhasesAreRejectedWithOneClearLine() {
        assertThatThrownBy(() -> TrainingPhase.epochs(-1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("positive number of epochs");
        assertThatThrownBy(() -> TrainingPhase.iterations(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1)), 10, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("phase 1 (1 epoch): no learning rate given");
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(TrainingPhase.epochs(1).lr(1)
                .optimizer(OptimizerKind.ADAM).momentum(1.0)), 10, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("beta1 must be in [0, 1)");
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(), 10, 1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void momentumDefaultsDependOnTheOptimizer() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.iterations(1).lr(1),
                TrainingPhase.iterations(1).lr(1).optimizer(OptimizerKind.RMSPROP),
                TrainingPhase.iterations(1).lr(1).optimizer(OptimizerKind.ADAMW).momentum(0.95, 0.85, DecayType.LINEAR)), 1, 1);
        assertThat(s.valueAt(0).momentum()).isEqualTo(0.9);
        assertThat(s.valueAt(1).momentum()).isEqualTo(0.0);
        assertThat(s.valueAt(2).momentum()).isEqualTo(0.95);
    }

    @Test
    void weightDecayIsScheduledToo() {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.iterations(2).lr(1).weightDecay(1e-3, 1e-4, DecayType.EXPONENTIAL)), 1, 1);
        assertThat(s.valueAt(1).weightDecay()).isCloseTo(Math.sqrt(1e-7), within(1e-15));
    }
}
