package dev.atelier.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTensorsTest {
    @TempDir
    Path dir;

    @Test
    void pngRoundTripIsExactAndChannelsAreRgb() throws IOException {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        img.setRGB(1, 2, 0xff8000); // orange: R=255, G=128, B=0
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = ImageTensors.toArray(img, m);
            assertThat(a.getShape()).isEqualTo(new Shape(1, 3, 3, 5));
            assertThat(a.getFloat(0, 0, 2, 1)).isEqualTo(1f);
            assertThat(a.getFloat(0, 1, 2, 1)).isCloseTo(128 / 255f, within(1e-7f));
            assertThat(a.getFloat(0, 2, 2, 1)).isEqualTo(0f);

            Path png = dir.resolve("out/round.png");
            ImageTensors.save(a, png);
            NDArray back = ImageTensors.load(png, m);
            assertThat(back.toFloatArray()).containsExactly(a.toFloatArray());
            // (3, H, W) works too
            ImageTensors.save(a.squeeze(0), png);
            assertThat(ImageTensors.load(png, m).toFloatArray()).containsExactly(a.toFloatArray());
        }
    }

    @Test
    void jpegRoundTripIsClose() throws IOException {
        BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | 100);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = ImageTensors.toArray(img, m);
            Path jpg = dir.resolve("smooth.JPG");
            ImageTensors.save(a, jpg);
            NDArray back = ImageTensors.load(jpg, m);
            assertThat(back.getShape()).isEqualTo(a.getShape());
            assertThat(back.sub(a).abs().mean().getFloat()).isLessThan(0.02f);
        }
    }

    @Test
    void resizingKeepsTheAspectRatio() throws IOException {
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        // left half black, right half white: the mean must survive downscaling
        for (int y = 0; y < 200; y++) {
            for (int x = 150; x < 300; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        Path png = dir.resolve("wide.png");
        ImageFiles.write(img, png);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray small = ImageTensors.load(png, 30, m);
            assertThat(small.getShape()).isEqualTo(new Shape(1, 3, 20, 30));
            assertThat(small.mean().getFloat()).isCloseTo(0.5f, within(0.02f));
            assertThat(ImageTensors.load(png, 450, m).getShape()).isEqualTo(new Shape(1, 3, 300, 450));
        }
        BufferedImage tall = ImageResizer.fitLongSide(new BufferedImage(101, 333, BufferedImage.TYPE_INT_RGB), 100);
        assertThat(tall.getHeight()).isEqualTo(100);
        assertThat(tall.getWidth()).isEqualTo(30); // 101 * 100 / 333 = 30.3
    }

    @Test
    void normalizationIsInvertedByDenormalization() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 4, 5));
            NDArray n = ImageNetNormalization.normalize(x);
            // hand-computed: pixel (0, 1, 2, 3) is (x - 0.456) / 0.224
            assertThat(n.getFloat(0, 1, 2, 3)).isCloseTo((x.getFloat(0, 1, 2, 3) - 0.456f) / 0.224f, within(1e-5f));
            assertThat(n.getFloat(1, 2, 0, 0)).isCloseTo((x.getFloat(1, 2, 0, 0) - 0.406f) / 0.225f, within(1e-5f));
            NDArray back = ImageNetNormalization.denormalize(n);
            assertThat(back.sub(x).abs().max().getFloat()).isLessThan(1e-6f);
            NDArray unbatched = ImageNetNormalization.normalize(x.get(0));
            assertThat(unbatched.sub(n.get(0)).abs().max().getFloat()).isEqualTo(0f);
        }
    }

    @Test
    void unreadableFilesAreReportedClearly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ImageTensors.load(dir.resolve("missing.png"), m))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such image file");
            Path text = dir.resolve("notes.png");
            Files.writeString(text, "not an image");
            assertThatThrownBy(() -> ImageTensors.load(text, m))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an image");
            Path good = dir.resolve("good.png");
            ImageFiles.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), good);
            byte[] bytes = Files.readAllBytes(good);
            Path truncated = dir.resolve("truncated.png");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> ImageTensors.load(truncated, m)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> ImageTensors.save(m.zeros(new Shape(3, 2, 2)), dir.resolve("x.gif")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(".png");
            assertThat(dir.resolve("x.gif")).doesNotExist();
        }
    }
}
