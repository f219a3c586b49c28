package dev.atelier.train.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.learner.EpochResult;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.FitResult;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerBuilder;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.schedule.TrainingPhase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learner training in fp16 with fp32 masters, and what the engine refuses. */
class MixedPrecisionLearnerTest {
    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    private static ImageSet halves(int n, int size) {
        SplittableRandom rng = new SplittableRandom(3);
        byte[] px = new byte[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean lit = (x < size / 2) == (labels[i] == 0);
                    px[i * size * size + y * size + x] = (byte) ((lit ? 150 : 40) + rng.nextInt(60));
                }
            }
        }
        return new ImageSet(px, labels, 1, size, size, List.of("left", "right"));
    }

    /** Every trainable weight; batch norm's running statistics move in the forward pass even of a skipped step. */
    private static float[] all(Block b) {
        List<Float> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            for (float f : p.getValue().getArray().toFloatArray()) {
                out.add(f);
            }
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    @Test
    void fp16SkipsOverflowingStepsWithoutTouchingTheWeightsThenRecoversAndLearns() {
        ImageSet images = halves(64, 8);
        BatchLoader train = BatchLoader.builder().setImages(images).setBatchSize(16).optSeed(1).build();
        BatchLoader valid = BatchLoader.builder().setImages(images).setBatchSize(64).optShuffle(false)
                .optNormalization(train.normalization()).build();
        // 2^24 times a loss near ln 2 overflows fp16 (max 65504): the first steps must be skipped
        LossScaler scaler = new LossScaler(0x1p24, 1000);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Block block = Architecture.SIMPLE.build(2, 4, false);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            List<float[]> weights = new ArrayList<>();
            List<Long> skipped = new ArrayList<>();
            List<Double> scales = new ArrayList<>();
            weights.add(all(block));
            skipped.add(0L);
            scales.add(scaler.scale());
            LearnerCallback watch = new LearnerCallback() {
                @Override
                public void onIterationEnd(Learner l, IterationRecord r) {
                    weights.add(all(block));
                    skipped.add(scaler.skippedSteps());
                    scales.add(scaler.scale());
                }
            };
            try (Learner learner = Learner.builder().setModel(block).setData(LearnerData.of(train, valid))
                    .optManager(m).optPrecision(Precision.FP16).optLossScaler(scaler).build()) {
                double before = learner.evaluate(valid).accuracy();
                learner.fit(List.of(TrainingPhase.iterations(40).lr(0.05).momentum(0.9)), FitOptions.QUIET,
                        List.of(watch));
                int firstApplied = -1;
                for (int i = 1; i < weights.size(); i++) {
                    boolean wasSkipped = skipped.get(i) > skipped.get(i - 1);
                    if (wasSkipped) {
                        assertThat(weights.get(i)).as("step %d overflowed: masters untouched", i)
                                .containsExactly(weights.get(i - 1));
                        assertThat(scales.get(i)).as("step %d halves the scale", i).isEqualTo(scales.get(i - 1) / 2);
                    } else {
                        assertThat(Arrays.equals(weights.get(i), weights.get(i - 1))).as("step %d updates", i).isFalse();
                        if (firstApplied < 0) {
                            firstApplied = i;
                        }
                    }
                }
                assertThat(skipped.get(1)).as("the first step overflows at 2^24").isEqualTo(1L);
                assertThat(firstApplied).as("the scaler recovers").isBetween(2, 20);
                for (float w : weights.get(weights.size() - 1)) {
                    assertThat(Float.isFinite(w)).isTrue();
                }
                assertThat(learner.evaluate(valid).accuracy()).as("it learned (from %s)", before).isGreaterThan(0.9);
            }
            for (var p : block.getParameters()) {
                assertThat(p.getValue().getArray().getDataType()).as("master %s", p.getKey())
                        .isEqualTo(DataType.FLOAT32);
            }
            long bn = block.getParameters().stream().filter(p -> p.getValue().getType() == Parameter.Type.RUNNING_MEAN)
                    .count();
            assertThat(bn).as("the model has batch norm, kept in fp32").isPositive();
        }
    }

    @TempDir
    Path tmp;

    /** A learner over 64 tiny images in batches of 16 (4 per epoch), fp16, with {@code scaler}. */
    private static Learner fp16Learner(NDManager m, long initSeed, LossScaler scaler, Path checkpointDir,
            LearnerCallback... callbacks) {
        ImageSet images = halves(64, 8);
        BatchLoader train = BatchLoader.builder().setImages(images).setBatchSize(16).optSeed(1).build();
        BatchLoader valid = BatchLoader.builder().setImages(images).setBatchSize(64).optShuffle(false)
                .optNormalization(train.normalization()).build();
        Engine.getInstance().setRandomSeed((int) initSeed);
        Block block = Architecture.SIMPLE.build(2, 4, false);
        block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        LearnerBuilder b = Learner.builder().setModel(block).setData(LearnerData.of(train, valid)).optManager(m)
                .optPrecision(Precision.FP16).optLossScaler(scaler);
        if (checkpointDir != null) {
            b.optCheckpointDir(checkpointDir);
        }
        for (LearnerCallback c : callbacks) {
            b.addCallback(c);
        }
        return b.build();
    }

    @Test
    void anFp16RunResumedFromACheckpointContinuesBitForBitWithTheSameLossScale() throws Exception {
        // 2^18 overflows at once and a growth interval of 3 doubles the scale back into overflow: over
        // 12 steps the scale falls, grows and falls again, so both the scale and the clean-step count
        // at the checkpoint decide what the later steps do
        List<TrainingPhase> phases = List.of(TrainingPhase.epochs(3).lr(0.05).momentum(0.9));
        FitOptions validateAndCheckpoint = new FitOptions(true, true, false);
        List<float[]> uninterrupted;
        LossScaler.State uninterruptedEnd;
        try (NDManager m = NDManager.newBaseManager()) {
            LossScaler scaler = new LossScaler(0x1p18, 3);
            try (Learner learner = fp16Learner(m, 5, scaler, null)) {
                learner.fit(phases, validateAndCheckpoint);
                uninterrupted = weights(learner.block());
            }
            uninterruptedEnd = scaler.state();
            assertThat(scaler.skippedSteps()).as("the run overflows").isGreaterThan(1);
        }
        Path dir = tmp.resolve("ck");
        LossScaler.State atCheckpoint;
        try (NDManager m = NDManager.newBaseManager()) {
            LossScaler scaler = new LossScaler(0x1p18, 3);
            LearnerCallback stopAfterTwoEpochs = new LearnerCallback() {
                @Override
                public void onEpochEnd(Learner learner, EpochResult epoch) {
                    if (epoch.epoch() == 2) {
                        learner.requestStop();
                    }
                }
            };
            try (Learner learner = fp16Learner(m, 5, scaler, dir, stopAfterTwoEpochs)) {
                FitResult r = learner.fit(phases, validateAndCheckpoint);
                assertThat(r.iterations()).isEqualTo(8);
            }
            atCheckpoint = scaler.state();
        }
        LossScaler fresh = new LossScaler(LossScaler.DEFAULT_INITIAL_SCALE, 3);
        assertThat(atCheckpoint).as("the checkpoint's scaler is not a fresh one").isNotEqualTo(fresh.state());
        try (NDManager m = NDManager.newBaseManager()) {
            try (Learner learner = fp16Learner(m, 99, fresh, null)) {
                learner.resume(dir.resolve("epoch-002.ckpt"));
                assertThat(fresh.state()).as("restored from the checkpoint").isEqualTo(atCheckpoint);
                FitResult r = learner.fit(phases, validateAndCheckpoint);
                assertThat(r.iterations()).isEqualTo(4);
                List<float[]> resumed = weights(learner.block());
                for (int i = 0; i < resumed.size(); i++) {
                    assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(uninterrupted.get(i));
                }
            }
            assertThat(fresh.state()).isEqualTo(uninterruptedEnd);
        }
    }

    /** Every parameter (batch-norm statistics included), in model order. */
    private static List<float[]> weights(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void bf16IsRefusedWithOneLineBecauseThisEngineAbortsOnBfloat16Tensors() {
        // DJL 0.36's PyTorch CPU engine kills the process on any bfloat16 tensor (docs/training.md);
        // the probe runs in a child JVM, so this JVM survives and the user gets one line
        assertThatThrownBy(() -> PrecisionSupport.require(Precision.BF16)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bf16 training is not available: the engine aborted")
                .hasMessageNotContaining("\n");
        assertThat(PrecisionSupport.problem(Precision.FP16)).isEmpty();
        assertThat(PrecisionSupport.problem(Precision.FP32)).isEmpty();
    }
}
