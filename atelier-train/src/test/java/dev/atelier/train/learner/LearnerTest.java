package dev.atelier.train.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.optim.OptimizerSwitchPolicy;
import dev.atelier.train.schedule.DecayType;
import dev.atelier.train.schedule.TrainingPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerTest {
    @TempDir
    Path tmp;

    /** Tiny tensors: one thread avoids OpenMP synchronisation costing more than the arithmetic. */
    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    private static Block tinyModel(NDManager m, int size, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block b = Architecture.SIMPLE.build(2, 4, false);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
        return b;
    }

    private static List<float[]> weights(Block b) {
        List<float[]> out = new ArrayList<>();
        b.getParameters().forEach(p -> out.add(p.getValue().getArray().toFloatArray()));
        return out;
    }

    @Test
    void twoSgdStepsMatchHandComputedSoftmaxGradients() {
        // Two 1×2 images, one batch of both: logits = W·x + b; dL/dlogit = (softmax - onehot)/N.
        ImageSet s = new ImageSet(new byte[] {(byte) 255, 0, 0, (byte) 255}, new int[] {1, 0}, 1, 1, 2,
                List.of("a", "b"));
        BatchLoader loader = BatchLoader.builder().setImages(s).setBatchSize(2).optShuffle(false)
                .optNormalization(Normalization.unit(1)).build();
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(2).build());
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 2));
            double[][] w = {{0.3, -0.2}, {0.1, 0.4}};
            double[] bias = {0.05, -0.05};
            block.getParameters().get(0).getValue().getArray().set(new float[] {0.3f, -0.2f, 0.1f, 0.4f});
            block.getParameters().get(1).getValue().getArray().set(new float[] {0.05f, -0.05f});
            try (Learner learner = Learner.builder().setModel(block).setData(LearnerData.of(loader, loader))
                    .optManager(m).build()) {
                learner.fit(List.of(TrainingPhase.iterations(2).lr(0.5).momentum(0)), FitOptions.QUIET);
            }
            double[][] x = {{1, 0}, {0, 1}};
            int[] y = {1, 0};
            for (int step = 0; step < 2; step++) {
                double[][] gw = new double[2][2];
                double[] gb = new double[2];
                for (int i = 0; i < 2; i++) {
                    double[] z = new double[2];
                    for (int k = 0; k < 2; k++) {
                        z[k] = w[k][0] * x[i][0] + w[k][1] * x[i][1] + bias[k];
                    }
                    double max = Math.max(z[0], z[1]);
                    double e0 = Math.exp(z[0] - max);
                    double e1 = Math.exp(z[1] - max);
                    double[] p = {e0 / (e0 + e1), e1 / (e0 + e1)};
                    for (int k = 0; k < 2; k++) {
                        double d = (p[k] - (y[i] == k ? 1 : 0)) / 2;
                        gb[k] += d;
                        gw[k][0] += d * x[i][0];
                        gw[k][1] += d * x[i][1];
                    }
                }
                for (int k = 0; k < 2; k++) {
                    bias[k] -= 0.5 * gb[k];
                    w[k][0] -= 0.5 * gw[k][0];
                    w[k][1] -= 0.5 * gw[k][1];
                }
            }
            float[] gotW = block.getParameters().get(0).getValue().getArray().toFloatArray();
            float[] gotB = block.getParameters().get(1).getValue().getArray().toFloatArray();
            assertThat((double) gotW[0]).isCloseTo(w[0][0], within(1e-6));
            assertThat((double) gotW[1]).isCloseTo(w[0][1], within(1e-6));
            assertThat((double) gotW[2]).isCloseTo(w[1][0], within(1e-6));
            assertThat((double) gotW[3]).isCloseTo(w[1][1], within(1e-6));
            assertThat((double) gotB[0]).isCloseTo(bias[0], within(1e-6));
            assertThat((double) gotB[1]).isCloseTo(bias[1], within(1e-6));
        }
    }

    @Test
    void aShortOneCycleFitLowersTheLossAndRecordsEveryIteration() {
        ImageSet train = TinyData.halves(64, 8, 1);
        ImageSet valid = TinyData.halves(32, 8, 2);
        BatchLoader t = TinyData.train(train, 16, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 3);
            List<String> log = new ArrayList<>();
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, TinyData.valid(valid, t)))
                    .optLayerGroups(Architecture.layerGroups(b)).optManager(m).optLog(log::add).build()) {
                Evaluation before = learner.evaluate(TinyData.valid(valid, t));
                FitResult r = learner.fit(List.of(
                        TrainingPhase.epochs(1).lr(0.005, 0.05, DecayType.LINEAR).momentum(0.95, 0.85, DecayType.LINEAR),
                        TrainingPhase.epochs(2).lr(0.05, 0.0005, DecayType.COSINE).momentum(0.85, 0.95, DecayType.LINEAR)
                                .weightDecay(1e-4)), new FitOptions(true, false, false));
                assertThat(r.iterations()).isEqualTo(12);
                assertThat(r.epochs()).hasSize(3);
                assertThat(r.last().loss()).isLessThan(before.loss() * 0.5);
                assertThat(r.last().accuracy()).isGreaterThanOrEqualTo(0.9);
                assertThat(learner.recorder().iterations()).hasSize(12);
                assertThat(learner.recorder().lrs(2)[0]).isCloseTo(0.005, within(1e-12));
                assertThat(learner.recorder().lrs(2)[4]).isCloseTo(0.05, within(1e-12));
                assertThat(learner.recorder().momentums()[4]).isCloseTo(0.85, within(1e-12));
                assertThat(log).anyMatch(l -> l.startsWith("phase 2/2"));
            }
        }
    }

    @Test
    void eachPhaseTrainsOnItsOwnDatasetWithThatDatasetsEpochLength() {
        ImageSet large = TinyData.halves(48, 8, 1);
        ImageSet small = large.resized(4, 4);
        BatchLoader tSmall = TinyData.train(small, 16, 5);
        BatchLoader tLarge = TinyData.train(large, 10, 5);
        LearnerData data = LearnerData.byKey(Map.of("small", tSmall, "large", tLarge),
                Map.of("small", TinyData.valid(small, tSmall), "large", TinyData.valid(large, tLarge)));
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 3);
            try (Learner learner = Learner.builder().setModel(b).setData(data).optManager(m).build()) {
                FitResult r = learner.fit(List.of(TrainingPhase.epochs(1).lr(0.01).data("small"),
                        TrainingPhase.epochs(1.5).lr(0.01).data("large")), new FitOptions(true, false, false));
                // small: 48/16 = 3 batches; large: ceil(48/10) = 5 batches per epoch, 1.5 epochs = 8 (7.5 rounded up).
                assertThat(r.iterations()).isEqualTo(3 + 8);
                assertThat(r.epochs()).extracting(EpochResult::data).containsExactly("small", "large", "large");
                assertThat(r.epochs()).extracting(EpochResult::images).containsExactly(48L, 48L, 10L * 3);
                assertThat(r.epochs().get(0).valid().images()).isEqualTo(48);
                assertThat(learner.position().cursor("large")).isEqualTo(new DataCursor(1, 3));
            }
        }
    }

    @Test
    void interruptedAndResumedTrainingEqualsUninterruptedBitForBit() throws Exception {
        ImageSet train = TinyData.halves(40, 8, 1);
        ImageSet valid = TinyData.halves(16, 8, 2);
        List<TrainingPhase> phases = List.of(
                TrainingPhase.epochs(1.5).lr(0.01, 0.05, DecayType.LINEAR).momentum(0.95, 0.85, DecayType.LINEAR)
                        .weightDecay(1e-3),
                TrainingPhase.epochs(1.5).optimizer(OptimizerKind.ADAM).lr(1e-3, DecayType.COSINE)
                        .switchPolicy(OptimizerSwitchPolicy.MOMENTUM_TO_BETA1));
        List<float[]> uninterrupted;
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, TinyData.valid(valid, t)))
                    .optLayerGroups(Architecture.layerGroups(b)).optManager(m).build()) {
                learner.fit(phases, new FitOptions(true, false, false));
            }
            uninterrupted = weights(b);
        }
        Path dir = tmp.resolve("ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 11);
            LearnerCallback stopAfterTwoEpochs = new LearnerCallback() {
                @Override
                public void onEpochEnd(Learner learner, EpochResult epoch) {
                    if (epoch.epoch() == 2) {
                        learner.requestStop();
                    }
                }
            };
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, TinyData.valid(valid, t)))
                    .optLayerGroups(Architecture.layerGroups(b)).optManager(m).optCheckpointDir(dir)
                    .addCallback(stopAfterTwoEpochs).build()) {
                FitResult r = learner.fit(phases, new FitOptions(true, true, false));
                assertThat(r.stopped()).isTrue();
                assertThat(r.iterations()).as("2 epochs of 5 batches: stopped inside the Adam phase").isEqualTo(10);
            }
        }
        assertThat(dir.resolve("epoch-002.ckpt")).exists();
        assertThat(dir.resolve("last.ckpt")).exists();
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 99);
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, TinyData.valid(valid, t)))
                    .optLayerGroups(Architecture.layerGroups(b)).optManager(m).build()) {
                learner.resume(dir.resolve("epoch-002.ckpt"));
                assertThat(learner.position().iteration()).isEqualTo(10);
                assertThat(learner.recorder().iterations()).hasSize(10);
                FitResult r = learner.fit(phases, new FitOptions(true, false, false));
                assertThat(r.iterations()).isEqualTo(5);
                assertThat(learner.recorder().iterations()).hasSize(15);
            }
            List<float[]> resumed = weights(b);
            for (int i = 0; i < resumed.size(); i++) {
                assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(uninterrupted.get(i));
            }
        }
    }

    @Test
    void resumingWithAnotherSeedFailsWithOneClearLine() throws Exception {
        ImageSet train = TinyData.halves(16, 8, 1);
        Path ckpt = tmp.resolve("one.ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m).build()) {
                learner.fit(List.of(TrainingPhase.iterations(1).lr(0.01)), FitOptions.QUIET);
                learner.saveCheckpoint(ckpt);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 12);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m).build()) {
                assertThatThrownBy(() -> learner.resume(ckpt)).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("seed 11");
            }
        }
        Files.writeString(tmp.resolve("bad.ckpt"), "not a zip");
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m).build()) {
                assertThatThrownBy(() -> learner.resume(tmp.resolve("bad.ckpt"))).isInstanceOf(InvalidInputException.class);
            }
        }
    }

    @Test
    void snapshotAndRestoreUndoTraining() {
        ImageSet train = TinyData.halves(16, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = tinyModel(m, 8, 7);
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(b).setData(LearnerData.of(t, t)).optManager(m).build()) {
                List<TrainingPhase> phases = List.of(TrainingPhase.iterations(3).lr(0.05));
                learner.fit(phases, FitOptions.QUIET);
                List<float[]> before = weights(b);
                try (LearnerState s = learner.snapshot()) {
                    learner.fit(List.of(TrainingPhase.iterations(4).optimizer(OptimizerKind.ADAM).lr(0.01)), FitOptions.QUIET);
                    assertThat(weights(b).get(0)).isNotEqualTo(before.get(0));
                    learner.restore(s);
                }
                List<float[]> after = weights(b);
                for (int i = 0; i < after.size(); i++) {
                    assertThat(after.get(i)).containsExactly(before.get(i));
                }
                assertThat(learner.recorder().iterations()).hasSize(3);
                NDArray buf = learner.optimizerState(b.getParameters().get(0).getKey()).get("momentum_buffer");
                assertThat(buf).isNotNull();
            }
        }
    }
}
