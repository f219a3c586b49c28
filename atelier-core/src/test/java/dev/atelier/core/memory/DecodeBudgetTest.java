package dev.atelier.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap budget decodes share: refusal, waiting, turning away and nesting, and the guard in a small heap. */
class DecodeBudgetTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearOverride() {
        System.clearProperty(DecodeBudget.OVERRIDE.property());
    }

    private static void budget(long bytes) {
        System.setProperty(DecodeBudget.OVERRIDE.property(), Long.toString(bytes));
    }

    @Test
    void theDefaultIsHalfTheHeapAndTheEstimateCountsEveryCopy() {
        assertThat(DecodeBudget.capacity()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        // 24 bytes a pixel plus the decoder's fixed buffers
        assertThat(DecodeBudget.bytesFor(1000, 1000)).isEqualTo(24_000_000L + (1L << 20));
        // a hostile declared size saturates instead of wrapping around to a small number
        assertThat(DecodeBudget.bytesFor(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anImageThatCouldNeverFitIsRefusedAtOnceWithHowToRaiseTheLimit() {
        budget(10L << 20);
        assertThatThrownBy(() -> DecodeBudget.reserve("big.png", 1000, 1000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("big.png (1000x1000 pixels)")
                .hasMessageContaining("needs about 24 MiB of Java heap")
                .hasMessageContaining("-Xmx")
                .hasMessageContaining("ATELIER_IMAGE_DECODE_HEAP")
                .hasMessageNotContaining("\n");
        assertThat(DecodeBudget.inUse()).isZero();
    }

    @Test
    void aDecodeWaitsForTheBudgetOrIsTurnedAwayAfterItsLongestWait() throws Exception {
        budget(DecodeBudget.bytesFor(1000, 1000) * 3 / 2);
        DecodeBudget.Reservation first = DecodeBudget.reserve("a.png", 1000, 1000);
        assertThat(DecodeBudget.inUse()).isEqualTo(DecodeBudget.bytesFor(1000, 1000));
        // another thread is turned away after its wait...
        CompletableFuture<Throwable> turnedAway = CompletableFuture.supplyAsync(() -> {
            try (DecodeBudget.Reservation r = DecodeBudget.reserve("b.png", 1000, 1000, Duration.ofMillis(200))) {
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(turnedAway.get(10, TimeUnit.SECONDS)).isInstanceOf(MemoryBusyException.class)
                .hasMessageStartingWith("busy:");
        assertThat(((MemoryBusyException) turnedAway.get()).retryAfterSeconds()).isBetween(1, 60);
        // ...and one that waits as long as it takes gets the budget once the first gives it back
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try (DecodeBudget.Reservation r = DecodeBudget.reserve("c.png", 1000, 1000)) {
                return r.bytes();
            }
        });
        started.await();
        Thread.sleep(100);
        assertThat(waited).isNotDone();
        first.close();
        assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo(DecodeBudget.bytesFor(1000, 1000));
        assertThat(DecodeBudget.inUse()).isZero();
        first.close(); // a second close gives nothing back twice
        assertThat(DecodeBudget.inUse()).isZero();
    }

    @Test
    void aNestedDecodeIsNotCountedTwice() {
        budget(DecodeBudget.bytesFor(1000, 1000) * 3 / 2);
        try (DecodeBudget.Reservation outer = DecodeBudget.reserve("upload", 1000, 1000, Duration.ZERO)) {
            try (DecodeBudget.Reservation inner = DecodeBudget.reserve("upload", 1000, 1000, Duration.ZERO)) {
                assertThat(inner.bytes()).isZero();
            }
            assertThat(DecodeBudget.inUse()).isEqualTo(outer.bytes());
        }
        assertThat(DecodeBudget.inUse()).isZero();
    }

    /** Reads the image named by its argument the way every command does; one line and exit 2 when refused. */
    public static final class ReadOne {
        public static void main(String[] args) {
            try {
                BufferedImage img = ImageFiles.read(Path.of(args[0]));
                System.out.println(img.getWidth() + "x" + img.getHeight());
            } catch (InvalidInputException e) {
                System.out.println("refused: " + e.getMessage());
                System.exit(2);
            }
        }
    }

    @Test
    void inASmallHeapALegalLargeImageIsRefusedInsteadOfRunningOutOfMemory() throws Exception {
        // 12 MP: its raster and RGB copy alone (84 MB) overflow a 64 MB heap; the file itself is small
        Path big = dir.resolve("big.png");
        BufferedImage img = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        javax.imageio.ImageIO.write(img, "png", big.toFile());
        assertThat(Files.size(big)).isLessThan(1L << 20);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ReadOne.class.getName(), big.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finishes").isTrue();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("\n")
                .startsWith("refused: decoding " + big + " (4000x3000 pixels) needs about 276 MiB of Java heap");
        assertThat(p.exitValue()).as(out).isEqualTo(2);
    }
}
