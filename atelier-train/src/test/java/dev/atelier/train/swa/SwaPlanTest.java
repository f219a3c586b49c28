package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
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
        var plan = new SwaPlan(start, 50, SwaFrequency.everyEpoch(), new SwaLearningRate.FromSchedule(), perEpoch);
        List<Long> epochEndsUpdated = new ArrayList<>();
        for (long e = 1; e <= 5; e++) {
            if (plan.updateAtEpochEnd(e * perEpoch)) {
                epochEndsUpdated.add(e);
            }
        }
        assertThat(epochEndsUpdated).containsExactly(3L, 4L, 5L);
        assertThat(LongStream.rangeClosed(1, 50).filter(plan::updateAfterBatch).toArray()).isEmpty();
        assertThat(plan.lrAt(30)).isEmpty();
    }

    @Test
    void everyNIterationsCountsFromTheStartIteration() {
        var plan = new SwaPlan(SwaStart.iteration(7).startIteration(e -> 0), 20,
                SwaFrequency.everyIterations(4), new SwaLearningRate.Constant(0.05), 4);
        assertThat(LongStream.rangeClosed(1, 20).filter(plan::updateAfterBatch).toArray()).containsExactly(11, 15, 19);
        assertThat(plan.updateAtEpochEnd(20)).isFalse();
        assertThat(plan.lrAt(6)).isEmpty();
        assertThat(plan.lrAt(7)).hasValue(0.05);
    }

    @ParameterizedTest(name = "cyclic 0.1 -> 0.01 over 3, batch {0} -> {1}")
    @CsvSource({"4, 0.1", "5, 0.07", "6, 0.04", "7, 0.01", "8, 0.07", "10, 0.01"})
    void cyclicRateFallsLinearlyToItsMinimumAtEachAverage(long iteration, double expected) {
        // start 5, cycle 3: batches 5,6,7 are t = 1/3, 2/3, 1; the average is taken after batch 7.
        var plan = new SwaPlan(5, 20, SwaFrequency.everyIterations(3), new SwaLearningRate.Cyclic(0.1, 0.01), 3);
        if (iteration < 5) {
            assertThat(plan.lrAt(iteration)).isEmpty();
        } else {
            assertThat(plan.lrAt(iteration).orElseThrow()).isCloseTo(expected, within(1e-12));
        }
        assertThat(plan.updateAfterBatch(8)).isTrue(); // 8 batches done = batches 5,6,7 trained
    }

    @Test
    void rejectsAStartBeyondTheFitAndBadValues() {
        assertThatThrownBy(() -> new SwaPlan(50, 50, SwaFrequency.everyEpoch(), new SwaLearningRate.FromSchedule(), 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only 50 batches");
        assertThatThrownBy(() -> SwaStart.epoch(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SwaFrequency.everyIterations(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SwaLearningRate.Cyclic(0.01, 0.1)).isInstanceOf(InvalidInputException.class);
    }
}
