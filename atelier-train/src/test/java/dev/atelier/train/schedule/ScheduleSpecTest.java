package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.train.optim.OptimizerKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One description of a schedule: the lesson's schedules value by value, discriminative lrs with every
 * shape, the rules every path meets, the fingerprint.
 */
class ScheduleSpecTest {
    private static final GroupLearningRates PEAKS = GroupLearningRates.of(null, 1e-4, 1e-3, 1e-2);
    /** CIFAR-10 in the lesson's pictures: 782 batches of 64 per epoch. */
    private static final long CIFAR_BATCHES = 782;

    private static List<TrainingPhase> sgdr(OptimizerKind optimizer, double lr, int cycles, double cycleLen,
            double cycleMult) {
        return new ScheduleSpec.Sgdr(lr, cycles, cycleLen, cycleMult, optimizer, null, 0, GroupLearningRates.SAME)
                .toPhases();
    }

    private static List<TrainingPhase> oneCycle(double lr, double epochs, double div, double pct) {
        return new ScheduleSpec.OneCycle(lr, epochs, div, pct, 0.95, 0.85, OptimizerKind.SGD, 0,
                GroupLearningRates.SAME).toPhases();
    }

    // phases_sgdr(1e-2, Adam, 2, 1, 2): 0.05 epoch warm-up = 39.1 -> 39 batches at 1e-4, the rest of
    // epoch 1 (743 batches) cosine from 1e-2 to 0, then 2 epochs (1564 batches) cosine from 1e-2 to 0.
    @ParameterizedTest(name = "sgdr iteration {0}: lr {1}")
    @CsvSource({
        "0,    1e-4",
        "38,   1e-4",
        "39,   1e-2",                   // first batch of the first cycle
        "139,  0.009559666073497602",   // 0.005·(1+cos(100π/743))
        "781,  4.4695261185445646e-08", // last batch of cycle 1: 0.005·(1+cos(742π/743))
        "782,  1e-2",                   // restart
        "1173, 0.008535533905932738",   // pos 391/1564 = 1/4: 0.005·(1+√2/2)
        "1564, 0.005",                  // pos 1/2
        "2346, 0",                      // end point of the last cycle
    })
    void sgdrWarmsUpThenRestartsCosineCyclesOfGrowingLength(long iteration, double lr) {
        TrainingSchedule s = TrainingSchedule.compile(sgdr(OptimizerKind.ADAM, 1e-2, 2, 1, 2), CIFAR_BATCHES, 1);
        assertThat(s.valueAt(iteration).lr(0)).isCloseTo(lr, within(1e-12));
        assertThat(s.valueAt(iteration).optimizer()).isEqualTo(OptimizerKind.ADAM);
    }

