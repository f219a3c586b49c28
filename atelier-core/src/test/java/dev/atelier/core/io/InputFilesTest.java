package dev.atelier.core.io;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link InputFiles} says about each kind of path that is not a readable regular file. */
class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFilePasses() throws Exception {
        Path file = Files.writeString(dir.resolve("p.json"), "{}");
        assertThatCode(() -> InputFiles.requireRegularFile("phases file", file)).doesNotThrowAnyException();
    }

    @Test
    void aFolderIsAFolder() {
        assertThatThrownBy(() -> InputFiles.requireRegularFile("phases file", dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + " is a folder, not a phases file");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("image file", dir))
                .hasMessage(dir + " is a folder, not an image file");
    }

    @Test
    void aDeviceIsNotCalledMissing() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("checkpoint", zero)).isInstanceOf(InvalidInputException.class)
                .hasMessage("/dev/zero is not a regular file (a device, pipe or socket), so it cannot be a checkpoint");
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo on this system");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("preset file", fifo)).isInstanceOf(InvalidInputException.class)
                .hasMessage(fifo + " is not a regular file (a device, pipe or socket), so it cannot be a preset file");
    }

    @Test
    void missingFilesAndBrokenLinksSaySo() throws Exception {
        Path none = dir.resolve("none.ckpt");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("GAN checkpoint", none))
                .hasMessage("no such GAN checkpoint: " + none);
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        assertThatThrownBy(() -> InputFiles.requireRegularFile("GAN checkpoint", link))
                .hasMessage(link + " is a broken symbolic link: its target does not exist");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("weight file", file.resolve("w.pth")))
                .hasMessage("no such weight file: " + file.resolve("w.pth") + " (" + file + " is not a folder)");
    }
}
