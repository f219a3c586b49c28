package dev.atelier.train.swa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.learner.EpochResult;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.TrainingPhase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StochasticWeightAveragingTest {
    @TempDir Path tmp;

    static ImageSet halves(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 64; p++) {
                boolean lit = (p % 8 < 4) == (labels[i] == 0);
                px[i * 64 + p] = (byte) ((lit ? 150 : 40) + rng.nextInt(60));
            }
        }
        return new ImageSet(px, labels, 1, 8, 8, List.of("left", "right"));
    }

    private static Block model(NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block b = Architecture.SIMPLE.build(2, 4, false);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        return b;
    }

    private static final List<TrainingPhase> PHASES =
            List.of(TrainingPhase.epochs(3).optimizer(OptimizerKind.SGD).lr(0.05).momentum(0.9));

    /** Copies of the learned (non-statistic) parameters at every epoch end. */
    private static final class EpochSnapshots implements LearnerCallback {
        final List<Map<String, float[]>> snapshots = new ArrayList<>();

        @Override
        public void onEpochEnd(Learner learner, EpochResult epoch) {
            Map<String, float[]> s = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : learner.block().getParameters()) {
                if (SwaAverager.isAveraged(p.getValue())) {
                    s.put(p.getKey(), p.getValue().getArray().toFloatArray());
                }
            }
            snapshots.add(s);
        }
    }

    private static Map<String, float[]> learned(Block b) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (SwaAverager.isAveraged(p.getValue())) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    @Test
    void swaStartTwoOfThreeEpochsAveragesTheWeightsAtTheEndsOfEpochsTwoAndThree() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 1);
            BatchLoader t = BatchLoader.builder().setImages(halves(24, 1)).setBatchSize(8).optSeed(2).build();
            EpochSnapshots snaps = new EpochSnapshots();
            try (var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(2)).build();
                    Learner l = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m)
                            .addCallback(snaps).addCallback(swa).build()) {
                l.fit(PHASES, FitOptions.QUIET);
                assertThat(snaps.snapshots).hasSize(3);
                assertThat(swa.modelsAveraged()).isEqualTo(2);
                assertThat(swa.startIteration()).isEqualTo(3);
                assertThat(swa.applyTo(l, t)).as("SIMPLE has batch norms").isPositive();
                Map<String, float[]> averaged = learned(b);
                averaged.forEach((name, values) -> {
                    float[] e2 = snaps.snapshots.get(1).get(name);
                    float[] e3 = snaps.snapshots.get(2).get(name);
                    for (int i = 0; i < values.length; i++) {
                        assertThat((double) values[i]).as(name).isCloseTo((e2[i] + e3[i]) / 2.0, within(1e-6));
                    }
                });
            }
        }
    }

    @Test
    void resumedSwaEqualsUninterruptedSwa() throws Exception {
        ImageSet data = halves(24, 3);
        Map<String, float[]> uninterrupted;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 4);
            BatchLoader t = BatchLoader.builder().setImages(data).setBatchSize(8).optSeed(5).build();
            try (var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(1))
                    .optFrequency(SwaFrequency.everyIterations(2)).build();
                    Learner l = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m)
                            .addCallback(swa).build()) {
                l.fit(PHASES, FitOptions.QUIET);
                assertThat(swa.modelsAveraged()).isEqualTo(4); // after batches 2, 4, 6, 8 of 9
                swa.applyTo(l, t);
            }
            uninterrupted = learned(b);
        }
        Path dir = tmp.resolve("ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 4);
            BatchLoader t = BatchLoader.builder().setImages(data).setBatchSize(8).optSeed(5).build();
            LearnerCallback stopAfterTwo = new LearnerCallback() {
                @Override
                public void onEpochEnd(Learner learner, EpochResult epoch) {
                    if (epoch.epoch() == 2) {
                        learner.requestStop();
                    }
                }
            };
            try (var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(1))
                    .optFrequency(SwaFrequency.everyIterations(2)).optStateDir(dir).build();
                    Learner l = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m)
                            .optCheckpointDir(dir).addCallback(swa).addCallback(stopAfterTwo).build()) {
                l.fit(PHASES, new FitOptions(false, true, false));
                assertThat(swa.modelsAveraged()).isEqualTo(3);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 99);
            BatchLoader t = BatchLoader.builder().setImages(data).setBatchSize(8).optSeed(5).build();
            try (var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(1))
                    .optFrequency(SwaFrequency.everyIterations(2)).build();
                    Learner l = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m)
                            .addCallback(swa).build()) {
                l.resume(dir.resolve("last.ckpt"));
                swa.resume(dir.resolve(StochasticWeightAveraging.STATE_FILE), l);
                l.fit(PHASES, FitOptions.QUIET);
                assertThat(swa.modelsAveraged()).isEqualTo(4);
                swa.applyTo(l, t);
            }
            Map<String, float[]> resumed = learned(b);
            resumed.forEach((name, values) -> assertThat(values).as(name).containsExactly(uninterrupted.get(name)));
        }
    }

    @Test
    void swaStateFromAnotherIterationIsRejected() throws Exception {
        Path dir = tmp.resolve("ckpt2");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = model(m, 6);
            BatchLoader t = BatchLoader.builder().setImages(halves(16, 7)).setBatchSize(8).optSeed(5).build();
            try (var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(1)).optStateDir(dir).build();
                    Learner l = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m)
                            .optCheckpointDir(dir).addCallback(swa).build()) {
                l.fit(PHASES, new FitOptions(false, true, false));
                l.resume(dir.resolve("epoch-001.ckpt"));
                assertThatThrownBy(() -> swa.resume(dir.resolve(StochasticWeightAveraging.STATE_FILE), l))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("written at iteration 6 but the learner resumed at iteration 2");
            }
        }
    }
}
