package dev.atelier.train.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.schedule.TrainingPhase;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile checkpoints, and training that diverges. */
class LearnerHardeningTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    private static Block tinyModel(NDManager m) {
        Engine.getInstance().setRandomSeed(7);
        Block b = Architecture.SIMPLE.build(2, 4, false);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        return b;
    }

    /** A real checkpoint of a tiny model after one batch. */
    private Path goodCheckpoint() {
        Path ckpt = tmp.resolve("good.ckpt");
        ImageSet train = TinyData.halves(16, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(tinyModel(m)).setData(LearnerData.of(t, t)).optManager(m)
                    .build()) {
                learner.fit(List.of(TrainingPhase.iterations(1).lr(0.01)), FitOptions.QUIET);
                learner.saveCheckpoint(ckpt);
            }
        }
        return ckpt;
    }

    private static byte[] entry(Path zipFile, String name) throws IOException {
        try (InputStream in = Files.newInputStream(zipFile); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return zip.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("no " + name);
    }

    private Path zip(String file, String stateJson, byte[] tensors) throws IOException {
        Path out = tmp.resolve(file);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            zip.putNextEntry(new ZipEntry("state.json"));
            zip.write(stateJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("tensors.bin"));
            zip.write(tensors);
            zip.closeEntry();
        }
        return out;
    }

    private static InvalidInputException readFails(Path ckpt) {
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint.read(ckpt, m).close();
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith(ckpt.toString()).doesNotContain("\n").doesNotContain("null");
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected an InvalidInputException, got " + e, e);
        }
        throw new AssertionError(ckpt + " was read");
    }

    @Test
    void aTruncatedCheckpointNamesTheFileAndSaysItIsTruncated() throws IOException {
        byte[] good = Files.readAllBytes(goodCheckpoint());
        Path cut = tmp.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(good, good.length * 2 / 3));
        assertThat(readFails(cut).getMessage()).contains("truncated");
    }

    @Test
    void anArrayLengthOfTwoToTheThirtyOneIsRefusedBeforeAllocating() throws IOException {
        Path good = goodCheckpoint();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeInt(1);
        o.writeUTF("01Conv2d_weight");
        o.writeInt(Integer.MAX_VALUE);
        o.write(new byte[16]);
        Path bomb = zip("bomb.ckpt", new String(entry(good, "state.json"), java.nio.charset.StandardCharsets.UTF_8),
                bytes.toByteArray());
        assertThat(readFails(bomb).getMessage()).isEqualTo(bomb + " is a damaged checkpoint: an array declares "
                + "2147483647 bytes but only 16 are left in tensors.bin");
    }

    @Test
    void aStateWithoutPositionSaysWhatIsMissing() throws IOException {
        Path damaged = zip("damaged.ckpt", "{\"format\": 1}", entry(goodCheckpoint(), "tensors.bin"));
        assertThat(readFails(damaged).getMessage()).isEqualTo(damaged
                + " is a damaged checkpoint: state.json has no \"position\"");
    }

    @Test
    void aLossScaleOutOfRangeIsRefusedInOneLine() throws IOException {
        Path good = goodCheckpoint();
        String state = new String(entry(good, "state.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(state).as("an fp32 checkpoint has no loss scale").contains("\"lossScale\" : null");
        Path bad = zip("scale.ckpt", state.replace("\"lossScale\" : null",
                "\"lossScale\" : {\"scale\": -4, \"cleanSteps\": 0, \"skippedSteps\": 0}"), entry(good, "tensors.bin"));
        assertThat(readFails(bad).getMessage()).contains("state.json is not readable")
                .contains("loss scaler state out of range: scale -4.0");
    }

    @Test
    void anEntryThatInflatesPastTheLimitIsRefused() throws IOException {
        Path bomb = zip("inflates.ckpt", "{\"format\": 1}", new byte[4 << 20]); // 4 MiB of zeros, ~4 KiB zipped
        assertThat(Files.size(bomb)).isLessThan(64 << 10);
        System.setProperty("atelier.checkpoint.maxBytes", String.valueOf(1 << 20));
        try {
            assertThat(readFails(bomb).getMessage()).contains("exceeds the limit of 1,048,576")
                    .contains("atelier.checkpoint.maxBytes");
        } finally {
            System.clearProperty("atelier.checkpoint.maxBytes");
        }
    }

    @Test
    void aDivergingFitStopsWithOneLineAndWritesNoCheckpointOfTheDivergedModel() {
        ImageSet train = TinyData.halves(32, 8, 1);
        Path dir = tmp.resolve("ck");
        try (NDManager m = NDManager.newBaseManager()) {
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(tinyModel(m)).setData(LearnerData.of(t, t)).optManager(m)
                    .optCheckpointDir(dir).build()) {
                List<TrainingPhase> phases = List.of(TrainingPhase.iterations(3).lr(0.01),
                        TrainingPhase.iterations(8).lr(1e30));
                assertThatThrownBy(() -> learner.fit(phases, new FitOptions(true, true, false)))
                        .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                            assertThat(e.phase()).isEqualTo(2);
                            assertThat(e.iteration()).isBetween(3L, 10L);
                            assertThat(e.getMessage()).startsWith("training diverged: ")
                                    .contains("at iteration " + e.iteration() + " (phase 2, epoch ")
                                    .doesNotContain("\n");
                        });
                // 4 batches per epoch: the epoch-1 checkpoint (3 good batches + the first at 1e30, still finite
                // loss) may exist; no checkpoint holds a model whose validation loss is not finite
                if (Files.exists(dir.resolve("last.ckpt"))) {
                    try (LearnerState s = Checkpoint.read(dir.resolve("last.ckpt"), m)) {
                        for (NDArray p : s.parameters().values()) {
                            assertThat(p.isInfinite().any().getBoolean() || p.isNaN().any().getBoolean()).isFalse();
                        }
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aFitMayBeToldToGoOnPastNonFiniteLosses() {
        ImageSet train = TinyData.halves(32, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            BatchLoader t = TinyData.train(train, 8, 11);
            try (Learner learner = Learner.builder().setModel(tinyModel(m)).setData(LearnerData.of(t, t)).optManager(m)
                    .build()) {
                FitResult r = learner.fit(List.of(TrainingPhase.iterations(6).lr(1e30)),
                        FitOptions.QUIET.withStopOnNonFinite(false));
                assertThat(r.iterations()).isEqualTo(6);
                assertThat(Arrays.stream(learner.recorder().losses()).anyMatch(l -> !Double.isFinite(l))).isTrue();
            }
        }
    }
}
