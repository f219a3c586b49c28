package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTrackerTest {
    private static final TrainingSchedule SCHEDULE = TrainingSchedule.compile(List.of(
            TrainingPhase.iterations(2).lr(0.1).momentum(0.95, 0.85, DecayType.LINEAR),
            TrainingPhase.iterations(2).lr(0.4, 0.2, DecayType.LINEAR)), 1, 1);

    @Test
    void djlUpdateNumbersCountFromOne() {
        Tracker lr = ScheduleTracker.learningRate(SCHEDULE);
        assertThat(lr.getNewValue(1)).isEqualTo(0.1f);
        assertThat(lr.getNewValue(3)).isEqualTo(0.4f);
        assertThat(lr.getNewValue(4)).isEqualTo(0.3f);
        assertThat(lr.getNewValue(100)).as("past the end: the final value").isEqualTo(0.2f);
        assertThat(ScheduleTracker.momentum(SCHEDULE).getNewValue("w", 2)).isCloseTo(0.9f, within(1e-6f));
    }

    @Test
    void drivesAPlainDjlTrainer() {
        // y = w·x with x = 1, label 0 and DJL's L2 loss ½(y - 0)²: the gradient is w, so each plain SGD step
        // multiplies w by (1 - lr). The schedule's rates 0.1, 0.1, 0.4, 0.3 must give w = 0.9·0.9·0.6·0.7.
        List<Float> seen = new ArrayList<>();
        Tracker scheduled = ScheduleTracker.learningRate(SCHEDULE);
        Tracker recording = numUpdate -> {
            float v = scheduled.getNewValue(numUpdate);
            seen.add(v);
            return v;
        };
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(recording).build())
                .optInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
        try (Model model = Model.newInstance("tracker-test")) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1));
                NDManager m = trainer.getManager();
                NDArray x = m.create(new float[][] {{1f}});
                NDArray y = m.create(new float[][] {{0f}});
                List<Float> weights = new ArrayList<>();
                for (int step = 0; step < 4; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(pred)));
                    }
                    trainer.step();
                    weights.add(model.getBlock().getParameters().get("weight").getArray().getFloat());
                }
                assertThat(seen).containsExactly(0.1f, 0.1f, 0.4f, 0.3f);
                assertThat(weights.get(0)).isCloseTo(0.9f, within(1e-6f));
                assertThat(weights.get(1)).isCloseTo(0.81f, within(1e-6f));
                assertThat(weights.get(2)).isCloseTo(0.486f, within(1e-6f));
                assertThat(weights.get(3)).isCloseTo(0.3402f, within(1e-6f));
            }
        }
    }
}
