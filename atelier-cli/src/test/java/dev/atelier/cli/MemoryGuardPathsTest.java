package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.memory.AvailableMemory;
import dev.atelier.core.memory.DecodeBudget;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that decodes an image or runs the network goes through the same guard (decode, estimate,
 * refuse): with little memory, each refuses a generated image in one line that names what to change,
 * quickly, and writes nothing. The same paths, once for native memory and once for the decoding heap.
 */
class MemoryGuardPathsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    private static Path big;
    private static Path small;
    private static Path mask;

    @BeforeEach
    void images() throws Exception {
        if (big == null) {
            // 3000x2000 of one colour: a small file whose decode and network pass are large
            big = write(shared.resolve("big.png"), 3000, 2000);
            small = write(shared.resolve("small.png"), 64, 48);
            mask = write(shared.resolve("mask.png"), 64, 48);
        }
    }

    @AfterEach
    void clearOverrides() {
        System.clearProperty(AvailableMemory.OVERRIDE.property());
        System.clearProperty(DecodeBudget.OVERRIDE.property());
    }

    private static Path write(Path file, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A name and the command line of each path, given the image to feed it and the output folder. */
    record Path0(String name, java.util.function.BiFunction<Path, Path, List<String>> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Path0> paths() {
        return Stream.of(
                new Path0("stylize", (img, out) -> List.of("stylize", img.toString(), img.toString(), "-o",
                        out.resolve("o.png").toString(), "--size", "3000", "--tile", "off", "--max-evals", "1")),
                new Path0("harmonize", (img, out) -> List.of("harmonize", img.toString(), small.toString(), "--mask",
                        mask.toString(), "--scale", "20", "--size", "1024", "-o", out.resolve("o.png").toString(), "--max-evals", "2")),
                new Path0("features", (img, out) -> List.of("features", img.toString(), "--size", "3000")),
                new Path0("judge", (img, out) -> List.of("judge", img.toString(), "--content", img.toString(),
                        "--style", img.toString(), "--size", "3000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void littleNativeMemoryRefusesTheSizeInOneLine(Path0 path) {
        System.setProperty(AvailableMemory.OVERRIDE.property(), "600m");
        long t0 = System.nanoTime();
        CliRun r = CliRun.execute(path.args().apply(big, dir).toArray(String[]::new));
        assertOneLine(r, "--size: ");
        assertThat(r.err()).contains("would need about").contains("size of");
        assertThat((System.nanoTime() - t0) / 1e9).as("refused before the work").isLessThan(30);
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void aDecodeTheHeapBudgetCannotHoldIsRefusedInOneLine(Path0 path) {
        System.setProperty(DecodeBudget.OVERRIDE.property(), "20m");
        CliRun r = CliRun.execute(path.args().apply(big, dir).toArray(String[]::new));
        assertOneLine(r, "decoding " + big);
        assertThat(r.err()).contains("(3000x2000 pixels) needs about").contains("ATELIER_IMAGE_DECODE_HEAP");
        assertNothingWritten();
    }

    private static void assertOneLine(CliRun r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("atelier").contains(fragment).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    private void assertNothingWritten() {
        List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> left.add(f.getFileName().toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(left).isEmpty();
    }
}
