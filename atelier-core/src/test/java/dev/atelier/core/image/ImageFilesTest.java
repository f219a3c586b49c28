package dev.atelier.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and unusual image files: each is refused with one clear line, or read with the right colours. */
class ImageFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearLimit() {
        System.clearProperty(ImagePixelLimit.LIMIT.property());
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        Path bomb = HostileImages.pngDeclaring(dir.resolve("bomb.png"), 20000, 20000);
        assertThat(Files.size(bomb)).isLessThan(100);
        assertThatThrownBy(() -> ImageFiles.read(bomb))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bomb.png declares 20000x20000 pixels (400.0 MP)")
                .hasMessageContaining("limit of 50.0 MP")
                .hasMessageContaining("ATELIER_IMAGE_MAX_PIXELS");
        assertThatThrownBy(() -> ImageFiles.header(bomb)).hasMessageContaining("declares 20000x20000");
    }

    @Test
    void pixelLimitIsOverridable() throws IOException {
        Path img = HostileImages.noisePng(dir.resolve("a.png"), 40, 30);
        System.setProperty(ImagePixelLimit.LIMIT.property(), "1000");
        assertThatThrownBy(() -> ImageFiles.read(img)).hasMessageContaining("declares 40x30 pixels");
        System.setProperty(ImagePixelLimit.LIMIT.property(), "1200");
        assertThat(ImageFiles.read(img).getWidth()).isEqualTo(40);
        System.setProperty(ImagePixelLimit.LIMIT.property(), "lots");
        assertThatThrownBy(() -> ImageFiles.read(img)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("atelier.image.maxPixels is 'lots'");
    }

    @Test
    void headerGivesTheSizeWithoutDecoding() throws IOException {
        Path img = HostileImages.noiseJpeg(dir.resolve("a.jpg"), 48, 20);
        assertThat(ImageFiles.header(img)).isEqualTo(new ImageHeader(48, 20, "jpeg"));
        // the header of a PNG that declares 6000x6000 is read without the 144 MB decode
        ImageHeader big = ImageFiles.header(HostileImages.pngDeclaring(dir.resolve("big.png"), 6000, 6000));
        assertThat(big.pixels()).isEqualTo(36_000_000L);
    }

    @Test
    void badFilesGiveOneClearLine() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        Path text = HostileImages.text(dir.resolve("text.png"));
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        Path png = HostileImages.noisePng(dir.resolve("full.png"), 64, 64);
        Path truncatedPng = HostileImages.truncated(png, dir.resolve("cut.png"), 0.5);
        Path jpeg = HostileImages.noiseJpeg(dir.resolve("full.jpg"), 64, 64);
        Path truncatedJpeg = HostileImages.truncated(jpeg, dir.resolve("cut.jpg"), 0.5);

        assertOneLine(empty, "empty.png is not an image in a supported format (PNG or JPEG): the file is empty");
        assertOneLine(text, "text.png is not an image in a supported format");
        assertOneLine(folder, "folder.png is a folder, not an image file");
        assertOneLine(dir.resolve("missing.png"), "no such image file");
        assertOneLine(truncatedPng, "cannot read image " + truncatedPng);
        // Java's JPEG decoder only warns and fills the rest with grey: refused, not used
        assertOneLine(truncatedJpeg, "cut.jpg: it is damaged or truncated");
        Path devZero = Path.of("/dev/zero");
        if (Files.exists(devZero)) {
            assertOneLine(devZero, "/dev/zero is not a regular file");
        }
    }

    @Test
    void adobeCmykJpegIsReadInItsTrueColours() throws IOException {
        // Adobe stores inverted ink: red is C=0 M=100% Y=100% K=0, stored as 255, 0, 0, 255
        Path red = HostileImages.fourChannelJpeg(dir.resolve("red-cmyk.jpg"), 0, 255, 0, 0, 255);
        assertColour(ImageFiles.read(red), 255, 0, 0);
        // 50% black: every ink 0 but K=50%: grey
        Path grey = HostileImages.fourChannelJpeg(dir.resolve("grey-cmyk.jpg"), 0, 255, 255, 255, 128);
        assertColour(ImageFiles.read(grey), 128, 128, 128);
    }

    @Test
    void adobeYcckJpegIsReadInItsTrueColours() throws IOException {
        // YCCK: Y, Cb, Cr of the inverted C, M, Y (red: 255, 0, 0), then inverted K (255: no black)
        Path red = HostileImages.fourChannelJpeg(dir.resolve("red-ycck.jpg"), 2, 76, 85, 255, 255);
        assertColour(ImageFiles.read(red), 255, 0, 0);
        Path green = HostileImages.fourChannelJpeg(dir.resolve("green-ycck.jpg"), 2, 150, 44, 21, 255);
        assertColour(ImageFiles.read(green), 0, 255, 0);
    }

    @Test
    void plainCmykJpegWithoutAdobeMarkerIsReadAsInkAmounts() throws IOException {
        Path blue = HostileImages.fourChannelJpeg(dir.resolve("blue.jpg"), -1, 255, 255, 0, 0);
        assertColour(ImageFiles.read(blue), 0, 0, 255);
    }

    @Test
    void planesBeyondOneJavaArrayAreRefusedNotOverflowed() {
        // 30000 x 30000 x 3 overflows an int: only reachable when the pixel limit is raised that far
        assertThatThrownBy(() -> ImagePlanes.requireFits(30000, 30000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("30000x30000 pixels is too large to process in one piece");
        ImagePlanes.requireFits(8000, 6000);
    }

    private static void assertColour(BufferedImage img, int r, int g, int b) {
        int rgb = img.getRGB(8, 8);
        assertThat(new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff})
                .satisfies(c -> {
                    assertThat(c[0]).as("red").isCloseTo(r, org.assertj.core.data.Offset.offset(6));
                    assertThat(c[1]).as("green").isCloseTo(g, org.assertj.core.data.Offset.offset(6));
                    assertThat(c[2]).as("blue").isCloseTo(b, org.assertj.core.data.Offset.offset(6));
                });
    }

    private static void assertOneLine(Path file, String expected) {
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
