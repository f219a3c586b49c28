package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwaPlanTest {
    @Test
    void swaStartThreeOnFiveEpochsAveragesTheLastThreeEpochs() {
        long perEpoch = 10;
        long start = SwaStart.epoch(3).startIteration(e -> e * perEpoch);
        assertThat(start).isEqualTo(20);
        var plan = new SwaPlan(start, SwaFrequency.everyEpoch());
        List<Long> epochEndsUpdated = new ArrayList<>();
        for (long e = 1; e <= 5; e++) {
            if (plan.updateAtEpochEnd(e * perEpoch)) {
                epochEndsUpdated.add(e);
            }
        }
        assertThat(epochEndsUpdated).containsExactly(3L, 4L, 5L);
        assertThat(LongStream.rangeClosed(1, 50).filter(plan::updateAfterBatch).toArray()).isEmpty();
        assertThat(plan.inPeriod(19)).isFalse();
        assertThat(plan.inPeriod(20)).isTrue();
    }

    @Test
    void everyNIterationsCountsFromTheStartIteration() {
        var plan = new SwaPlan(SwaStart.iteration(7).startIteration(e -> 0), SwaFrequency.everyIterations(4));
        assertThat(LongStream.rangeClosed(1, 20).filter(plan::updateAfterBatch).toArray()).containsExactly(11, 15, 19);
        assertThat(plan.updateAtEpochEnd(20)).isFalse();
    }

    @ParameterizedTest(name = "cyclic 0.1 -> 0.01 over cycles of 3, SWA batch {0} -> {1}")
    @CsvSource({"0, 0.1", "1, 0.07", "2, 0.04", "3, 0.1", "5, 0.04", "6, 0.1", "7, 0.07"})
    void cyclicRateFallsLinearlyFromMaxAndArrivesAtMinAtEachAverage(long iteration, double expected) {
        // j/3: 0, 1/3, 2/3 -> 0.1, 0.07, 0.04 (0.01 at the average); 8 batches = cycles of 3, 3 and a truncated 2.
        TrainingPhase template = TrainingPhase.epochs(1).optimizer(OptimizerKind.SGD).lr(1).momentum(0.9);
        List<TrainingPhase> phases = new SwaLearningRate.Cyclic(0.1, 0.01).phases(template, 8, 3);
        assertThat(phases).hasSize(3);
        TrainingSchedule s = TrainingSchedule.compile(phases, 100, 1);
        assertThat(s.totalIterations()).isEqualTo(8);
        assertThat(s.valueAt(iteration).lr(0)).isCloseTo(expected, within(1e-12));
        assertThat(s.valueAt(iteration).momentum()).isEqualTo(0.9);
    }

    @Test
    void constantRateIsOnePhaseWithTheTemplatesOptimizer() {
        TrainingPhase template = TrainingPhase.epochs(1).optimizer(OptimizerKind.ADAM).lr(1e-3).weightDecay(1e-4);
        List<TrainingPhase> phases = new SwaLearningRate.Constant(0.05).phases(template, 12, 4);
        TrainingSchedule s = TrainingSchedule.compile(phases, 100, 1);
        assertThat(s.totalIterations()).isEqualTo(12);
        assertThat(s.valueAt(0).lr(0)).isEqualTo(0.05);
        assertThat(s.valueAt(11).lr(0)).isEqualTo(0.05);
        assertThat(s.valueAt(5).optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(s.valueAt(5).weightDecay()).isEqualTo(1e-4);
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> SwaStart.epoch(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SwaStart.iteration(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SwaFrequency.everyIterations(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SwaLearningRate.Cyclic(0.01, 0.1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SwaLearningRate.Constant(-1)).isInstanceOf(InvalidInputException.class);
    }
}