    @Test
    void sgdrLayout() {
        TrainingSchedule s = TrainingSchedule.compile(sgdr(OptimizerKind.SGD, 1e-2, 2, 1, 2), CIFAR_BATCHES, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(39L, 743L, 1564L);
    }

    @Test
    void sgdrAcceptsANonIntegerCycleMult() {
        // cycles of 2, 3 and 4.5 epochs, plus the warm-up inside the first: 9.5 epochs of 10 batches.
        TrainingSchedule s = TrainingSchedule.compile(sgdr(OptimizerKind.SGD, 0.1, 3, 2, 1.5), 10, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(1L, 19L, 30L, 45L);
        assertThat(s.valueAt(1).lr(0)).isEqualTo(0.1);
        assertThat(s.valueAt(50).lr(0)).isEqualTo(0.1);
    }

    // phases_1cycle(3, 1e-2, 10, 10, 0.95, 0.85): 2.7 epochs of triangle in two halves of 1.35 epochs
    // (1055.7 -> 1056 batches, then 2111.4 -> 2111, i.e. 1055), then 0.3 epochs (235 batches).
    @ParameterizedTest(name = "1cycle iteration {0}: lr {1}, momentum {2}")
    @CsvSource({
        "0,    1e-3,    0.95",
        "528,  5.5e-3,  0.90",   // half-way up
        "1055, 0.0099914772727273, 0.8500946969696970", // last batch up: pos 1055/1056
        "1056, 1e-2,    0.85",   // peak
        "1267, 8.2e-3,  0.87",   // pos 211/1055 = 0.2 down
        "2111, 1e-3,    0.95",   // final annealing starts at lr/div, momentum back at max
        "2158, 8.02e-4, 0.95",   // pos 47/235 = 0.2: 1e-3 + (1e-5 - 1e-3)·0.2
        "2346, 1e-5,    0.95",   // end: lr/(100·div)
    })
    void oneCycleRisesLinearlyThenAnnealsToLrOver100Div(long iteration, double lr, double momentum) {
        TrainingSchedule s = TrainingSchedule.compile(oneCycle(1e-2, 3, 10, 10), CIFAR_BATCHES, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(1056L, 1055L, 235L);
        assertThat(s.valueAt(iteration).lr(0)).isCloseTo(lr, within(1e-12));
        assertThat(s.valueAt(iteration).momentum()).isCloseTo(momentum, within(1e-12));
    }

    @Test
    void stepwiseHoldsEachRateForItsEpochs() {
        TrainingSchedule s = TrainingSchedule.compile(new ScheduleSpec.Stepwise(new double[] {30, 30, 20},
                new double[] {0.1, 0.01, 0.001}, OptimizerKind.SGD, null, 0, GroupLearningRates.SAME).toPhases(), 10, 1);
        assertThat(s.totalIterations()).isEqualTo(800);
        assertThat(s.valueAt(299).lr(0)).isEqualTo(0.1);
        assertThat(s.valueAt(300).lr(0)).isEqualTo(0.01);
        assertThat(s.valueAt(600).lr(0)).isEqualTo(0.001);
        assertThat(s.valueAt(799).momentum()).isEqualTo(0.9);
    }

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
        var sgdr = new ScheduleSpec.Sgdr(0.1, 2, 1, 2, OptimizerKind.SGD, 0.9, 0, GroupLearningRates.of(10.0));
        TrainingSchedule s = TrainingSchedule.compile(sgdr.toPhases(), 20, 3);
        // warm-up: 1/20 of a 20-batch cycle = 1 batch at lr/100 for the head, /10 per group below it
        assertThat(s.valueAt(0).lr()).containsExactly(new double[] {1e-5, 1e-4, 1e-3}, within(1e-15));
        assertThat(s.valueAt(1).lr()).containsExactly(new double[] {1e-3, 1e-2, 1e-1}, within(1e-15));
        assertThat(s.valueAt(20).lr()).as("the restart").containsExactly(new double[] {1e-3, 1e-2, 1e-1},
                within(1e-15));

        var stepwise = new ScheduleSpec.Stepwise(new double[] {1, 1}, new double[] {0.1, 0.01}, OptimizerKind.SGD,
                null, 0, GroupLearningRates.of(null, 0.05, 0.1));
        TrainingSchedule t = TrainingSchedule.compile(stepwise.toPhases(), 4, 2);
        assertThat(t.valueAt(0).lr()).containsExactly(new double[] {0.05, 0.1}, within(1e-15));
        assertThat(t.valueAt(4).lr()).containsExactly(new double[] {0.005, 0.01}, within(1e-15));
    }

    @Test
    void oneLearningRateIsNoSpreadAndARatioAloneIsOne() {
        assertThat(GroupLearningRates.of(null, 0.1)).isEqualTo(GroupLearningRates.SAME);
        assertThat(GroupLearningRates.of(3.0, 0.1)).isEqualTo(new GroupLearningRates(3, new double[0]));
    }

    @Test
    void aRatioAndPerGroupRatesAreRefusedAsOneSettingWhereverTheyMeet() {
        // a spec's group rates, and a phase: the same rule, keyed by the same setting
        assertThatThrownBy(() -> GroupLearningRates.of(2.0, 1, 2)).isInstanceOf(SettingException.class)
                .hasMessage("group_ratio: give either one learning rate per layer group or a group ratio, not both");
        assertThatThrownBy(() -> TrainingPhase.epochs(1).lrs(1e-3, 1e-2).groupRatio(3))
                .isInstanceOf(SettingException.class).extracting(e -> ((SettingException) e).key())
                .isEqualTo("group_ratio");
        assertThatThrownBy(() -> TrainingPhase.epochs(1).lr(1e-2).groupRatio(0)).isInstanceOf(SettingException.class)
                .hasMessage("group_ratio: must be a positive number, got 0.0");
        TrainingPhase perGroup = TrainingPhase.epochs(1).lrs(1e-3, 1e-2);
        assertThatThrownBy(() -> PEAKS.applyTo(perGroup)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void everyNamedScheduleRefusesABadValueByItsSetting() {
        assertThat(refusal(() -> new ScheduleSpec.OneCycle(0, 5, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0,
                GroupLearningRates.SAME))).isEqualTo("lr: must be a positive number, got 0.0");
        assertThat(refusal(() -> new ScheduleSpec.OneCycle(0.1, 5, 10, 100, 0.95, 0.85, OptimizerKind.SGD, 0,
                GroupLearningRates.SAME))).isEqualTo("pct: must be a percentage in [0, 100), got 100.0");
        assertThat(refusal(() -> new ScheduleSpec.Sgdr(0.1, 3, 1, -2, OptimizerKind.SGD, null, 0,
                GroupLearningRates.SAME))).isEqualTo("cycle_mult: must be a positive number, got -2.0");
        assertThat(refusal(() -> ScheduleSpec.Stepwise.standard(0.1, -1, OptimizerKind.SGD, null, 0,
                GroupLearningRates.SAME))).isEqualTo("epochs: must be a positive number, got -1.0");
        assertThat(refusal(() -> new ScheduleSpec.Stepwise(new double[] {1, 1}, new double[] {0.1}, OptimizerKind.SGD,
                null, 0, GroupLearningRates.SAME))).startsWith("lr: must hold one learning rate per step");
    }

    @Test
    void theCycleCountHasOneRuleForTheSpecTheTotalLengthAndTheFile() {
        String rule = "cycles: must be a whole number from 1 to " + ScheduleSpec.Defaults.MAX_CYCLES + ", got 0";
        assertThat(refusal(() -> new ScheduleSpec.Sgdr(0.1, 0, 1, 2, OptimizerKind.SGD, null, 0,
                GroupLearningRates.SAME))).isEqualTo(rule);
        assertThat(refusal(() -> ScheduleSpec.Sgdr.cycleLenFor(5, 0, 2))).isEqualTo(rule);
        assertThatThrownBy(() -> PhasesFile.parse("{\"sgdr\": {\"lr\": 0.1, \"cycles\": 2.5}}", "t.json"))
                .hasMessage("t.json: sgdr.cycles: must be a whole number from 1 to "
                        + ScheduleSpec.Defaults.MAX_CYCLES + ", got 2.5");
        assertThat(ScheduleSpec.Sgdr.cycleLenFor(7, 3, 2)).isEqualTo(1);
    }

    @Test
    void aPhaseIsCheckedWhereItIsMadeWhenAskedAndAtCompileOtherwise() {
        TrainingPhase tooFast = TrainingPhase.iterations(5).lr(0.1).momentum(1.5);
        assertThatThrownBy(tooFast::checked).isInstanceOf(InvalidInputException.class)
                .hasMessage("momentum must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> TrainingSchedule.compile(List.of(tooFast), 10, 1))
                .hasMessageContaining("momentum must be in [0, 1)");
        TrainingPhase ok = TrainingPhase.iterations(5).lr(0.1).weightDecay(1e-4);
        assertThat(ok.checked()).isSameAs(ok);
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
        assertThatThrownBy(() -> PhasesFile.parse("{\"phases\": [{\"epochs\": 1, \"lr\": [0.1, 1], \"groupRatio\": 3}]}",
                "t.json")).hasMessage("t.json: phases[0].groupRatio: give either one learning rate per layer group or"
                        + " a group ratio, not both");
    }

    /** The message of the {@link SettingException} {@code make} throws. */
    private static String refusal(Runnable make) {
        try {
            make.run();
        } catch (SettingException e) {
            return e.getMessage();
        }
        throw new AssertionError("no SettingException");
    }
}
