package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScheduleCommandTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples/phases").normalize();

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void plotsTheOneCycleExampleAsPng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("lr.png");
        Run r = run("schedule", "plot", EXAMPLES.resolve("one-cycle.json").toString(), "-o", png.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + png, "1175 iterations, 3 phases");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
    }

    @Test
    void plotsSvgWithoutMomentumOrLabels(@TempDir Path dir) throws IOException {
        Path svg = dir.resolve("sgdr.svg");
        Run r = run("schedule", "plot", EXAMPLES.resolve("sgdr.json").toString(), "-o", svg.toString(), "--svg",
                "--no-momentum", "--no-labels", "--iterations-per-epoch", "100");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(svg)).contains("<svg").doesNotContain("stroke:rgb(255,127,14)");
        assertThat(r.out()).contains("700 iterations");
    }

    @Test
    void showPrintsHandCheckableRows(@TempDir Path dir) throws IOException {
        Path phases = dir.resolve("p.json");
        Files.writeString(phases, """
                {"iterationsPerEpoch": 4, "phases": [
                  {"epochs": 1, "lr": 1, "lrEnd": 0, "lrDecay": "linear", "momentum": 0.9},
                  {"iterations": 2, "optimizer": "adam", "lr": [0.1, 0.2], "momentum": 0.95}
                ]}""");
        Run r = run("schedule", "show", phases.toString(), "--every", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("phase 1: iterations 0..3 (4): 1 epoch sgd", "total: 6 iterations");
        assertThat(r.out()).containsPattern("\\n\\s+2\\s+1\\s+sgd\\s+0\\.500000\\s+0\\.500000\\s+0\\.9000");
        assertThat(r.out()).containsPattern("\\n\\s+5\\s+2\\s+adam\\s+0\\.100000\\s+0\\.200000\\s+0\\.9500");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+\\d\\s+.*")).count()).isEqualTo(6);
    }

    @Test
    void badConfigsFailWithExitTwoAndOneLinePerProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"iterationsPerEpoch": 10, "phases": [
                  {"epochs": -2, "lr": 0.1},
                  {"epochs": 1, "lr": 0.1, "lrDecay": "exponential"},
                  {"epochs": 1, "optimizer": "lion", "lr": 0.1}
                ]}""");
        Path png = dir.resolve("out.png");
        Run r = run("schedule", "plot", bad.toString(), "-o", png.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "atelier: bad.json: phases[0].epochs: a phase must last a positive number of epochs, got -2.0",
                "bad.json: phases[1].lr: exponential decay needs an end value (it never reaches 0)",
                "bad.json: phases[2].optimizer: unknown optimizer 'lion' (expected sgd, adam, adamw, rmsprop)");
        assertThat(png).doesNotExist();
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void missingFileAndWrongExtensionAreOneLineErrors(@TempDir Path dir) {
        Run missing = run("schedule", "show", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("atelier: no such phases file:").hasLineCount(1);
        Run ext = run("schedule", "plot", EXAMPLES.resolve("sgdr.json").toString(), "-o", dir.resolve("x.jpg").toString());
        assertThat(ext.exit()).isEqualTo(2);
        assertThat(ext.err()).contains("must end in .png").hasLineCount(1);
    }

    @Test
    void aMissingEpochLengthSaysHowToFixIt(@TempDir Path dir) throws IOException {
        Path phases = dir.resolve("p.json");
        Files.writeString(phases, "{\"phases\": [{\"epochs\": 1, \"lr\": 0.1}]}");
        Run r = run("schedule", "show", phases.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--iterations-per-epoch").hasLineCount(1);
        assertThat(run("schedule", "show", phases.toString(), "--iterations-per-epoch", "3").exit()).isZero();
    }

    @Test
    void anEpochLengthThatIsNotPositiveIsRefusedByItsOption(@TempDir Path dir) throws IOException {
        Path phases = dir.resolve("p.json");
        Files.writeString(phases, "{\"phases\": [{\"iterations\": 4, \"lr\": 0.1}]}");
        Run r = run("schedule", "show", phases.toString(), "--iterations-per-epoch", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("atelier: --iterations-per-epoch: must be positive, got 0");
    }

    @Test
    void hostilePhaseFilesAndOutputsAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, "{\"iterationsPerEpoch\": 10, \"phases\": [{\"epochs\": 1e300, \"lr\": 0.1}]}");
        Run r = run("schedule", "plot", huge.toString(), "-o", dir.resolve("h.png").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is longer than the limit of 100,000,000 iterations").hasLineCount(1)
                .doesNotContain("Exception");

        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0});
        r = run("schedule", "show", binary.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(binary + " is not a text file").doesNotContain("Input length").hasLineCount(1);

        // a phases file named like an image must not be replaced by its own plot
        Path svgNamed = dir.resolve("phases.svg");
        Files.writeString(svgNamed, "{\"iterationsPerEpoch\": 10, \"phases\": [{\"epochs\": 1, \"lr\": 0.1}]}");
        r = run("schedule", "plot", svgNamed.toString(), "-o", svgNamed.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to overwrite an input").hasLineCount(1);
        assertThat(Files.readString(svgNamed)).startsWith("{");

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        r = run("schedule", "plot", EXAMPLES.resolve("sgdr.json").toString(), "-o", file.resolve("p.png").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file + " is a file, not a folder").hasLineCount(1);

        Path many = dir.resolve("many.json");
        Files.writeString(many, "{\"iterationsPerEpoch\": 10, \"phases\": [{\"iterations\": 50000000, \"lr\": 0.1}]}");
        r = run("schedule", "show", many.toString(), "--every", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("would print").hasLineCount(1);
    }
}
