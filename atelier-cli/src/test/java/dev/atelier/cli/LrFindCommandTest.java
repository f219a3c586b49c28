package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LrFindCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static Path data;
    private String out;
    private String err;

    @BeforeAll
    static void tinyData() throws IOException {
        data = TinyFashionMnist.create(shared.resolve("fmnist"), 48, 16);
    }

    private int run(String... args) {
        CliRun r = CliRun.execute(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private String[] tiny(String... extra) {
        List<String> a = new ArrayList<>(List.of("lr-find", "fashion-mnist", "--data", data.toString(), "--width", "4",
                "--batch-size", "8", "--threads", "1", "--no-progress"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void printsTheThreeSuggestionsAndWritesPngAndSvg() throws IOException {
        Path png = tmp.resolve("lr.png");
        assertThat(run(tiny("--start", "1e-4", "--end", "100", "--iterations", "24", "-o", png.toString(), "--svg")))
                .as(err).isZero();
        assertThat(out).contains("exponential lr 0.000100 -> 100 over 24 batches of 8 (4.00 epochs)")
                .contains("suggestion valley:").contains("suggestion steep:").contains("suggestion minimum/10:");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isPositive();
        assertThat(Files.readString(tmp.resolve("lr.svg"))).contains("<svg");
    }

    @Test
    void fractionOfAnEpochAndLinearModesAreHonoured() {
        Path svg = tmp.resolve("curve.svg");
        // 48 images in batches of 8: 6 per epoch; half an epoch is 3 batches.
        assertThat(run(tiny("--fraction", "0.5", "--linear-lr", "--linear", "--start", "0.01", "--end", "0.1",
                "--stop-div", "0", "-o", svg.toString()))).as(err).isZero();
        assertThat(out).contains("linear lr 0.0100 -> 0.100 over 3 batches").contains("3 of 3 batches, stopped: completed");
        assertThat(svg).exists();
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--iterations", "10", "--fraction", "0.5"), "give --iterations or --fraction"),
                Arguments.of(List.of("--start", "0"), "start learning rate must be a positive number"),
                Arguments.of(List.of("--start", "1", "--end", "0.1"), "must be greater than the start"),
                Arguments.of(List.of("--start", "0.01", "--end", "0.01"), "must be greater than the start"),
                Arguments.of(List.of("--start", "-1e-3"), "start learning rate must be a positive number"),
                Arguments.of(List.of("--stop-div", "0.5"), "--stop-div: must be a number above 1, got 0.5 (or 0 to never"
                        + " stop early)"),
                Arguments.of(List.of("--momentum", "1"), "momentum must be in [0, 1), got 1"),
                Arguments.of(List.of("--iterations", "1"), "at least 2 iterations"),
                Arguments.of(List.of("--arch", "vgg"), "unknown architecture 'vgg'"),
                Arguments.of(List.of("--fraction", "-1"), "epoch fraction must be positive"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOptions")
    void badOptionsFailWithOneLineAndWriteNothing(List<String> options, String message) {
        Path png = tmp.resolve("bad.png");
        List<String> args = new ArrayList<>(Arrays.asList(tiny("-o", png.toString())));
        args.addAll(options);
        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.strip()).startsWith("atelier: ").contains(message).doesNotContain("\n");
        assertThat(png).doesNotExist();
    }

    @Test
    void aRateThatIsNotAFiniteNumberIsAUsageErrorOfOneLine() {
        Path png = tmp.resolve("bad.png");
        assertThat(run(tiny("-o", png.toString(), "--end", "inf"))).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("atelier lr-find: invalid value for --end: 'inf' is not a finite number"
                + " (see atelier lr-find --help)");
        assertThat(run(tiny("-o", png.toString(), "--start", "tiny"))).isEqualTo(2);
        assertThat(err.strip()).contains("--start: 'tiny' is not a finite number").doesNotContain("\n");
        assertThat(png).doesNotExist();
    }

    @Test
    void unknownDatasetAndMissingDataAreOneLine() {
        assertThat(run("lr-find", "cifar10")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("atelier: unknown dataset 'cifar10' (lr-find supports fashion-mnist)");
        assertThat(run("lr-find", "fashion-mnist", "--data", tmp.toString())).isEqualTo(2);
        assertThat(err.strip()).contains("does not hold the four Fashion-MNIST IDX files");
    }
}
