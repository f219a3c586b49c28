package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchMatchPostProcessTest {
    private static final int W = 48;
    private static final int H = 40;
    /** Three flat colours, in 8-bit levels so the vote gives them back exactly. */
    private static final float[][] COLOURS = {
        {200 / 255f, 40 / 255f, 30 / 255f}, {30 / 255f, 120 / 255f, 60 / 255f}, {220 / 255f, 210 / 255f, 90 / 255f}};

    /** Vertical bands of the three colours, 16 px wide. */
    static RgbImage bands() {
        float[] p = new float[3 * W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    p[c * W * H + y * W + x] = COLOURS[x / 16][c];
                }
            }
        }
        return new RgbImage(W, H, p);
    }

    /** A square mask over [x0, x0 + s) x [y0, y0 + s). */
    static SoftMask square(int x0, int y0, int s) {
        float[] m = new float[W * H];
        for (int y = y0; y < y0 + s; y++) {
            for (int x = x0; x < x0 + s; x++) {
                m[y * W + x] = 1;
            }
        }
        return new SoftMask(W, H, m);
    }

    /** The painting with the square repainted in {@code colour}, plus a fine checker of amplitude {@code detail}. */
    static RgbImage repainted(RgbImage painting, int x0, int y0, int s, float[] colour, float detail) {
        float[] p = painting.pixels().clone();
        for (int y = y0; y < y0 + s; y++) {
            for (int x = x0; x < x0 + s; x++) {
                float d = ((x + y) % 2 == 0 ? 1 : -1) * detail;
                for (int c = 0; c < 3; c++) {
                    p[c * W * H + y * W + x] = colour[c] + d;
                }
            }
        }
        return new RgbImage(W, H, p);
    }

    @Test
    void theBlendWeightIsTheMaskDilatedByThreeAndSoftened() {
        float[] m = new float[W * H];
        m[20 * W + 24] = 1;
        float[] sm = PatchMatchPostProcess.blendWeight(new SoftMask(W, H, m), null);
        // one pixel: every 7x7 σ=3 weight exceeds 0.01, so the threshold keeps a 7x7 square; the second
        // filter spreads it to 13x13 and leaves 1 only at the centre, whose window lies all inside
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int cheb = Math.max(Math.abs(x - 24), Math.abs(y - 20));
                if (cheb <= 6) {
                    assertThat(sm[y * W + x]).isGreaterThan(0f);
                } else {
                    assertThat(sm[y * W + x]).isZero();
                }
            }
        }
        assertThat(sm[20 * W + 24]).isCloseTo(1f, within(1e-6f));
        assertThat(sm[20 * W + 25]).isLessThan(1f);
    }

    @Test
    void outsideTheDilatedMaskThePaintingIsKeptBitForBit() {
        RgbImage painting = bands();
        SoftMask mask = square(12, 10, 12);
        RgbImage result = repainted(painting, 10, 8, 16, new float[] {0.5f, 0.5f, 0.9f}, 0.03f);
        RgbImage out = PatchMatchPostProcess.apply(result, painting, mask, null);
        float[] sm = PatchMatchPostProcess.blendWeight(mask, null);
        int plane = W * H;
        int outside = 0;
        for (int i = 0; i < plane; i++) {
            if (sm[i] == 0) {
                outside++;
                for (int c = 0; c < 3; c++) {
                    assertThat(Float.floatToRawIntBits(out.pixels()[c * plane + i]))
                            .isEqualTo(Float.floatToRawIntBits(painting.pixels()[c * plane + i]));
                }
            }
        }
        assertThat(outside).isGreaterThan(plane / 2);
    }

    @Test
    void aSupportMaskConfinesTheChange() {
        RgbImage painting = bands();
        SoftMask mask = square(12, 10, 12);
        SoftMask support = square(13, 11, 10);
        RgbImage result = repainted(painting, 10, 8, 16, new float[] {0.5f, 0.5f, 0.9f}, 0f);
        RgbImage out = PatchMatchPostProcess.apply(result, painting, mask, support);
        int plane = W * H;
        for (int i = 0; i < plane; i++) {
            if (support.values()[i] == 0) {
                for (int c = 0; c < 3; c++) {
                    assertThat(out.pixels()[c * plane + i]).isEqualTo(painting.pixels()[c * plane + i]);
                }
            }
        }
    }

    /** At the authors' 7×7 and at the fast budget's 3×3 ({@link PostProcessSizes}). */
    @ParameterizedTest
    @ValueSource(ints = {3, PatchMatchPostProcess.PATCH_WIDTH})
    void insideTheResultIsMadeOfPaintingColoursPlusTheResultsDetail(int patchWidth) {
        RgbImage painting = bands();
        SoftMask mask = square(12, 10, 14);
        // a flat colour near the first band's (red) over the first two bands, with a fine checker on it
        float[] near = {185 / 255f, 50 / 255f, 45 / 255f};
        float amplitude = 0.03f;
        RgbImage flat = repainted(painting, 10, 8, 18, near, 0f);
        RgbImage detailed = repainted(painting, 10, 8, 18, near, amplitude);
        RgbImage outFlat = PatchMatchPostProcess.apply(flat, painting, mask, null, patchWidth);
        RgbImage outDetailed = PatchMatchPostProcess.apply(detailed, painting, mask, null, patchWidth);
        float[] sm = PatchMatchPostProcess.blendWeight(mask, null);
        float[] blur = GaussianBlur.blur(channel(detailed, 0), W, H, 3, 1);
        int plane = W * H;
        int checked = 0;
        // deep inside (sM = 1, and 4 px from the repainted square's edge, so every 7x7 patch and every blur
        // window there sees only the flat colour): the flat result becomes the painting's red exactly
        for (int y = 14; y < 22; y++) {
            for (int x = 16; x < 22; x++) {
                int i = y * W + x;
                assertThat(sm[i]).isEqualTo(1f);
                for (int c = 0; c < 3; c++) {
                    assertThat(outFlat.pixels()[c * plane + i]).isCloseTo(COLOURS[0][c], within(1e-6f));
                }
                // with the checker: the same red plus the checker's high-pass (result minus its blur)
                float highPass = detailed.pixels()[i] - blur[i];
                assertThat(outDetailed.pixels()[i]).isCloseTo(COLOURS[0][0] + highPass, within(1e-5f));
                assertThat(Math.abs(highPass)).isGreaterThan(amplitude / 2);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(48);
        // nowhere inside does the flat result keep its own colour: every pixel is a painting colour or a
        // blend of the painting's colours (patches straddling a band edge), never the repainted one
        for (int i = 0; i < plane; i++) {
            if (sm[i] == 1f) {
                double toNear = 0;
                for (int c = 0; c < 3; c++) {
                    toNear += Math.abs(outFlat.pixels()[c * plane + i] - near[c]);
                }
                assertThat(toNear).isGreaterThan(0.05);
            }
        }
    }

    @Test
    void anEvenPatchWidthIsRefused() {
        RgbImage painting = bands();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> PatchMatchPostProcess.apply(painting, painting, square(12, 10, 12), null, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyMaskChangesNothing() {
        RgbImage painting = bands();
        RgbImage result = repainted(painting, 10, 8, 16, new float[] {0.5f, 0.5f, 0.9f}, 0f);
        RgbImage out = PatchMatchPostProcess.apply(result, painting, new SoftMask(W, H, new float[W * H]), null);
        assertThat(out.pixels()).containsExactly(painting.pixels());
    }

    private static float[] channel(RgbImage img, int c) {
        int plane = img.width() * img.height();
        float[] out = new float[plane];
        System.arraycopy(img.pixels(), c * plane, out, 0, plane);
        return out;
    }
}
