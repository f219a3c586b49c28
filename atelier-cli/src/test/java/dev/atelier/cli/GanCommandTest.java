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

    /**
     * The default is auto: the tiny run's 8px layers trained 3 iterations (from the fade-in's start at
     * iteration 2 to 5), so with the default decay 0.999 their average still holds 0.999^3 = 99.7 % of their
     * random start and the raw weights are used, saying so.
     */
    @Test
    void sampleUsesTheRawWeightsByDefaultWhileTheAverageHasNotWarmedUp() throws Exception {
        String[] lines = sampleThreeWays(ckpt, "default");
        assertThat(pixels(tmp.resolve("default-auto.png"))).containsExactly(pixels(tmp.resolve("default-raw.png")));
        assertThat(pixels(tmp.resolve("default-auto.png"))).isNotEqualTo(pixels(tmp.resolve("default-ema.png")));
        assertThat(lines[0]).contains("16 samples at 8px (iteration 5, fade-in 1.00, raw weights: the average of the"
                + " newest layers still holds 99% of their start; --weights ema to use it) -> ");
        assertThat(lines[1]).contains("(iteration 5, fade-in 1.00, raw weights) -> ");
        assertThat(lines[2]).contains("(iteration 5, fade-in 1.00, ema weights: the average of the newest layers still"
                + " holds 99% of their start) -> ");
    }

    /** With decay 0.3 the same 3 iterations leave 0.3^3 = 2.7 % of the start: auto uses the average. */
    @Test
    void sampleUsesTheAverageByDefaultOnceItHasWarmedUp() throws Exception {
        Path fast = tmp.resolve("fast-ema.ckpt");
        CliRun train = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases",
                phases.toString(), "-o", fast.toString(), "--sample-every", "0", "--ema-decay", "0.3");
        assertThat(train.code()).as(train.err()).isZero();
        String[] lines = sampleThreeWays(fast, "fast");
        assertThat(pixels(tmp.resolve("fast-auto.png"))).containsExactly(pixels(tmp.resolve("fast-ema.png")));
        assertThat(pixels(tmp.resolve("fast-auto.png"))).isNotEqualTo(pixels(tmp.resolve("fast-raw.png")));
        assertThat(lines[0]).contains("(iteration 5, fade-in 1.00, ema weights: auto: the average of the newest layers"
                + " holds 2.7% of their start) -> ");
        assertThat(lines[2]).contains("(iteration 5, fade-in 1.00, ema weights) -> ");
    }

    /** Samples {@code ckpt} with the default, --weights raw and --weights ema into NAME-auto/raw/ema.png; their lines. */
    private static String[] sampleThreeWays(Path ckpt, String name) {
        String[] lines = new String[3];
        String[][] ways = {{}, {"--weights", "raw"}, {"--weights", "ema"}};
        String[] files = {"auto", "raw", "ema"};
        for (int i = 0; i < 3; i++) {
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("gan", "sample", ckpt.toString(), "-n",
                    "16", "--seed", "3", "--cell", "8", "-o", tmp.resolve(name + "-" + files[i] + ".png").toString()),
                    java.util.Arrays.stream(ways[i])).toArray(String[]::new);
            CliRun r = CliRun.execute(all);
            assertThat(r.code()).as(r.err()).isZero();
            lines[i] = r.out();
        }
        return lines;
    }

    @Test
    void trainsWithTheWganGpLossAndAResumedRunKeepsItsOptions() throws Exception {
        Path w = tmp.resolve("wgan.ckpt");
        CliRun r = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases", phases.toString(),
                "-o", w.toString(), "--sample-every", "0", "--loss", "wgan-gp", "--ema-decay", "0.9", "--no-fade-reals",
                "--no-reset-adam");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("loss wgan-gp (λ 10.0, drift 0.001), EMA 0.9, real crossfade off, Adam reset on"
                + " growth off").contains("done after 5 iterations");
        var header = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gan(w));
        assertThat(header.get("loss").asText()).isEqualTo("wgan-gp");
        assertThat(header.get("emaDecay").asDouble()).isEqualTo(0.9);
        assertThat(header.get("fadeReals").asBoolean()).isFalse();
        assertThat(header.get("resetOptimizer").asBoolean()).isFalse();
        // resuming with the options it was trained with is fine; with others it is one line, exit 2
        CliRun same = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases",
                phases.toString(), "-o", tmp.resolve("wgan2.ckpt").toString(), "--resume", w.toString(), "--loss", "wgan-gp",
                "--no-fade-reals");
        assertThat(same.code()).as(same.err()).isZero();
        String[][] changed = {{"--loss", "r1"}, {"--ema-decay", "0.999"}, {"--fade-reals"}, {"--reset-adam"}};
        String[] expected = {"was trained with --loss wgan-gp", "was trained with --ema-decay 0.9",
            "was trained with --no-fade-reals", "was trained with --no-reset-adam"};
        for (int i = 0; i < changed.length; i++) {
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("gan", "train", "fashion-mnist",
                    "--data", data.toString(), "--phases", phases.toString(), "-o", tmp.resolve("wgan3.ckpt").toString(),
                    "--resume", w.toString()), java.util.Arrays.stream(changed[i])).toArray(String[]::new);
            CliRun bad = CliRun.execute(all);
            assertThat(bad.code()).as(bad.err()).isEqualTo(2);
            assertThat(bad.err().strip().lines().count()).as(bad.err()).isEqualTo(1);
            assertThat(bad.err()).contains(expected[i]);
        }
        assertThat(tmp.resolve("wgan3.ckpt")).doesNotExist();
    }

    @Test
    void everyOptionOfThePaperPartsIsInTheHelp() {
        CliRun train = CliRun.execute("gan", "train", "--help");
        assertThat(train.out()).contains("--loss=LOSS").contains("wgan-gp").contains("--ema-decay=BETA")
                .contains("--[no-]fade-reals").contains("--[no-]reset-adam");
        for (String command : new String[] {"sample", "score"}) {
            CliRun help = CliRun.execute("gan", command, "--help");
            assertThat(help.out()).as(command).contains("--weights=WHICH").contains("auto (default)").contains("raw")
                    .contains("5%").doesNotContain("5%%");
            // the help is a picocli format string: a lone % used to print a warning and the raw text
            assertThat(help.err()).as(command).doesNotContain("WARN");
        }
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
                + " iteration 5, raw weights: the average of the newest layers still holds 99% of their start;"
                + " --weights ema to use it\\) vs 16 test images: \\d+\\.\\d{3}");
        assertThat(r.out()).containsPattern("floor: 64 real training images vs the test images: \\d+\\.\\d{3}");
        CliRun raw = CliRun.execute("gan", "score", ckpt.toString(), "--classifier", ck.resolve("last.ckpt").toString(),
                "--width", "4", "-n", "40", "--data", data.toString(), "--weights", "raw", "--no-floor");
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(raw.out()).contains("iteration 5, raw weights) vs 16 test images: ");
        assertThat(distance(raw.out())).isEqualTo(distance(r.out())); // auto chose the raw weights
        CliRun ema = CliRun.execute("gan", "score", ckpt.toString(), "--classifier", ck.resolve("last.ckpt").toString(),
                "--width", "4", "-n", "40", "--data", data.toString(), "--weights", "ema", "--no-floor");
        assertThat(ema.code()).as(ema.err()).isZero();
        assertThat(ema.out()).contains("iteration 5, ema weights: the average of the newest layers still holds 99% of"
                + " their start) vs 16 test images: ");
        assertThat(distance(ema.out())).isNotEqualTo(distance(r.out()));
        CliRun wrongWidth = CliRun.execute("gan", "score", ckpt.toString(), "--classifier",
                ck.resolve("last.ckpt").toString(), "--width", "8", "-n", "40", "--data", data.toString());
        assertThat(wrongWidth.code()).isEqualTo(2);
        assertThat(wrongWidth.err()).contains("is not a resnet of width 8");
    }

    /**
     * {@code --fade-in 0} is the previous level's picture: the checkpoint (at 8px) rendered through its 4px
     * layers, as the library draws them, in a grid with the same cells (nearest-enlarged, so the 2× upsample
     * of the fade-in and the grid's enlargement give the same pixels). {@code --fade-in 1} is the plain grid.
     */
    @Test
    void fadeInZeroIsThePreviousLevelsPicture() throws Exception {
        Path zero = tmp.resolve("fade0.png");
        CliRun r = CliRun.execute("gan", "sample", ckpt.toString(), "-n", "4", "-o", zero.toString(), "--seed", "3",
                "--cell", "8", "--weights", "raw", "--fade-in", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 samples at 8px (iteration 5, fade-in 0.00 by --fade-in, trained to 1.00, raw");
        dev.atelier.gan.GanCheckpoint.Contents c = dev.atelier.gan.GanCheckpoint.read(ckpt);
        Path previous = tmp.resolve("previous4px.png");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            dev.atelier.gan.Generator g = c.generator(m, dev.atelier.gan.GanCheckpoint.Weights.RAW);
            ai.djl.ndarray.NDArray z = dev.atelier.gan.GanTrainer.latents(m, 4, c.header().config().latentSize(), 3);
            dev.atelier.gan.SampleGrid.write(g.forward(z, 0, 1), 8, previous);
        }
        assertThat(pixels(zero)).isEqualTo(pixels(previous));
        Path one = tmp.resolve("fade1.png");
        Path plain = tmp.resolve("plain.png");
        CliRun.execute("gan", "sample", ckpt.toString(), "-n", "4", "-o", one.toString(), "--seed", "3", "--cell", "8",
                "--weights", "raw", "--fade-in", "1");
        CliRun.execute("gan", "sample", ckpt.toString(), "-n", "4", "-o", plain.toString(), "--seed", "3", "--cell", "8",
                "--weights", "raw");
        assertThat(pixels(one)).isEqualTo(pixels(plain)).isNotEqualTo(pixels(zero));
    }

    @Test
    void fadeInIsRefusedOutsideZeroToOneAndAtTheFirstResolution() throws Exception {
        Path first = tmp.resolve("first-only.json");
        Files.writeString(first, """
                {"phases": [{"iterations": 1, "data": "4px", "optimizer": "adam", "lr": 0.001, "momentum": 0, "beta2": 0.99}]}
                """);
        Path at4 = tmp.resolve("at4.ckpt");
        CliRun t = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "--phases", first.toString(),
                "-o", at4.toString(), "--sample-every", "0");
        assertThat(t.code()).as(t.err()).isZero();
        Path out = tmp.resolve("fade-bad.png");
        String[][] cases = {{ckpt.toString(), "1.5"}, {ckpt.toString(), "-0.1"}, {ckpt.toString(), "NaN"},
            {ckpt.toString(), "half"}, {at4.toString(), "0.5"}};
        String[] expected = {"atelier: --fade-in must be in [0, 1], got 1.5", "atelier: --fade-in must be in [0, 1], got -0.1",
            "invalid value for --fade-in: 'NaN' is not a finite number", "invalid value for --fade-in: 'half'",
            "atelier: --fade-in: " + at4
                + " is at 4px, the first resolution, which has no previous one to fade in from"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.execute("gan", "sample", cases[i][0], "-o", out.toString(), "--fade-in", cases[i][1]);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            // picocli's own parse errors (NaN, not a number) say "atelier gan sample: invalid value ..."
            assertThat(r.err().strip()).startsWith("atelier").contains(expected[i]).doesNotContain("Exception");
        }
        assertThat(out).doesNotExist();
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
            {"gan", "train", "fashion-mnist", "--data", data.toString(), "-o", tmp.resolve("x.ckpt").toString(), "--loss",
                "hinge"},
            {"gan", "train", "fashion-mnist", "--data", data.toString(), "-o", tmp.resolve("x.ckpt").toString(),
                "--ema-decay", "1"},
            {"gan", "train", "fashion-mnist", "--data", data.toString(), "-o", tmp.resolve("x.ckpt").toString(),
                "--ema-decay", "-0.5"},
            {"gan", "sample", ckpt.toString(), "-o", tmp.resolve("g.png").toString(), "--weights", "best"},
            {"gan", "score", ckpt.toString(), "--classifier", ckpt.toString(), "--weights", "EMA"},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.execute(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("atelier: ").doesNotContain("Exception");
        }
        assertThat(tmp.resolve("g.png")).doesNotExist();
        assertThat(tmp.resolve("x.ckpt")).doesNotExist();
        CliRun loss = CliRun.execute("gan", "train", "fashion-mnist", "--data", data.toString(), "-o",
                tmp.resolve("x.ckpt").toString(), "--loss", "hinge");
        assertThat(loss.err().strip()).isEqualTo("atelier: --loss must be one of r1, wgan-gp, got 'hinge'");
        CliRun weights = CliRun.execute("gan", "sample", ckpt.toString(), "-o", tmp.resolve("g.png").toString(),
                "--weights", "best");
        assertThat(weights.err().strip()).isEqualTo("atelier: --weights must be auto, raw or ema, got 'best'");
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static String distance(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("test images: (\\d+\\.\\d{3})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static byte[] gan(Path ckpt) throws Exception {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(ckpt))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("gan.json")) {
                    return zip.readAllBytes();
                }
            }
        }
        throw new AssertionError("no gan.json in " + ckpt);
    }
}
