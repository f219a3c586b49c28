package dev.atelier.style.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorYiqTest {

    @Test
    void roundTripIsExactToFloatPrecision() {
        Random r = new Random(9);
        float[] rgb = new float[3 * 1000];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextFloat() * 1.4f - 0.2f; // also outside [0, 1]: nothing is clipped
        }
        float[] back = Yiq.toRgb(Yiq.fromRgb(rgb));
        double worst = 0;
        for (int i = 0; i < rgb.length; i++) {
            worst = Math.max(worst, Math.abs(back[i] - rgb[i]));
        }
        assertThat(worst).isLessThan(1e-6);
        System.out.printf("YIQ round trip: worst error %.1e%n", worst);
    }

    @Test
    void knownColours() {
        // white: Y = 1, no chroma; pure red: the NTSC first column
        float[] yiq = Yiq.fromRgb(new float[] {1f, 1f, 1f, 0f, 1f, 0f});
        assertThat(yiq[0]).isCloseTo(1f, within(1e-6f));
        assertThat(yiq[2]).isCloseTo(0f, within(1e-6f));
        assertThat(yiq[4]).isCloseTo(0f, within(1e-6f));
        assertThat(yiq[1]).isCloseTo(0.299f, within(1e-6f));
        assertThat(yiq[3]).isCloseTo(0.595716f, within(1e-6f));
        assertThat(yiq[5]).isCloseTo(0.211456f, within(1e-6f));
        double[][] identity = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    identity[i][j] += Yiq.INVERSE[i][k] * Yiq.FORWARD[k][j];
                }
                assertThat(identity[i][j]).isCloseTo(i == j ? 1 : 0, within(1e-15));
            }
        }
    }

    @Test
    void withLuminanceKeepsChromaAndSetsY() {
        RgbImage img = ColorTestImages.correlated(5, 4, 3);
        float[] y = new float[20];
        for (int i = 0; i < 20; i++) {
            y[i] = i / 20f;
        }
        RgbImage out = Yiq.withLuminance(img, y);
        float[] a = Yiq.fromRgb(img.pixels());
        float[] b = Yiq.fromRgb(out.pixels());
        for (int i = 0; i < 20; i++) {
            assertThat(b[i]).isCloseTo(y[i], within(1e-6f));
            assertThat(b[20 + i]).isCloseTo(a[20 + i], within(1e-6f));
            assertThat(b[40 + i]).isCloseTo(a[40 + i], within(1e-6f));
        }
    }
}
