package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import org.junit.jupiter.api.Test;

class CompositeTest {
    private static RgbImage flat(int w, int h, float r, float g, float b) {
        float[] p = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            p[i] = r;
            p[w * h + i] = g;
            p[2 * w * h + i] = b;
        }
        return new RgbImage(w, h, p);
    }

    @Test
    void pastesThroughTheMaskAtThePositionAndCutsAtTheBorder() {
        RgbImage painting = flat(6, 5, 0.2f, 0.2f, 0.2f);
        RgbImage object = flat(3, 2, 1f, 0f, 0f);
        float[] m = {1, 0.5f, 0, 1, 1, 1};
        Composite c = Composite.place(painting, object, new SoftMask(3, 2, m), 4, 3, 1);
        int plane = 30;
        // object pixel (0,0) at (4,3): red; (1,0) at (5,3): half; (2,0) falls off the right edge
        assertThat(c.image().pixels()[3 * 6 + 4]).isEqualTo(1f);
        assertThat(c.image().pixels()[plane + 3 * 6 + 4]).isEqualTo(0f);
        assertThat(c.image().pixels()[3 * 6 + 5]).isEqualTo(0.6f);
        assertThat(c.mask().values()[3 * 6 + 5]).isEqualTo(0.5f);
        assertThat(c.mask().values()[4 * 6 + 4]).isEqualTo(1f);
        assertThat(c.image().pixels()[0]).isEqualTo(0.2f);
        assertThat(c.mask().coverage()).isEqualTo((1 + 0.5 + 1 + 1) / 30.0, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void refusesAMaskOfAnotherSizeAnEmptyMaskAndAnObjectOffThePainting() {
        RgbImage painting = flat(10, 10, 0, 0, 0);
        RgbImage object = flat(4, 4, 1, 1, 1);
        assertThatThrownBy(() -> Composite.place(painting, object, SoftMask.full(5, 4), 0, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("same size");
        assertThatThrownBy(() -> Composite.place(painting, object, new SoftMask(4, 4, new float[16]), 0, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Composite.place(painting, object, SoftMask.full(4, 4), 10, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Composite.place(painting, object, SoftMask.full(4, 4), -4, 2, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
        // overlapping, but only the object's unmasked part lands on the painting
        float[] m = new float[16];
        m[0] = 1;
        assertThatThrownBy(() -> Composite.place(painting, object, new SoftMask(4, 4, m), -1, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Composite.place(painting, object, SoftMask.full(4, 4), 0, 0, 1e9))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> Composite.place(painting, object, SoftMask.full(4, 4), 0, 0, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> Composite.given(painting, flat(9, 10, 0, 0, 0), SoftMask.full(10, 10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("composite is 9x10");
        assertThatThrownBy(() -> Composite.given(painting, painting, SoftMask.full(10, 9)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("mask is 10x9");
    }

    @Test
    void looseMaskContainsTheMaskAndTheTightMaskStaysInsideTheLooseOne() {
        float[] m = new float[40 * 30];
        for (int y = 10; y < 20; y++) {
            for (int x = 15; x < 25; x++) {
                m[y * 40 + x] = 1;
            }
        }
        HarmonizationMasks masks = HarmonizationMasks.of(new SoftMask(40, 30, m), 2);
        int looseCount = 0;
        for (int i = 0; i < m.length; i++) {
            float l = masks.loose().values()[i];
            assertThat(l == 0f || l == 1f).isTrue();
            if (m[i] > 0) {
                assertThat(l).isEqualTo(1f);
                assertThat(masks.tight().values()[i]).isGreaterThan(0.4f);
            }
            if (l == 0) {
                assertThat(masks.tight().values()[i]).isEqualTo(0f);
            }
            looseCount += (int) l;
        }
        // dilated: more than the 100 mask pixels, but not the whole image
        assertThat(looseCount).isBetween(150, 600);
        // two pixels out from the square's edge is loose; ten pixels out is not
        assertThat(masks.loose().values()[15 * 40 + 13]).isEqualTo(1f);
        assertThat(masks.loose().values()[15 * 40 + 5]).isEqualTo(0f);
    }
}
