package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private Path data;
    private String out;
    private String err;

    @BeforeEach
    void tinyFashionMnist() throws IOException {
        data = shared.resolve("fmnist");
        if (!Files.isDirectory(data)) {
            TinyFashionMnist.create(data, 48, 16);
        }
    }

    private int run(String... args) {
        CliRun r = CliRun.execute(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private String[] tiny(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "fashion-mnist", "--data", data.toString(), "--width", "4",
                "--batch-size", "16", "--threads", "1", "--no-progress", "--padding", "1"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(List.of("--arch", "vgg"), "unknown architecture 'vgg'"),
                Arguments.of(List.of("--epochs", "-1"), "--epochs: must be a positive number, got -1.0"),
                Arguments.of(List.of("--lr", "0"), "--lr: must be a positive number, got 0.0"),
                Arguments.of(List.of("--schedule", "warmup"), "unknown --schedule 'warmup'"),
                Arguments.of(List.of("--optimizer", "adagrad"), "unknown optimizer 'adagrad'"),
                Arguments.of(List.of("--cycles", "0", "--schedule", "sgdr"), "--cycles: must be a whole number from 1 to"),
                Arguments.of(List.of("--lr", "0.01,0.1,1", "--group-ratio", "3"), "--group-ratio: give either one"
                        + " learning rate per layer group or a group ratio, not both"),
                Arguments.of(List.of("--schedule", "stepwise", "--steps", "3:-0.1"), "--steps: must be a positive number"),
                Arguments.of(List.of("--schedule", "stepwise", "--steps", "0:0.1"), "--steps: must be a positive number, got 0.0"),
                Arguments.of(List.of("--schedule", "sgdr", "--momentum", "1.5"), "momentum must be in [0, 1), got 1.5"),
                Arguments.of(List.of("--wd", "-1"), "weight decay must not be negative"),
                Arguments.of(List.of("--augment", "rotate"), "unknown --augment 'rotate'"),
                Arguments.of(List.of("--steps", "3-0.1", "--schedule", "stepwise"), "--steps wants EPOCHS:LR pairs"),
                Arguments.of(List.of("--resume", "nowhere.ckpt"), "no such checkpoint: nowhere.ckpt"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badConfigs")
    void badOptionsFailWithOneLineAndExitCode2(List<String> options, String message) {
        Path metrics = tmp.resolve("m.json");
        List<String> args = new ArrayList<>(Arrays.asList(tiny("--metrics-json", metrics.toString(),
                "--checkpoint-dir", tmp.resolve("ck").toString())));
        args.addAll(options);
        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.strip()).startsWith("atelier: ").contains(message).doesNotContain("\n").doesNotContain("Exception");
        assertThat(metrics).doesNotExist();
        assertThat(tmp.resolve("ck")).doesNotExist();
    }

    @Test
    void badPhaseFilesFailBeforeTraining() throws IOException {
        Path exp = tmp.resolve("exp.json");
        Files.writeString(exp, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.1, \"lrDecay\": \"exponential\"}]}");
        assertThat(run(tiny("--phases", exp.toString()))).isEqualTo(2);
        assertThat(err).contains("exponential").doesNotContain("Exception");

        Path groups = tmp.resolve("groups.json");
        Files.writeString(groups, "{\"phases\": [{\"epochs\": 1, \"lr\": [0.01, 0.1]}]}");
        assertThat(run(tiny("--phases", groups.toString()))).isEqualTo(2);
        assertThat(err).contains("lr has 2 values but the model has 3 layer groups");
        assertThat(out).doesNotContain("epoch 1");

        Path key = tmp.resolve("key.json");
        Files.writeString(key, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.1, \"data\": \"huge\"}]}");
        assertThat(run(tiny("--phases", key.toString()))).isEqualTo(2);
        assertThat(err).contains("phase data 'huge' is not known");
    }

    @Test
    void missingDataFolderIsReported() {
        assertThat(run("train", "fashion-mnist", "--data", tmp.resolve("none").toString())).isEqualTo(2);
        assertThat(err).contains("does not hold the four Fashion-MNIST IDX files");
    }

    @Test
    void trainsWritesMetricsAndCheckpointsThenResumesTheSameSchedule() throws IOException {
        Path metrics = tmp.resolve("metrics.json");
        Path ck = tmp.resolve("ck");
        String[] args = tiny("--epochs", "2", "--lr", "0.05", "--metrics-json", metrics.toString(), "--checkpoint-dir",
                ck.toString());
        assertThat(run(args)).as(err).isEqualTo(0);
        assertThat(out).contains("epoch 1 (default)").contains("epoch 2 (default)").contains("done: 2 epochs");
        JsonNode m = new ObjectMapper().readTree(metrics.toFile());
        assertThat(m.get("epochs")).hasSize(2);
        assertThat(m.get("epochs").get(0).get("images").asLong()).isEqualTo(48);
        assertThat(m.get("epochs").get(1).get("validAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(m.get("totals").get("complete").asBoolean()).isTrue();
        assertThat(m.get("totals").get("imagesPerSecond").asDouble()).isPositive();
        assertThat(m.get("parameters").asLong()).isPositive();
        assertThat(ck.resolve("epoch-001.ckpt")).exists();
        assertThat(ck.resolve("last.ckpt")).exists();

        String[] resume = tiny("--epochs", "2", "--lr", "0.05", "--metrics-json", metrics.toString(), "--resume",
                ck.resolve("epoch-001.ckpt").toString());
        assertThat(run(resume)).as(err).isEqualTo(0);
        assertThat(out).contains("resumed from").contains("epoch 2 (default)").doesNotContain("epoch 1 (default)");
        // the metrics cover the whole run: the epoch before the checkpoint and the one trained after it
        JsonNode resumed = new ObjectMapper().readTree(metrics.toFile());
        assertThat(resumed.get("epochs")).hasSize(2);
        assertThat(resumed.get("epochs").get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(resumed.get("epochs").get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(resumed.get("totals").get("epochs").asInt()).isEqualTo(2);
        assertThat(resumed.get("totals").get("iterations").asLong()).isEqualTo(6);

        String[] other = tiny("--epochs", "3", "--lr", "0.05", "--resume", ck.resolve("epoch-001.ckpt").toString());
        assertThat(run(other)).isEqualTo(2);
        assertThat(err).contains("another schedule");
    }

    @Test
    void progressiveResizingTrainsEachPhaseOnItsResolution() throws IOException {
        Path phases = tmp.resolve("progressive.json");
        Files.writeString(phases, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.05, \"data\": \"4px\"},"
                + " {\"epochs\": 1.5, \"lr\": 0.05, \"lrEnd\": 0, \"lrDecay\": \"cosine\", \"data\": \"default\"}]}");
        Path metrics = tmp.resolve("m.json");
        assertThat(run(tiny("--phases", phases.toString(), "--metrics-json", metrics.toString()))).as(err).isEqualTo(0);
        assertThat(out).contains("epoch 1 (4px)").contains("epoch 2 (default)").contains("epoch 3 (default)");
        JsonNode epochs = new ObjectMapper().readTree(metrics.toFile()).get("epochs");
        assertThat(epochs).hasSize(3);
        // 48 images in batches of 16: 3 per epoch; the last half epoch is 2 batches (1.5 rounded up).
        assertThat(epochs.get(0).get("images").asLong()).isEqualTo(48);
        assertThat(epochs.get(2).get("images").asLong()).isEqualTo(32);
    }

    @Test
    void imageFolderTrainsOnClassSubFolders() throws IOException {
        Path folder = tmp.resolve("images");
        for (int i = 0; i < 6; i++) {
            for (String c : List.of("dark", "light")) {
                Files.createDirectories(folder.resolve(c));
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(5 + i, 7, java.awt.image.BufferedImage.TYPE_INT_RGB);
                int v = c.equals("dark") ? 20 + i : 220 - i;
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 5 + i; x++) {
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                javax.imageio.ImageIO.write(img, "png", folder.resolve(c + "/" + i + ".png").toFile());
            }
        }
        assertThat(run("train", "image-folder", folder.toString(), "--size", "8", "--channels", "1", "--width", "4",
                "--batch-size", "4", "--epochs", "1", "--schedule", "constant", "--lr", "0.05", "--threads", "1", "--no-progress",
                "--valid-fraction", "0.34"))
                .as(err).isEqualTo(0);
        assertThat(out).contains("8 training, 4 validation images of 1x8x8, 2 classes").contains("done: 1 epochs");
        assertThat(run("train", "image-folder", tmp.resolve("nothing").toString())).isEqualTo(2);
        assertThat(err).contains("does not exist");
    }

    @Test
    void imageFolderGivenAFileSaysItIsNotAFolder() throws IOException {
        Path png = tmp.resolve("file.png");
        Files.write(png, new byte[] {1, 2, 3});
        assertThat(run("train", "image-folder", png.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("atelier: " + png + " is a file, not a folder: give a folder with one"
                + " sub-folder of images per class");
    }

    @Test
    void aBatchLargerThanTheDataDoesNotTrainThreeEpochsForOne() {
        // 48 images in one batch of 64: 1 batch per epoch, and 1cycle has 3 phases
        assertThat(run("train", "fashion-mnist", "--data", data.toString(), "--width", "4", "--batch-size", "64",
                "--threads", "1", "--no-progress", "--epochs", "1"))
                .isEqualTo(2);
        assertThat(err.strip()).startsWith("atelier: 3 phases on dataset 'default' need at least one batch each")
                .doesNotContain("\n");
        assertThat(out).doesNotContain("epoch 1 (default)");
    }

    @Test
    void aDivergingRunStopsWithExitCode2AndKeepsTheLastGoodCheckpoint() throws IOException {
        Path ck = tmp.resolve("ck");
        Path phases = tmp.resolve("diverge.json");
        // one good epoch (3 batches), then a learning rate no model survives
        Files.writeString(phases, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.01}, {\"epochs\": 2, \"lr\": 1e30}]}");
        assertThat(run(tiny("--phases", phases.toString(), "--checkpoint-dir", ck.toString()))).isEqualTo(2);
        assertThat(err.strip()).startsWith("atelier: training diverged: ").contains("(phase 2, epoch ")
                .doesNotContain("\n");
        assertThat(ck.resolve("epoch-001.ckpt")).exists();
        assertThat(ck.resolve("epoch-002.ckpt")).doesNotExist();
        assertThat(run(tiny("--phases", phases.toString(), "--continue-on-nan"))).as(err).isEqualTo(0);
        assertThat(out).contains("done: 3 epochs");
    }

    @Test
    void outputsAreCheckedBeforeTrainingAndNeverReplaceAnInput() throws IOException {
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "x");
        assertThat(run(tiny("--metrics-json", file.resolve("m.json").toString()))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("atelier: cannot write the metrics JSON " + file.resolve("m.json") + ": "
                + file + " is a file, not a folder");
        assertThat(out).doesNotContain("data:");
        assertThat(run(tiny("--checkpoint-dir", file.toString()))).isEqualTo(2);
        assertThat(err).contains("is a file, not a folder");
        assertThat(run(tiny("--metrics-json", tmp.toString()))).isEqualTo(2);
        assertThat(err).contains("is a folder; give a file name inside it");
        Path phases = tmp.resolve("p.json");
        Files.writeString(phases, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.01}]}");
        assertThat(run(tiny("--phases", phases.toString(), "--metrics-json", phases.toString()))).isEqualTo(2);
        assertThat(err).contains("refusing to overwrite an input");
        assertThat(Files.readString(phases)).contains("\"phases\"");
    }
}
