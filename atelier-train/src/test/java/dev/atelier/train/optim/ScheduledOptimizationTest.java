package dev.atelier.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.train.schedule.DecayType;
import dev.atelier.train.schedule.GroupLearningRates;
import dev.atelier.train.schedule.ScheduleSpec;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schedules and update rules together on f(w) = ½‖w − c‖², whose minimum c is known: a scheduled run,
 * switching optimizers between phases the way the learner does, must end at c.
 */
class ScheduledOptimizationTest {
    private static final float[] OPTIMUM = {3f, -1f, 0.5f};

    private static float[] minimise(TrainingSchedule schedule, List<String> log) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.zeros(new ai.djl.ndarray.types.Shape(3));
            NDArray c = m.create(OPTIMUM);
            try (ParameterState state = new ParameterState(m)) {
                HyperParameters previous = null;
                for (long i = 0; i < schedule.totalIterations(); i++) {
                    HyperParameters hp = schedule.valueAt(i);
                    if (previous != null && previous.phaseIndex() != hp.phaseIndex()) {
                        OptimizerSwitchPolicy policy = schedule.phases().get(hp.phaseIndex()).phase().switchPolicy();
                        log.add(policy.describe(previous, hp));
                        policy.apply(state, previous, hp);
                    }
                    try (NDArray grad = w.sub(c)) {
                        UpdateRule.of(hp.optimizer()).update(w, grad, state, hp, 0);
                    }
                    previous = hp;
                }
            }
            return w.toFloatArray();
        }
    }

    @Test
    void oneCycleSgdReachesTheMinimum() {
        TrainingSchedule s = TrainingSchedule.compile(new ScheduleSpec.OneCycle(0.5, 4, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 0, GroupLearningRates.SAME).toPhases(), 50, 1);
        float[] w = minimise(s, new ArrayList<>());
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i]).isCloseTo(OPTIMUM[i], within(1e-3f));
        }
    }

    @ParameterizedTest
    @EnumSource(OptimizerSwitchPolicy.class)
    void sgdThenAdamThenRmsPropReachesTheMinimumUnderEveryPolicy(OptimizerSwitchPolicy policy) {
        TrainingSchedule s = TrainingSchedule.compile(List.of(
                TrainingPhase.iterations(100).lr(0.1).momentum(0.9),
                TrainingPhase.iterations(300).optimizer(OptimizerKind.ADAM).lr(0.05, 1e-3, DecayType.COSINE)
                        .switchPolicy(policy),
                TrainingPhase.iterations(300).optimizer(OptimizerKind.RMSPROP).lr(1e-3, 1e-5, DecayType.EXPONENTIAL)
                        .switchPolicy(policy)), 1, 1);
        List<String> log = new ArrayList<>();
        float[] w = minimise(s, log);
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i]).isCloseTo(OPTIMUM[i], within(1e-3f));
        }
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("optimizer sgd -> adam at iteration 100 (" + policy.label() + ")");
        assertThat(log.get(1)).startsWith("optimizer adam -> rmsprop at iteration 400 (" + policy.label() + ")");
    }
}
