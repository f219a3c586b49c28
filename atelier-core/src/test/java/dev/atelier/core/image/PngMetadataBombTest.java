package dev.atelier.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small PNG whose text chunks inflate to gigabytes is read in the memory its pixels need: checked in a
 * child JVM whose heap (64 MB) one such chunk alone would overflow.
 */
class PngMetadataBombTest {
    @TempDir
    Path dir;

    /** Reads the image named by its argument and prints its size: the guarded path, in a small heap. */
    public static final class ReadOne {
        public static void main(String[] args) {
            BufferedImage img = ImageFiles.read(Path.of(args[0]));
            System.out.println(img.getWidth() + "x" + img.getHeight());
        }
    }

    @Test
    void compressedTextChunksAreNeverInflated() throws Exception {
        // 8 chunks of 256 MB of text each, about 2 MB on disk
        Path bomb = HostileImages.pngMetadataBomb(dir.resolve("bomb.png"), 64, 48, 8, 256L << 20);
        assertThat(Files.size(bomb)).isLessThan(4L << 20);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ReadOne.class.getName(), bomb.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finishes").isTrue();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("64x48");
        // and the pixels are the image's own
        assertThat(ImageFiles.read(bomb).getRGB(5, 7))
                .isEqualTo(ImageFiles.read(HostileImages.noisePng(dir.resolve("plain.png"), 64, 48)).getRGB(5, 7));
    }
}
