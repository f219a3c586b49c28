package dev.atelier.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture and its sidecar are committed as a pair, and a full disk costs neither the old pair nor debris. */
class FilePairTest {
    @TempDir
    Path dir;

    private Path picture() {
        return dir.resolve("x.png");
    }

    private Path sidecar() {
        return dir.resolve("x.png.json");
    }

    private static BufferedImage noise() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24)); // noise: a PNG of some kilobytes, not a few bytes
            }
        }
        return img;
    }

    private void write() throws IOException {
        FilePair.write(picture(), ImageFiles.encoder(noise(), picture()), sidecar(),
                "{\"new\": true}".getBytes(StandardCharsets.UTF_8));
    }

    private void oldPair() throws IOException {
        Files.writeString(picture(), "old picture");
        Files.writeString(sidecar(), "old sidecar");
    }

    private void assertOldPairAndNothingElse() throws IOException {
        assertThat(Files.readString(picture())).isEqualTo("old picture");
        assertThat(Files.readString(sidecar())).isEqualTo("old sidecar");
        assertOnly(picture(), sidecar());
    }

    private void assertOnly(Path... files) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            assertThat(list).as("no temporary files left").containsExactlyInAnyOrder(files);
        }
    }

    @Test
    void writesBothNewFiles() throws IOException {
        oldPair();
        write();
        assertThat(ImageFiles.read(picture()).getWidth()).isEqualTo(64);
        assertThat(Files.readString(sidecar())).isEqualTo("{\"new\": true}");
        assertOnly(picture(), sidecar());
    }

    @Test
    void aFullDiskWhileWritingThePictureKeepsTheOldPairAndNamesThePicture() throws IOException {
        oldPair();
        try (var full = FullDisk.after(1000, ".x.png.")) {
            assertThatThrownBy(this::write).isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write " + picture() + ": the disk is full (No space left on device)")
                    .satisfies(e -> assertThat(((FileWriteException) e).diskFull()).isTrue());
        }
        assertOldPairAndNothingElse();
    }

    @Test
    void aFullDiskWhileWritingTheSidecarKeepsTheOldPairAndNamesTheSidecar() throws IOException {
        oldPair();
        try (var full = FullDisk.after(3, ".x.png.json.")) {
            assertThatThrownBy(this::write).isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write " + sidecar() + ": the disk is full (No space left on device)");
        }
        assertOldPairAndNothingElse();
    }

    @Test
    void aFullDiskWithoutAnOldPairLeavesNoLonePicture() throws IOException {
        try (var full = FullDisk.after(3, ".x.png.json.")) {
            assertThatThrownBy(this::write).isInstanceOf(FileWriteException.class);
        }
        assertOnly();
    }

    @Test
    void devFullMakesImageIoSayItsOwnWordsButTheMessageSaysTheDiskIsFull() throws IOException {
        assumeTrue(FullDisk.devFullWritable(), "/dev/full is not there to write (not Linux?): skipped");
        oldPair();
        try (var full = FullDisk.devFull(".x.png.")) {
            // ImageIO says "I/O error writing PNG file!" with the system's ENOSPC as its cause
            assertThatThrownBy(this::write).isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write " + picture() + ": the disk is full (No space left on device)");
        }
        assertOldPairAndNothingElse();
    }

    @Test
    void whenThePictureCannotBeMovedIntoPlaceTheNewSidecarIsRemovedToo() throws IOException {
        // a folder where the picture goes: every byte is written, then the final rename fails
        Files.createDirectory(picture());
        Files.writeString(picture().resolve("keep.txt"), "not ours");
        assertThatThrownBy(this::write).isInstanceOf(FileWriteException.class)
                .hasMessageStartingWith("cannot write " + picture() + ": ");
        assertThat(sidecar()).as("no sidecar without its picture").doesNotExist();
        assertThat(picture().resolve("keep.txt")).exists();
        assertOnly(picture());
    }

    @Test
    void atomicFilesNamesTheTargetNotItsTemporaryFile() throws IOException {
        Path target = dir.resolve("notes.txt");
        try (var full = FullDisk.after(2, ".notes.txt.")) {
            assertThatThrownBy(() -> AtomicFiles.write(target, "hello".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write " + target + ": the disk is full (No space left on device)")
                    .hasMessageNotContaining(".part");
        }
        assertOnly();
    }

    @Test
    void devFullThroughAtomicFilesSaysTheDiskIsFull() throws IOException {
        assumeTrue(FullDisk.devFullWritable(), "/dev/full is not there to write (not Linux?): skipped");
        Path target = dir.resolve("y.png");
        try (var full = FullDisk.devFull(".y.png.")) {
            assertThatThrownBy(() -> ImageFiles.write(noise(), target)).isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write " + target + ": the disk is full (No space left on device)");
        }
        assertOnly();
    }
}
