package dev.atelier.stylenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedNetworkBlendTest {
    /** A 3x1 picture whose red, green and blue planes are all {@code v}. */
    private static RgbImage flat(float v) {
        float[] p = new float[9];
        java.util.Arrays.fill(p, v);
        return new RgbImage(3, 1, p);
    }

    @Test
    void overlapsShareThePixelAndThePhotoFillsWhatTheMasksLeave() {
        RgbImage photo = flat(0.1f);
        RgbImage a = flat(0.9f);
        RgbImage b = flat(0.5f);
        // pixel 0: both masks white (sum 2: halves); pixel 1: a half grey (half a, half photo); pixel 2: none
        SoftMask ma = new SoftMask(3, 1, new float[] {1f, 0.5f, 0f});
        SoftMask mb = new SoftMask(3, 1, new float[] {1f, 0f, 0f});
        RgbImage out = new MaskedNetworkBlend(List.of(ma, mb)).blend(photo, List.of(a, b));
        float[] expected = {0.7f, 0.5f, 0.1f};
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 3; x++) {
                assertThat(out.pixels()[c * 3 + x]).isCloseTo(expected[x], within(1e-6f));
            }
        }
    }

    @Test
    void masksAreAreaAveragedToThePicture() {
        // a 6x2 mask over a 3x1 picture: each pixel takes the mean of a 2x2 block
        SoftMask m = new SoftMask(6, 2, new float[] {1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0});
        RgbImage out = new MaskedNetworkBlend(List.of(m)).blend(flat(0f), List.of(flat(1f)));
        assertThat(out.pixels()[0]).isCloseTo(1f, within(1e-6f));
        assertThat(out.pixels()[1]).isCloseTo(0.25f, within(1e-6f));
        assertThat(out.pixels()[2]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void badMasksAreOneLine() {
        SoftMask black = new SoftMask(3, 1, new float[3]);
        assertThatThrownBy(() -> new MaskedNetworkBlend(List.of(SoftMask.full(3, 1), black)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("network 2").hasMessageContaining("nowhere");
        MaskedNetworkBlend one = new MaskedNetworkBlend(List.of(SoftMask.full(3, 1)));
        assertThatThrownBy(() -> one.blend(flat(0f), List.of(flat(1f), flat(1f))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("one mask per network");
        MaskedNetworkBlend tall = new MaskedNetworkBlend(List.of(SoftMask.full(2, 20)));
        assertThatThrownBy(() -> tall.blend(flat(0f), List.of(flat(1f))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("aspect ratio");
    }
}
