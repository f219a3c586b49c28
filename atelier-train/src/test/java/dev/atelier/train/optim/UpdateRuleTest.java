package dev.atelier.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each rule against PyTorch's update formulas, stepped by hand (the arithmetic is in the comments).
 * Gradients are given explicitly per step so every number is reproducible on paper.
 */
class UpdateRuleTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static HyperParameters hp(OptimizerKind kind, double lr, double momentum, double wd) {
        return hp(kind, OptimizerOptions.DEFAULTS, lr, momentum, wd);
    }

    static HyperParameters hp(OptimizerKind kind, OptimizerOptions options, double lr, double momentum, double wd) {
        return new HyperParameters(kind, options, new double[] {lr}, momentum, wd, 0, 0, 0);
    }

    private void step(OptimizerKind kind, NDArray w, float[] grad, ParameterState state, HyperParameters hp) {
        try (NDArray g = manager.create(grad)) {
            UpdateRule.of(kind).update(w, g, state, hp, 0);
        }
    }

    private static void assertValues(NDArray w, double... expected) {
        float[] got = w.toFloatArray();
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            assertThat((double) got[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void sgdMomentumMatchesPyTorchForThreeSteps() {
        NDArray w = manager.create(new float[] {1f, -2f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.SGD, 0.1, 0.9, 0);
            float[] g = {0.5f, 1f};
            step(OptimizerKind.SGD, w, g, s, h); // buf = g; w -= 0.1·buf
            assertValues(w, 0.95, -2.1);
            step(OptimizerKind.SGD, w, g, s, h); // buf = 0.9·g + g = (0.95, 1.9)
            assertValues(w, 0.855, -2.29);
            step(OptimizerKind.SGD, w, g, s, h); // buf = 0.9·(0.95, 1.9) + g = (1.355, 2.71)
            assertValues(w, 0.7195, -2.561);
            assertValues(s.get(ParameterState.MOMENTUM), 1.355, 2.71);
            assertThat(s.age(ParameterState.MOMENTUM)).isEqualTo(3);
            assertThat(s.steps()).isEqualTo(3);
        }
    }

    @Test
    void sgdNesterovWithCoupledWeightDecay() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.SGD, OptimizerOptions.DEFAULTS.withNesterov(true), 0.1, 0.9, 0.1);
            // g' = 0.5 + 0.1·1 = 0.6; buf = 0.6; step = 0.6 + 0.9·0.6 = 1.14; w = 1 - 0.114
            step(OptimizerKind.SGD, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.886);
            // g' = 0.5 + 0.0886 = 0.5886; buf = 0.54 + 0.5886 = 1.1286; step = 0.5886 + 1.01574 = 1.60434
            step(OptimizerKind.SGD, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.725566);
        }
    }

    @Test
    void sgdFollowsAScheduleThatChangesEveryStep() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            // step 1: lr 0.1, μ 0.9: buf = 1, w = 0.9; step 2: lr 0.2, μ 0.5: buf = 0.5 + 1 = 1.5, w = 0.9 - 0.3
            step(OptimizerKind.SGD, w, new float[] {1f}, s, hp(OptimizerKind.SGD, 0.1, 0.9, 0));
            step(OptimizerKind.SGD, w, new float[] {1f}, s, hp(OptimizerKind.SGD, 0.2, 0.5, 0));
            assertValues(w, 0.6);
        }
    }

    @Test
    void eachGroupTrainsWithItsOwnLearningRate() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager); NDArray g = manager.create(new float[] {1f})) {
            HyperParameters h = new HyperParameters(OptimizerKind.SGD, OptimizerOptions.DEFAULTS,
                    new double[] {0.01, 0.5}, 0, 0, 0, 0, 0);
            UpdateRule.of(OptimizerKind.SGD).update(w, g, s, h, 1);
            assertValues(w, 0.5);
        }
    }

    @Test
    void adamIsBiasCorrected() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.ADAM, 0.1, 0.9, 0);
            // m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25: w -= 0.1·0.5/(0.5 + 1e-8)
            step(OptimizerKind.ADAM, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.900000002);
            // m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975;
            // m̂ = -0.055/0.19 = -0.289474, v̂ = 0.00124975/0.001999 = 0.625188, √v̂ = 0.790688;
            // w -= 0.1·(-0.289474)/0.790688 = -0.036610
            step(OptimizerKind.ADAM, w, new float[] {-1f}, s, h);
            assertValues(w, 0.936610354);
            assertValues(s.get(ParameterState.FIRST_MOMENT), -0.055);
            assertValues(s.get(ParameterState.SECOND_MOMENT), 0.00124975);
        }
    }

    @Test
    void adamCouplesWeightDecayIntoTheGradient() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.ADAM, 0.1, 0.9, 0.1);
            // g' = 0.6: m̂ = 0.6, √v̂ = 0.6: w -= 0.1·0.6/(0.6 + 1e-8)
            step(OptimizerKind.ADAM, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.9000000017);
            // g' = -1 + 0.09 = -0.91: m = 0.054 - 0.091 = -0.037, v = 0.00035964 + 0.0008281 = 0.00118774;
            // m̂ = -0.194737, √v̂ = √0.594167 = 0.770822; w -= 0.1·(-0.194737)/0.770822 = -0.025264
            step(OptimizerKind.ADAM, w, new float[] {-1f}, s, h);
            assertValues(w, 0.925263519);
        }
    }

    @Test
    void adamWDecouplesWeightDecay() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.ADAMW, 0.1, 0.9, 0.1);
            // w = 1·(1 - 0.01) = 0.99, then the plain Adam step of 0.1 on g = 0.5
            step(OptimizerKind.ADAMW, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.890000002);
            // w = 0.890000002·0.99 = 0.881100002, then the plain Adam step 2 (+0.036610)
            step(OptimizerKind.ADAMW, w, new float[] {-1f}, s, h);
            assertValues(w, 0.917710354);
        }
    }

    @Test
    void rmsPropWithoutMomentum() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.RMSPROP, 0.01, 0, 0);
            // v = 0.01·0.25 = 0.0025, √v = 0.05: w -= 0.01·0.5/0.05 = 0.1
            step(OptimizerKind.RMSPROP, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.90000002);
            // v = 0.002475 + 0.01 = 0.012475, √v = 0.111692: w -= 0.01·(-1)/0.111692 = -0.089532
            step(OptimizerKind.RMSPROP, w, new float[] {-1f}, s, h);
            assertValues(w, 0.989532308);
            assertThat(s.has(ParameterState.RMS_MOMENTUM)).isFalse();
        }
    }

    @Test
    void rmsPropWithMomentumAccumulatesNormalisedSteps() {
        NDArray w = manager.create(new float[] {1f});
        try (ParameterState s = new ParameterState(manager)) {
            HyperParameters h = hp(OptimizerKind.RMSPROP, 0.01, 0.9, 0);
            // buf = 0.5/0.05 = 10: w -= 0.1
            step(OptimizerKind.RMSPROP, w, new float[] {0.5f}, s, h);
            assertValues(w, 0.90000002);
            // buf = 9 - 1/0.111692 = 9 - 8.953231 = 0.046769: w -= 0.00046769
            step(OptimizerKind.RMSPROP, w, new float[] {-1f}, s, h);
            assertValues(w, 0.899532326);
        }
    }

    @Test
    void updatesARealParameterAfterBackwardWithoutRecordingAGraph() {
        // loss = Σ w², dloss/dw = 2w: one SGD step at lr 0.25 halves w.
        NDArray w = manager.create(new float[] {1f, -3f});
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.square().sum());
        }
        try (ParameterState s = new ParameterState(manager)) {
            UpdateRule.of(OptimizerKind.SGD).update(w, w.getGradient(), s, hp(OptimizerKind.SGD, 0.25, 0, 0), 0);
        }
        assertValues(w, 0.5, -1.5);
    }
}
