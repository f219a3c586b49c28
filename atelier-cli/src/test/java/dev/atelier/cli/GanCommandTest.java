package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanCommandTest {
    @TempDir
    static Path tmp;

    private static Path data;
    private static Path phases;
    private static Path ckpt;
    private static CliRun trained;

    /** One tiny run shared by the tests: 4px for 2 batches, 8px fading in over 2, stabilising for 1. */
    @BeforeAll
    static void trainOnce() throws Exception {
        data = TinyFashionMnist.create(tmp.resolve("fmnist"), 64, 16);
        phases = tmp.resolve("tiny-gan.json");
        Files.writeString(phases, """
                {"phases": [
                  {"iterations": 2, "data": "4px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99},
                  {"iterations": 2, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99,
                   "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"}}},
                  {"iterations": 1, "data": "8px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99}
                ]}
                """);
        ckpt = tmp.resolve("gan.ckpt");
        trained = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases", phases.toString(),
                "-o", ckpt.toString(), "--sample-every", "2");
    }

    @Test
    void trainsWritesGridsPerResolutionAndACheckpoint() {
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("done after 5 iterations");
        assertThat(ckpt).exists();
        Path samples = tmp.resolve("gan-samples");
        assertThat(samples.resolve("iter-000002-4px-end.png")).exists();
        assertThat(samples.resolve("iter-000004-8px.png")).exists();
        assertThat(samples.resolve("iter-000005-8px-end.png")).exists();
    }

    @Test
    void samplesAGridOfTheRequestedSize() throws Exception {
        Path grid = tmp.resolve("grid.png");
        CliRun r = CliRun.execute("gan", "sample", ckpt.toString(), "-n", "4", "-o", grid.toString(), "--seed", "3",
                "--cell", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 samples at 8px (iteration 5");
        BufferedImage img = ImageIO.read(grid.toFile());
        // 2×2 cells of 8 px with 2-px gutters: 2·8 + 3·2 = 22
        assertThat(img.getWidth()).isEqualTo(22);
        assertThat(img.getHeight()).isEqualTo(22);
    }

    @Test
    void resumingTheFinishedRunIntoANewFileTrainsNothingMore() {
        Path again = tmp.resolve("again.ckpt");
        CliRun r = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases",
                phases.toString(), "-o", again.toString(), "--resume", ckpt.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming").contains("done after 0 iterations");
    }

    @Test
    void scoresAgainstAnAtelierTrainedClassifierWithTheFloor() {
        Path ck = tmp.resolve("clf");
        CliRun train = CliRun.execute("train", "fashion-mnist", "--data", data.toString(), "--arch", "resnet", "--width",
                "4", "--batch-size", "16", "--threads", "1", "--no-progress", "--epochs", "1", "--lr", "0.05",
                "--checkpoint-dir", ck.toString());
        assertThat(train.code()).as(train.err()).isZero();
        CliRun r = CliRun.execute("gan", "score", ckpt.toString(), "--classifier", ck.resolve("last.ckpt").toString(),
                "--width", "4", "-n", "40", "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Frechet distance \\(resnet penultimate features, 40 samples at 8px,"
                + " iteration 5\\) vs 16 test images: \\d+\\.\\d{3}");
        assertThat(r.out()).containsPattern("floor: 64 real training images vs the test images: \\d+\\.\\d{3}");
        CliRun wrongWidth = CliRun.execute("gan", "score", ckpt.toString(), "--classifier",
                ck.resolve("last.ckpt").toString(), "--width", "8", "-n", "40", "--data", data.toString());
        assertThat(wrongWidth.code()).isEqualTo(2);
        assertThat(wrongWidth.err()).contains("is not a resnet of width 8");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path damaged = tmp.resolve("damaged.ckpt");
        Files.write(damaged, new byte[] {1, 2, 3});
        String[][] cases = {
            {"gan", "train", "mnist", "-o", tmp.resolve("x.ckpt").toString()},
            {"gan", "sample", ckpt.toString(), "-n", "0", "-o", tmp.resolve("g.png").toString()},
            {"gan", "sample", ckpt.toString(), "-o", ckpt.toString()},
            {"gan", "sample", damaged.toString(), "-o", tmp.resolve("g.png").toString()},
            {"gan", "train", "fashion-mnist", "--data", data.toString(), "--phases", phases.toString(), "-o",
                phases.toString()},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.execute(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("atelier: ").doesNotContain("Exception");
        }
        assertThat(tmp.resolve("g.png")).doesNotExist();
    }
}
