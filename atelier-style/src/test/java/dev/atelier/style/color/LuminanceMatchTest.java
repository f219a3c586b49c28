package dev.atelier.style.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import org.junit.jupiter.api.Test;

class LuminanceMatchTest {

    @Test
    void luminanceTakesTheContentsMeanAndStdAndChromaIsKept() {
        RgbImage style = ColorTestImages.correlated(40, 30, 5);
        RgbImage content = ColorTestImages.correlated(20, 36, 6);
        RgbImage matched = LuminanceMatch.matched(style, content);

        double[] want = LuminanceMatch.meanStd(Yiq.luminance(content), 20 * 36);
        double[] before = LuminanceMatch.meanStd(Yiq.luminance(style), 40 * 30);
        double[] got = LuminanceMatch.meanStd(Yiq.luminance(matched), 40 * 30);
        assertThat(Math.abs(before[0] - want[0]) + Math.abs(before[1] - want[1])).isGreaterThan(0.01);
        assertThat(got[0]).isCloseTo(want[0], within(1e-5));
        assertThat(got[1]).isCloseTo(want[1], within(1e-5));

        int n = 40 * 30;
        float[] yiqBefore = Yiq.fromRgb(style.pixels());
        float[] yiqAfter = Yiq.fromRgb(matched.pixels());
        for (int i = n; i < 3 * n; i++) {
            assertThat(yiqAfter[i]).as("chroma value %d", i).isCloseTo(yiqBefore[i], within(1e-5f));
        }
    }

    @Test
    void aFlatStyleTakesTheContentsMeanLuminance() {
        float[] p = new float[12];
        java.util.Arrays.fill(p, 0.3f);
        RgbImage flat = new RgbImage(2, 2, p);
        RgbImage content = ColorTestImages.correlated(8, 8, 7);
        double[] got = LuminanceMatch.meanStd(Yiq.luminance(LuminanceMatch.matched(flat, content)), 4);
        assertThat(got[0]).isCloseTo(LuminanceMatch.meanStd(Yiq.luminance(content), 64)[0], within(1e-6));
        assertThat(got[1]).isCloseTo(0, within(1e-6));
    }
}
