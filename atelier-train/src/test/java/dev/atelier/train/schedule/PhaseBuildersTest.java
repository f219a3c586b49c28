package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.train.optim.OptimizerKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The lesson's pictures on CIFAR-10 (782 batches of 64 per epoch), value by value. */
class PhaseBuildersTest {
    private static final long CIFAR_BATCHES = 782;

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
        TrainingSchedule s = TrainingSchedule.compile(PhaseBuilders.sgdr(OptimizerKind.ADAM, 1e-2, 2, 1, 2), CIFAR_BATCHES, 1);
        assertThat(s.valueAt(iteration).lr(0)).isCloseTo(lr, within(1e-12));
        assertThat(s.valueAt(iteration).optimizer()).isEqualTo(OptimizerKind.ADAM);
    }

    @Test
    void sgdrLayout() {
        TrainingSchedule s = TrainingSchedule.compile(PhaseBuilders.sgdr(1e-2, 2, 1, 2), CIFAR_BATCHES, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(39L, 743L, 1564L);
    }

    @Test
    void sgdrAcceptsANonIntegerCycleMult() {
        // cycles of 2, 3 and 4.5 epochs, plus the warm-up inside the first: 9.5 epochs of 10 batches.
        List<TrainingPhase> phases = PhaseBuilders.sgdr(0.1, 3, 2, 1.5);
        TrainingSchedule s = TrainingSchedule.compile(phases, 10, 1);
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
        TrainingSchedule s = TrainingSchedule.compile(PhaseBuilders.oneCycle(1e-2, 3, 10, 10, 0.95, 0.85), CIFAR_BATCHES, 1);
        assertThat(s.phases()).extracting(CompiledPhase::iterations).containsExactly(1056L, 1055L, 235L);
        assertThat(s.valueAt(iteration).lr(0)).isCloseTo(lr, within(1e-12));
        assertThat(s.valueAt(iteration).momentum()).isCloseTo(momentum, within(1e-12));
    }

    @Test
    void stepwiseHoldsEachRateForItsEpochs() {
        TrainingSchedule s = TrainingSchedule.compile(
                PhaseBuilders.stepwise(new double[] {30, 30, 20}, new double[] {0.1, 0.01, 0.001}), 10, 1);
        assertThat(s.totalIterations()).isEqualTo(800);
        assertThat(s.valueAt(299).lr(0)).isEqualTo(0.1);
        assertThat(s.valueAt(300).lr(0)).isEqualTo(0.01);
        assertThat(s.valueAt(600).lr(0)).isEqualTo(0.001);
        assertThat(s.valueAt(799).momentum()).isEqualTo(0.9);
    }
}
