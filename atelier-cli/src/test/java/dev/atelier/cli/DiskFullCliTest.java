package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.TemporaryStreams;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while {@code stylize} and {@code harmonize} write (issue #21): one line naming the file and
 * saying the disk is full, exit 2, no stack trace; the user's older picture and sidecar survive, and no
 * temporary file nor lone picture is left. The disk is /dev/full, put behind the temporary files of the
 * named output through {@link TemporaryStreams}.
 */
class DiskFullCliTest {
    private static final String FULL = ": the disk is full (No space left on device)";
    private static final String[] SHALLOW = {"--net", "vgg16", "--content-layers", "relu2_2",
        "--style-layers", "relu1_1:1,relu2_1:1", "--size", "48", "--max-evals", "2"};

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    private Path out;

    @BeforeEach
    void oldPair() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is not there to write (not Linux?): skipped");
        out = dir.resolve("full/x.png");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "old picture");
        Files.writeString(sidecar(), "old sidecar");
    }

    private Path sidecar() {
        return out.resolveSibling("x.png.json");
    }

    /** Runs the command line with the temporary files whose name contains {@code full} on a full disk. */
    private static CliRun onFullDisk(String full, String... args) {
        try (var disk = TemporaryStreams.replace(tmp -> tmp.getFileName().toString().contains(full)
                ? Files.newOutputStream(Path.of("/dev/full")) : Files.newOutputStream(tmp))) {
            return CliRun.execute(args);
        }
    }

    private static void assertOneLine(CliRun r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("atelier: " + message).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().filter(l -> l.startsWith("atelier: "))).hasSize(1);
    }

    private void assertOldPairAndNoDebris(Path... others) throws IOException {
        assertThat(Files.readString(out)).isEqualTo("old picture");
        assertThat(Files.readString(sidecar())).isEqualTo("old sidecar");
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files).as("no temporary files, nothing half-done")
                    .containsExactlyInAnyOrder(Stream.concat(Stream.of(out, sidecar()), Stream.of(others))
                            .toArray(Path[]::new));
        }
    }

    private String[] stylize(String... more) {
        String[] head = {"stylize", ShippedExamples.CONTENT, ShippedExamples.STYLE, "-o", out.toString()};
        return Stream.of(head, SHALLOW, more).flatMap(Stream::of).toArray(String[]::new);
    }

    @Test
    void stylizeOnAFullDiskNamesThePictureAndKeepsTheOldPair() throws IOException {
        CliRun r = onFullDisk(".x.png.", stylize());
        assertOneLine(r, "cannot write " + out + FULL);
        assertOldPairAndNoDebris();
    }

    @Test
    void stylizeWhoseSidecarFindsTheDiskFullLeavesNoPictureWithoutIt() throws IOException {
        CliRun r = onFullDisk(".x.png.json.", stylize());
        assertOneLine(r, "cannot write " + sidecar() + FULL);
        assertOldPairAndNoDebris();
    }

    @Test
    void aSnapshotOnAFullDiskIsNamedAsTheSnapshot() throws IOException {
        Path snapshot = out.resolveSibling("x.0001.png");
        CliRun r = onFullDisk(".x.0001.png.", stylize("--save-every", "1"));
        assertOneLine(r, "cannot write the snapshot " + snapshot + FULL);
        assertOldPairAndNoDebris();
    }

    @Test
    void aPreviewOnAFullDiskIsNamedAsThePreview() throws IOException {
        Path preview = out.resolveSibling("preview.png");
        CliRun r = onFullDisk(".preview.png.", stylize("--preview", preview.toString()));
        assertOneLine(r, "cannot write the preview " + preview + FULL);
        assertOldPairAndNoDebris();
    }

    @Test
    void harmonizeOnAFullDiskNamesThePictureAndKeepsTheOldPair() throws IOException {
        Path painting = image("painting.png", 64, 48, 0x963c1e);
        Path object = image("object.png", 16, 16, 0x2040c0);
        Path mask = image("mask.png", 16, 16, 0xffffff);
        CliRun r = onFullDisk(".x.png.", "harmonize", painting.toString(), object.toString(), "--mask",
                mask.toString(), "--size", "64", "--max-evals", "2", "--scales", "1", "-o", out.toString());
        assertOneLine(r, "cannot write " + out + FULL);
        assertOldPairAndNoDebris();
    }

    private Path image(String name, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x + y) % 3 == 0 ? rgb : 0x808080);
            }
        }
        Path f = dir.resolve(name);
        ImageFiles.write(img, f);
        return f;
    }
}
