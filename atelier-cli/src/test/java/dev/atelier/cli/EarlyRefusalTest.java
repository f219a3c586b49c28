package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.memory.AvailableMemory;
import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless and hostile values are refused in one line before any work: scale factors that would make a
 * style image of billions of pixels, repeated keys, outputs that cannot be written, a harmonize call with
 * an extra file, a mask too small for the network, a benchmark size that cannot fit.
 */
class EarlyRefusalTest {
    private static final String CONTENT = ShippedExamples.CONTENT;
    private static final String STYLE = ShippedExamples.STYLE;

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @AfterEach
    void clearMemoryOverride() {
        System.clearProperty(AvailableMemory.OVERRIDE.property());
    }

    private static void oneLine(CliRun r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("atelier").contains(fragment).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void scaleFactorsAreBoundedBeforeAnyImageIsScaled() {
        String o = dir.resolve("o.png").toString();
        long t0 = System.nanoTime();
        oneLine(CliRun.execute("stylize", CONTENT, "-s", STYLE + ",scale=1e9", "-o", o), "scale must be positive and at most 16");
        oneLine(CliRun.execute("stylize", CONTENT, STYLE, "-o", o, "--style-scale", "1e12"),
                "--style-scale: must be positive and at most 16, got 1000000000000");
        // each within its bound, together too large: the scaled style's size is computed, not allocated
        oneLine(CliRun.execute("stylize", CONTENT, "-s", STYLE + ",scale=16", "-o", o, "--style-scale", "16", "--size",
                "1024", "--max-evals", "1"), "--style-scale: scales style 1 to ");
        assertThat((System.nanoTime() - t0) / 1e9).as("refused at once").isLessThan(20);
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void aKeyGivenTwiceInAStyleIsRefused() {
        oneLine(CliRun.execute("stylize", CONTENT, "-s", STYLE + ",weight=1,weight=5", "-o", dir.resolve("o.png").toString()),
                "gives weight twice");
    }

    @Test
    void aPreviewThatCannotBeWrittenIsRefusedBeforeTheRun() {
        Path o = dir.resolve("o.png");
        CliRun r = CliRun.execute("stylize", CONTENT, STYLE, "-o", o.toString(), "--size", "32", "--max-evals", "2",
                "--preview", dir.resolve("prev.txt").toString());
        oneLine(r, "prev.txt");
        assertThat(r.err()).doesNotContain("stylizing");
        assertThat(o).doesNotExist();
    }

    @Test
    void harmonizeRefusesAnExtraFileAndATooSmallMaskBeforeAnnouncingTheRun() throws Exception {
        Path painting = image(dir.resolve("p.png"), 128, 96, 0x884422);
        Path object = image(dir.resolve("obj.png"), 16, 16, 0x2244cc);
        Path mask = image(dir.resolve("m.png"), 16, 16, 0xffffff);
        Path o = dir.resolve("o.png");
        oneLine(CliRun.execute("harmonize", painting.toString(), object.toString(), object.toString(), "--mask",
                mask.toString(), "-o", o.toString()), "a painting and one object, got 3 images");
        // a 4x4 object at 128 px: nothing of it is left at relu5_1
        Path tiny = image(dir.resolve("tiny.png"), 4, 4, 0x2244cc);
        Path tinyMask = image(dir.resolve("tm.png"), 4, 4, 0xffffff);
        CliRun r = CliRun.execute("harmonize", painting.toString(), tiny.toString(), "--mask", tinyMask.toString(),
                "--size", "128", "-o", o.toString());
        oneLine(r, "too small");
        assertThat(r.err()).doesNotContain("harmonizing at");
        assertThat(o).doesNotExist();
    }

    @Test
    void aBenchmarkSizeThatCannotFitIsRefusedAtOnce() {
        System.setProperty(AvailableMemory.OVERRIDE.property(), "4g");
        long t0 = System.nanoTime();
        oneLine(CliRun.execute("bench", "style", "--size", "6000", "--evals", "1"), "--size: ");
        assertThat((System.nanoTime() - t0) / 1e9).as("before generating 36 MP of synthetic images").isLessThan(10);
    }

    private static Path image(Path file, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x + y) % 7 == 0 ? 0xffffff - rgb : rgb);
            }
        }
        ImageFiles.write(img, file);
        return file;
    }
}
