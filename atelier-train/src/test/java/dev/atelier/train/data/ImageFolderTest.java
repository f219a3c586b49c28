package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    private static void solid(Path file, int w, int h, Color c) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classesAreSubFoldersInNameOrderAndImagesOfAnySizeAreResized() throws IOException {
        for (int i = 0; i < 5; i++) {
            solid(dir.resolve("red/" + i + ".png"), 10 + i, 7 + 2 * i, Color.RED);
            solid(dir.resolve("blue/" + i + ".png"), 30, 20 + i, Color.BLUE);
        }
        ImageFolder.Splits s = ImageFolder.load(dir, 6, 3, 0.2, 1);
        assertThat(s.train().classes()).containsExactly("blue", "red");
        assertThat(s.train().size()).isEqualTo(8);
        assertThat(s.valid().size()).isEqualTo(2);
        assertThat(Arrays.stream(s.valid().labels()).sorted().toArray()).containsExactly(0, 1);
        assertThat(s.train().height()).isEqualTo(6);
        int label = s.train().labels()[0];
        byte[] px = s.train().pixels();
        // A solid image stays solid when resized: channel planes are 255/0/0 (red) or 0/0/255 (blue).
        int red = px[0] & 0xff;
        int blue = px[2 * 36] & 0xff;
        assertThat(label == 1 ? red : blue).isEqualTo(255);
        assertThat(label == 1 ? blue : red).isEqualTo(0);
    }

    @Test
    void trainAndValidFoldersAreUsedAsGivenAndGreyIsTheLuma() throws IOException {
        solid(dir.resolve("train/a/1.png"), 4, 4, Color.WHITE);
        solid(dir.resolve("train/b/1.png"), 4, 4, Color.BLACK);
        solid(dir.resolve("train/b/2.png"), 4, 4, Color.BLACK);
        solid(dir.resolve("valid/a/1.png"), 9, 9, Color.WHITE);
        solid(dir.resolve("valid/b/1.png"), 9, 9, Color.BLACK);
        ImageFolder.Splits s = ImageFolder.load(dir, 4, 1, 0.5, 0);
        assertThat(s.train().labels()).containsExactly(0, 1, 1);
        assertThat(s.valid().labels()).containsExactly(0, 1);
        assertThat(s.valid().pixels()[0] & 0xff).isEqualTo(255);
        assertThat(s.valid().pixels()[16] & 0xff).isEqualTo(0);
    }

    @Test
    void aFolderWithOneClassIsRejected() throws IOException {
        solid(dir.resolve("only/1.png"), 4, 4, Color.WHITE);
        assertThatThrownBy(() -> ImageFolder.load(dir, 4, 3, 0.2, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least two class sub-folders");
    }
}
