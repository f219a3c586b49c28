package dev.atelier.style.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class SoftMaskTest {
    @Test
    void areaAveragingKeepsTheCoverageAtEveryLayerSize() {
        float[] v = new float[37 * 23];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 7919) % 101) / 100f;
        }
        SoftMask m = new SoftMask(37, 23, v);
        for (int[] wh : new int[][] {{18, 11}, {9, 5}, {4, 2}, {1, 1}, {74, 46}}) {
            float[] r = m.resized(wh[0], wh[1]);
            double mean = 0;
            for (float x : r) {
                mean += x;
            }
            assertThat(mean / r.length).as("%dx%d", wh[0], wh[1]).isCloseTo(m.coverage(), within(1e-5));
        }
    }

    @Test
    void aspectRatioIsCheckedToWithinAPixel() {
        SoftMask m = SoftMask.full(451, 300);
        assertThatCode(() -> m.requireAspectOf(384, 255, "mask")).doesNotThrowAnyException();
        assertThatCode(() -> m.requireAspectOf(902, 600, "mask")).doesNotThrowAnyException();
        assertThatThrownBy(() -> m.requireAspectOf(300, 300, "the mask of style 1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("aspect ratio")
                .hasMessageContaining("451x300").hasMessageContaining("300x300");
    }

    @Test
    void invertedIsTheComplement() {
        SoftMask m = new SoftMask(2, 1, new float[] {0.25f, 1f});
        assertThat(m.inverted().values()).containsExactly(0.75f, 0f);
    }
}
