package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostProcessingTest {
    @Test
    void labRoundTripsAndKnowsWhite() {
        Random r = new Random(1);
        float[] p = new float[3 * 50];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        RgbImage img = new RgbImage(10, 5, p);
        RgbImage back = Lab.toRgb(Lab.fromRgb(img), 10, 5);
        for (int i = 0; i < p.length; i++) {
            assertThat(back.pixels()[i]).isCloseTo(p[i], within(1e-4f));
        }
        float[] white = Lab.fromRgb(new RgbImage(1, 1, new float[] {1, 1, 1}));
        assertThat(white[0]).isCloseTo(100f, within(1e-3f));
        assertThat(white[1]).isCloseTo(0f, within(1e-3f));
        assertThat(white[2]).isCloseTo(0f, within(1e-3f));
    }

    @Test
    void chromaSpeckleIsRemovedAndLightnessKept() {
        // a grey image of constant lightness with one magenta-ish pixel of the same lightness
        int w = 15;
        int h = 15;
        float[] lab = new float[3 * w * h];
        java.util.Arrays.fill(lab, 0, w * h, 60f);
        lab[w * h + 7 * w + 7] = 40f;
        lab[2 * w * h + 7 * w + 7] = -30f;
        RgbImage speckled = Lab.toRgb(lab, w, h);
        // guided by the naive composite, here flat grey: nothing in it explains the speckle
        float[] grey = new float[3 * w * h];
        java.util.Arrays.fill(grey, 0, w * h, 60f);
        float[] out = Lab.fromRgb(ChromaDenoise.apply(speckled, Lab.toRgb(grey, w, h)));
        float[] in = Lab.fromRgb(speckled);
        // the speckle's chroma is spread over the window: its a falls to about 40/25
        assertThat(Math.abs(out[w * h + 7 * w + 7])).isLessThan(Math.abs(in[w * h + 7 * w + 7]) / 10);
        for (int i = 0; i < w * h; i++) {
            assertThat(out[i]).isCloseTo(in[i], within(0.6f));
        }
    }

    @Test
    void aFlatPaintingIsNoiselessAndGetsTheFullTvWeight() {
        RgbImage flat = new RgbImage(8, 8, new float[192]);
        assertThat(PaintingNoise.level(flat)).isEqualTo(0);
        assertThat(PaintingNoise.tvWeight(0)).isCloseTo(10, within(1e-9));
        assertThat(PaintingNoise.tvWeight(0.0025)).isCloseTo(5, within(1e-9));
        // a checkerboard of 0 and 1: every difference squared is 1, mean of two is 1
        float[] p = new float[192];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64; i++) {
                p[c * 64 + i] = ((i / 8) + (i % 8)) % 2;
            }
        }
        assertThat(PaintingNoise.level(new RgbImage(8, 8, p))).isEqualTo(1.0);
    }
}
