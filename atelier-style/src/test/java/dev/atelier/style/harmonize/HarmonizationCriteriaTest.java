package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four criteria on hand-made pictures whose answers are known, and the distance transform by brute force. */
class HarmonizationCriteriaTest {
    private static final int W = 64;
    private static final int H = 48;

    @Test
    void theDistanceTransformIsTheBruteForceEuclideanDistance() {
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            int w = 17 + trial * 5;
            int h = 11 + trial * 3;
            boolean[] set = new boolean[w * h];
            for (int i = 0; i < set.length; i++) {
                set[i] = r.nextDouble() < 0.03 * (trial + 1);
            }
            set[r.nextInt(set.length)] = true;
            double[] d = DistanceTransform.euclidean(set, w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int q = 0; q < set.length; q++) {
                        if (set[q]) {
                            best = Math.min(best, Math.hypot(q % w - x, q / w - y));
                        }
                    }
                    assertThat(d[y * w + x]).as("(%d,%d) trial %d", x, y, trial).isCloseTo(best, within(1e-9));
                }
            }
        }
        assertThat(DistanceTransform.euclidean(new boolean[12], 4, 3)).containsOnly(Double.POSITIVE_INFINITY);
    }

    /** A painting of vertical stripes; the object a disc of radius 14 with a horizontal bar, pasted at the centre. */
    private static RgbImage painting() {
        float[] p = new float[3 * W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                boolean dark = (x / 4) % 2 == 0;
                p[i] = dark ? 0.55f : 0.75f;
                p[W * H + i] = dark ? 0.35f : 0.5f;
                p[2 * W * H + i] = 0.2f;
            }
        }
        return new RgbImage(W, H, p);
    }

    private static SoftMask disc() {
        float[] m = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                m[y * W + x] = Math.hypot(x - 32, y - 24) <= 14 ? 1f : 0f;
            }
        }
        return new SoftMask(W, H, m);
    }

    private static RgbImage composite(RgbImage painting, SoftMask mask) {
        float[] c = painting.pixels().clone();
        for (int i = 0; i < W * H; i++) {
            if (mask.values()[i] > 0) {
                boolean bar = Math.abs(i / W - 24) <= 3;
                c[i] = bar ? 1f : 0.1f;
                c[W * H + i] = bar ? 1f : 0.2f;
                c[2 * W * H + i] = bar ? 1f : 0.9f;
            }
        }
        return new RgbImage(W, H, c);
    }

    private static Map<String, Object> gram(double relu3, double relu4, double relu5) {
        return Map.of("gram", Map.of("relu3_1", relu3, "relu4_1", relu4, "relu5_1", relu5));
    }

    @Test
    void theNaiveCompositeKeepsItsObjectAndMovesNoColour() {
        RgbImage p = painting();
        SoftMask m = disc();
        RgbImage c = composite(p, m);
        HarmonizationMasks masks = HarmonizationMasks.of(m, 2);
        HarmonizationCriteria k = HarmonizationCriteria.measure(p, c, c, masks, gram(1, 1, 1), gram(1, 1, 1));
        assertThat(k.farMaxChange()).isZero();
        assertThat(k.edgeCorrelation()).isCloseTo(1, within(1e-12));
        assertThat(k.labRatio()).isCloseTo(1, within(1e-12));
        assertThat(k.textureTaken()).as("equal Grams are not below").isFalse();
        assertThat(k.allMet()).isFalse();
        // a disc of radius 14 eroded by 3: the pixels within 11 of the centre, give or take the outline's pixels
        assertThat(k.innerPixels()).isBetween((int) (Math.PI * 10 * 10), (int) (Math.PI * 12 * 12));
    }

    @Test
    void aResultThatTakesThePaintingsColourAndKeepsTheBarMeetsAll() {
        RgbImage p = painting();
        SoftMask m = disc();
        RgbImage c = composite(p, m);
        HarmonizationMasks masks = HarmonizationMasks.of(m, 2);
        // inside: the painting's mean colour, with the bar kept as a brighter band of it
        float[] x = p.pixels().clone();
        for (int i = 0; i < W * H; i++) {
            if (m.values()[i] > 0) {
                boolean bar = Math.abs(i / W - 24) <= 3;
                x[i] = bar ? 0.85f : 0.65f;
                x[W * H + i] = bar ? 0.6f : 0.42f;
                x[2 * W * H + i] = 0.2f;
            }
        }
        RgbImage result = new RgbImage(W, H, x);
        HarmonizationCriteria k = HarmonizationCriteria.measure(p, c, result, masks, gram(1, 1, 1), gram(0.5, 0.9, 0.99));
        assertThat(k.farMaxChange()).isZero();
        assertThat(k.edgeCorrelation()).as("the bar's edges are where they were").isGreaterThan(0.9);
        assertThat(k.labRatio()).isLessThan(0.2);
        assertThat(k.allMet()).isTrue();
        assertThat(k.line()).contains("(met)").doesNotContain("NOT");
    }

    @Test
    void aBlurAFarChangeAndAGramAboveTheNaiveOneAreEachCaught() {
        RgbImage p = painting();
        SoftMask m = disc();
        RgbImage c = composite(p, m);
        HarmonizationMasks masks = HarmonizationMasks.of(m, 2);
        // inside: one flat colour, the bar gone; one pixel in a corner, far outside the loose mask, moved by 3 levels
        float[] x = p.pixels().clone();
        for (int i = 0; i < W * H; i++) {
            if (m.values()[i] > 0) {
                x[i] = 0.6f + 0.001f * (i % 7);
                x[W * H + i] = 0.4f;
                x[2 * W * H + i] = 0.3f;
            }
        }
        x[0] += 3 / 255f;
        RgbImage result = new RgbImage(W, H, x);
        HarmonizationCriteria k = HarmonizationCriteria.measure(p, c, result, masks, gram(1, 1, 1), gram(0.5, 1.2, 0.5));
        assertThat(k.farMaxChange()).isEqualTo(3);
        assertThat(k.paintingKept()).isFalse();
        assertThat(k.objectKept()).isFalse();
        assertThat(k.edgeCorrelation()).isLessThan(0.5);
        assertThat(k.colourTaken()).isTrue();
        assertThat(k.textureTaken()).as("relu4_1 above the naive").isFalse();
        assertThat(k.describe()).containsEntry("all_met", false);
    }
}
