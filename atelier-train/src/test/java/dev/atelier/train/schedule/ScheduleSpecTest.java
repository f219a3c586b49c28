package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One description of a schedule: discriminative lrs with every shape, the phase builder, the fingerprint. */
class ScheduleSpecTest {
    private static final GroupLearningRates PEAKS = GroupLearningRates.peaks(1e-4, 1e-3, 1e-2);

    @Test
    void oneCycleWithPerGroupPeaksReachesEachGroupsPeakAtTheTopOfTheCycle() {
        // 10 epochs of 10 batches, pct 10: the triangle's halves are 45 batches; the peak is batch 45
        var spec = new ScheduleSpec.OneCycle(1e-2, 10, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0, PEAKS);
        TrainingSchedule s = TrainingSchedule.compile(spec.toPhases(), 10, 3);
        assertThat(s.valueAt(45).lr()).containsExactly(new double[] {1e-4, 1e-3, 1e-2}, within(1e-15));
        // the start of the cycle is each peak / div
        assertThat(s.valueAt(0).lr()).containsExactly(new double[] {1e-5, 1e-4, 1e-3}, within(1e-15));
        assertThat(s.valueAt(45).momentum()).isCloseTo(0.85, within(1e-12));
    }

    @Test
    void sgdrAndStepwiseSpreadEveryPhaseOverTheGroups() {
        var sgdr = new ScheduleSpec.Sgdr(0.1, 2, 1, 2, OptimizerKind.SGD, 0.9, 0, GroupLearningRates.ratio(10));
        TrainingSchedule s = TrainingSchedule.compile(sgdr.toPhases(), 20, 3);
        // warm-up: 1/20 of a 20-batch cycle = 1 batch at lr/100 for the head, /10 per group below it
        assertThat(s.valueAt(0).lr()).containsExactly(new double[] {1e-5, 1e-4, 1e-3}, within(1e-15));
        assertThat(s.valueAt(1).lr()).containsExactly(new double[] {1e-3, 1e-2, 1e-1}, within(1e-15));
        assertThat(s.valueAt(20).lr()).as("the restart").containsExactly(new double[] {1e-3, 1e-2, 1e-1},
                within(1e-15));

        var stepwise = new ScheduleSpec.Stepwise(new double[] {1, 1}, new double[] {0.1, 0.01}, OptimizerKind.SGD,
                null, 0, GroupLearningRates.peaks(0.05, 0.1));
        TrainingSchedule t = TrainingSchedule.compile(stepwise.toPhases(), 4, 2);
        assertThat(t.valueAt(0).lr()).containsExactly(new double[] {0.05, 0.1}, within(1e-15));
        assertThat(t.valueAt(4).lr()).containsExactly(new double[] {0.005, 0.01}, within(1e-15));
    }

    @Test
    void groupRatesAndPerGroupPhasesDoNotMix() {
        assertThatThrownBy(() -> new GroupLearningRates(2, new double[] {1, 2})).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not both");
        TrainingPhase perGroup = TrainingPhase.epochs(1).lrs(1e-3, 1e-2);
        assertThatThrownBy(() -> PEAKS.applyTo(perGroup)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void thePhaseBuilderReportsAMissingLearningRateAtBuild() {
        TrainingPhase.Builder b = TrainingPhase.builderOfEpochs(1).momentum(0.9);
        assertThatThrownBy(b::build).isInstanceOf(InvalidInputException.class).hasMessageContaining("no learning rate");
        assertThatThrownBy(() -> TrainingPhase.builderOfIterations(5).lr(0.1).momentum(1.5).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("momentum must be in [0, 1)");
        TrainingPhase ok = TrainingPhase.builderOfIterations(5).lr(0.1).weightDecay(1e-4).build();
        assertThat(ok).isEqualTo(TrainingPhase.iterations(5).lr(0.1).weightDecay(1e-4));
    }

    @Test
    void theFingerprintFollowsTheCompiledValuesNotTheirPrintedText() {
        // 0.1 and 0.1000001 print alike (4 significant digits) but train differently
        List<TrainingPhase> a = List.of(TrainingPhase.epochs(1).lr(0.1));
        List<TrainingPhase> b = List.of(TrainingPhase.epochs(1).lr(0.1000001));
        TrainingSchedule sa = TrainingSchedule.compile(a, 10, 1);
        TrainingSchedule sb = TrainingSchedule.compile(b, 10, 1);
        assertThat(sa.describe()).isEqualTo(sb.describe());
        assertThat(sa.fingerprint()).isNotEqualTo(sb.fingerprint());
        assertThat(TrainingSchedule.compile(List.of(TrainingPhase.epochs(1).lr(0.1)), 10, 1).fingerprint())
                .isEqualTo(sa.fingerprint()).hasSize(64);
        assertThat(TrainingSchedule.compile(a, 11, 1).fingerprint()).as("another epoch length")
                .isNotEqualTo(sa.fingerprint());
    }

    @Test
    void namedSchedulesInJsonTakePerGroupLearningRates() {
        PhasesFile f = PhasesFile.parse("{\"oneCycle\": {\"lr\": [1e-4, 1e-3, 1e-2], \"epochs\": 10}}", "t.json");
        assertThat(f.layerGroups()).isEqualTo(3);
        TrainingSchedule s = TrainingSchedule.compile(f.phases(), 10, 3);
        assertThat(s.valueAt(45).lr()).containsExactly(new double[] {1e-4, 1e-3, 1e-2}, within(1e-15));

        PhasesFile g = PhasesFile.parse("{\"sgdr\": {\"lr\": 0.1, \"cycles\": 1, \"groupRatio\": 3}}", "t.json");
        assertThat(g.phases()).allSatisfy(p -> assertThat(p.groupRatio()).isEqualTo(3));

        assertThatThrownBy(() -> PhasesFile.parse("{\"sgdr\": {\"lr\": [0.1, 1], \"groupRatio\": 3}}", "t.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
    }
}
