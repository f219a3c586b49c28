package dev.atelier.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OptimizerSwitchPolicyTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static HyperParameters hp(OptimizerKind kind, double momentum) {
        return UpdateRuleTest.hp(kind, 0.1, momentum, 0);
    }

    /** A state after two steps of {@code kind} on the constant gradient (0.5, 1). */
    private ParameterState trained(OptimizerKind kind, double momentum) {
        ParameterState s = new ParameterState(manager);
        NDArray w = manager.create(new float[] {1f, 1f});
        NDArray g = manager.create(new float[] {0.5f, 1f});
        for (int i = 0; i < 2; i++) {
            UpdateRule.of(kind).update(w, g, s, hp(kind, momentum), 0);
        }
        return s;
    }

    private static void assertValues(NDArray a, double... expected) {
        float[] got = a.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertThat((double) got[i]).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void resetDropsEverything() {
        try (ParameterState s = trained(OptimizerKind.ADAM, 0.9)) {
            OptimizerSwitchPolicy.RESET.apply(s, hp(OptimizerKind.ADAM, 0.9), hp(OptimizerKind.ADAMW, 0.9));
            assertThat(s.names()).isEmpty();
            assertThat(s.steps()).isEqualTo(2);
        }
    }

    @Test
    void keepCompatibleKeepsBothAdamMomentsForAdamW() {
        try (ParameterState s = trained(OptimizerKind.ADAM, 0.9)) {
            OptimizerSwitchPolicy.KEEP_COMPATIBLE.apply(s, hp(OptimizerKind.ADAM, 0.9), hp(OptimizerKind.ADAMW, 0.9));
            assertThat(s.names()).containsExactlyInAnyOrder(ParameterState.FIRST_MOMENT, ParameterState.SECOND_MOMENT);
            assertThat(s.age(ParameterState.FIRST_MOMENT)).isEqualTo(2);
        }
    }

    @Test
    void keepCompatibleKeepsOnlyTheSquaredGradientAverageForRmsProp() {
        try (ParameterState s = trained(OptimizerKind.ADAM, 0.9)) {
            OptimizerSwitchPolicy.KEEP_COMPATIBLE.apply(s, hp(OptimizerKind.ADAM, 0.9), hp(OptimizerKind.RMSPROP, 0));
            assertThat(s.names()).containsExactly(ParameterState.SECOND_MOMENT);
        }
    }

    @Test
    void keepCompatibleDropsSgdMomentumWhenSwitchingToAdam() {
        try (ParameterState s = trained(OptimizerKind.SGD, 0.9)) {
            OptimizerSwitchPolicy.KEEP_COMPATIBLE.apply(s, hp(OptimizerKind.SGD, 0.9), hp(OptimizerKind.ADAM, 0.9));
            assertThat(s.names()).isEmpty();
        }
    }

    @Test
    void momentumToBeta1TurnsTheSgdSumIntoTheAdamAverageOfTheSameGradients() {
        // Two steps of g: SGD's buffer is g·(1 + 0.9) = 1.9·g; Adam's first moment would be
        // 0.1·g·0.9 + 0.1·g = 0.19·g. With μ = β1 the converted buffer must be exactly that, aged 2.
        try (ParameterState s = trained(OptimizerKind.SGD, 0.9)) {
            OptimizerSwitchPolicy.MOMENTUM_TO_BETA1.apply(s, hp(OptimizerKind.SGD, 0.9), hp(OptimizerKind.ADAM, 0.9));
            assertThat(s.names()).containsExactly(ParameterState.FIRST_MOMENT);
            assertValues(s.get(ParameterState.FIRST_MOMENT), 0.095, 0.19);
            assertThat(s.age(ParameterState.FIRST_MOMENT)).isEqualTo(2);
            try (ParameterState adam = trained(OptimizerKind.ADAM, 0.9)) {
                assertValues(adam.get(ParameterState.FIRST_MOMENT), 0.095, 0.19);
            }
        }
    }

    @Test
    void momentumToBeta1TurnsTheAdamAverageBackIntoAnSgdSum() {
        // Adam after two steps: m = 0.19·g, unbiased m̂ = 0.19·g/(1 - 0.81) = g; SGD's steady-state sum is g/(1-μ).
        try (ParameterState s = trained(OptimizerKind.ADAM, 0.9)) {
            OptimizerSwitchPolicy.MOMENTUM_TO_BETA1.apply(s, hp(OptimizerKind.ADAM, 0.9), hp(OptimizerKind.SGD, 0.8));
            assertThat(s.names()).containsExactly(ParameterState.MOMENTUM);
            assertValues(s.get(ParameterState.MOMENTUM), 2.5, 5.0);
        }
    }

    @Test
    void theSameOptimizerKeepsItsState() {
        try (ParameterState s = trained(OptimizerKind.SGD, 0.9)) {
            OptimizerSwitchPolicy.RESET.apply(s, hp(OptimizerKind.SGD, 0.9), hp(OptimizerKind.SGD, 0.5));
            assertThat(s.names()).containsExactly(ParameterState.MOMENTUM);
        }
    }

    @Test
    void theLogLineSaysWhatHappenedToTheState() {
        HyperParameters sgd = hp(OptimizerKind.SGD, 0.9);
        HyperParameters adam = new HyperParameters(OptimizerKind.ADAM, OptimizerOptions.DEFAULTS, new double[] {1e-3},
                0.9, 0, 1, 0, 1000);
        assertThat(OptimizerSwitchPolicy.KEEP_COMPATIBLE.describe(sgd, adam)).isEqualTo(
                "optimizer sgd -> adam at iteration 1000 (keep-compatible): kept nothing; dropped momentum_buffer;"
                        + " fresh exp_avg, exp_avg_sq");
        assertThat(OptimizerSwitchPolicy.MOMENTUM_TO_BETA1.describe(sgd, adam)).isEqualTo(
                "optimizer sgd -> adam at iteration 1000 (momentum-to-beta1): kept nothing;"
                        + " converted momentum_buffer -> exp_avg (x(1-momentum)); dropped momentum_buffer; fresh exp_avg_sq");
        HyperParameters rms = UpdateRuleTest.hp(OptimizerKind.RMSPROP, 0.1, 0, 0);
        assertThat(OptimizerSwitchPolicy.KEEP_COMPATIBLE.describe(adam, rms)).contains("kept exp_avg_sq")
                .contains("dropped exp_avg;");
        assertThat(OptimizerSwitchPolicy.RESET.describe(adam, rms)).contains("kept nothing")
                .contains("dropped exp_avg, exp_avg_sq");
    }

    @Test
    void policiesParseFromTheirLabels() {
        for (OptimizerSwitchPolicy p : OptimizerSwitchPolicy.values()) {
            assertThat(OptimizerSwitchPolicy.parse(p.label())).isEqualTo(p);
        }
        assertThat(OptimizerSwitchPolicy.parse("KEEP_COMPATIBLE")).isEqualTo(OptimizerSwitchPolicy.KEEP_COMPATIBLE);
    }
}
