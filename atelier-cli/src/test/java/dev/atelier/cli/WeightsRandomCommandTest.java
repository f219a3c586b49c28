package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's weight file: generated, importable, usable with --weights, from a fresh clone alone. */
class WeightsRandomCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesASafetensorsFileThatFeaturesCanUse() throws IOException {
        Path file = dir.resolve("w/vgg16-random.safetensors");
        CliRun r = CliRun.execute("weights", "random", file.toString(), "--net", "vgg16");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote").contains("vgg16, random, seed 0");
        assertThat(Files.size(file)).isGreaterThan(50L << 20);

        Path image = dir.resolve("img.png");
        TestImages.pattern(image, 0x336699);
        CliRun f = CliRun.execute("features", image.toString(), "--weights", file.toString(), "--layers", "relu1_1");
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("vgg16, weights vgg16-random.safetensors");
    }

    @Test
    void badNamesAndPlacesAreOneLine() throws IOException {
        CliRun r = CliRun.execute("weights", "random", dir.resolve("w.pth").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("atelier: cannot write " + dir.resolve("w.pth")
                + ": the name must end in .safetensors");
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun under = CliRun.execute("weights", "random", file.resolve("w.safetensors").toString());
        assertThat(under.code()).isEqualTo(2);
        assertThat(under.err()).contains("is a file, not a folder");
    }
}
