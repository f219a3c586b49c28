package dev.atelier.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The picture a stopped run keeps is written while the JVM shuts down (Ctrl-C, SIGTERM): PNG and JPEG writes
 * must work from a shutdown hook, where ImageIO's default file cache throws "Shutdown in progress".
 */
class WriteDuringShutdownTest {
    @TempDir
    Path dir;

    /** Writes the images named by its arguments from a shutdown hook, then exits. */
    public static final class WriteOnExit {
        public static void main(String[] args) {
            BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            img.setRGB(3, 4, 0x123456);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String a : args) {
                    try {
                        ImageFiles.write(img, Path.of(a));
                        System.out.println("wrote " + a);
                    } catch (Exception e) {
                        System.out.println("failed " + a + ": " + e);
                    }
                }
            }));
            System.exit(0);
        }
    }

    @Test
    void pngAndJpegAreWrittenFromAShutdownHook() throws Exception {
        Path png = dir.resolve("kept.png");
        Path jpg = dir.resolve("kept.jpg");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteOnExit.class.getName(), png.toString(), jpg.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(out).doesNotContain("failed").contains("wrote " + png).contains("wrote " + jpg);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getRGB(3, 4) & 0xffffff).isEqualTo(0x123456);
        assertThat(ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(64);
    }
}
