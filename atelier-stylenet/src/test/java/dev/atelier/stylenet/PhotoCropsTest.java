package dev.atelier.stylenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.style.image.RgbImage;
import dev.atelier.train.data.ImageSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crops are cut from the photo scaled to the paint size, at both sides, along both of its sides: each is
 * the window of the scaled photo at its place, checked pixel by pixel.
 */
class PhotoCropsTest {
    @TempDir
    Path dir;

    @Test
    void cropsAreWindowsOfThePhotoAtThePaintScale() throws Exception {
        // 48x32 scaled so its short side is 128: 192x128
        List<Path> files = TinyPhotos.write(dir, 1, 48, 32);
        PhotoCrops crops = PhotoCrops.of(files, 64, 128);
        RgbImage scaled = RgbImage.read(files.get(0)).resized(192, 128);

        // 64-px crops: 128 spare across, 64 spare down: three places on each
        assertThat(crops.size()).isEqualTo(9);
        assertWindows(crops.images(), scaled, 64, List.of(0, 64, 128), List.of(0, 32, 64));
        // 32-px crops of the same scaled photo (not the 64-px crops shrunk): 160 and 96 spare
        assertThat(crops.smallImages().size()).isEqualTo(9);
        assertWindows(crops.smallImages(), scaled, 32, List.of(0, 80, 160), List.of(0, 48, 96));
    }

    @Test
    void atTheCropSizeTheShortSideIsOneCrop() throws Exception {
        List<Path> files = TinyPhotos.write(dir, 1, 96, 64);
        PhotoCrops crops = PhotoCrops.of(files, 64);
        // 96x64: 32 spare across (two places), none down
        assertThat(crops.size()).isEqualTo(2);
        assertWindows(crops.images(), RgbImage.read(files.get(0)), 64, List.of(0, 32), List.of(0));
    }

    @Test
    void aPaintSizeBelowTheCropIsRefused() throws Exception {
        List<Path> files = TinyPhotos.write(dir, 1, 64, 64);
        assertThatThrownBy(() -> PhotoCrops.of(files, 64, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below the crop size");
    }

    private static void assertWindows(ImageSet set, RgbImage image, int size, List<Integer> xs, List<Integer> ys) {
        byte[] all = set.pixels();
        int plane = 3 * size * size;
        int k = 0;
        for (int y0 : ys) {
            for (int x0 : xs) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            float v = image.pixels()[(c * image.height() + y0 + y) * image.width() + x0 + x];
                            int expected = Math.round(Math.max(0, Math.min(1, v)) * 255);
                            int got = all[k * plane + (c * size + y) * size + x] & 0xff;
                            assertThat(got).as("crop %d at (%d, %d), channel %d, pixel (%d, %d)", k, x0, y0, c, x, y)
                                    .isEqualTo(expected);
                        }
                    }
                }
                k++;
            }
        }
    }
}
