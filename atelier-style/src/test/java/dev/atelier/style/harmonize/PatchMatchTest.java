package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PatchMatchTest {
    private static final int K = 7;

    /** Integer levels 0..255 (as the post-process matches): smooth random waves plus noise, so patches differ. */
    static float[] structured(int w, int h, int channels, long seed) {
        Random r = new Random(seed);
        float[] p = new float[channels * w * h];
        for (int c = 0; c < channels; c++) {
            double fx = 0.2 + r.nextDouble() * 0.6;
            double fy = 0.2 + r.nextDouble() * 0.6;
            double phase = r.nextDouble() * 6;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 128 + 80 * Math.sin(fx * x + phase) * Math.cos(fy * y) + r.nextInt(41) - 20;
                    p[c * w * h + y * w + x] = (float) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return p;
    }

    /** The distance summed independently of PatchMatch, in double over the channel planes. */
    static double direct(float[] a, int aw, int ah, float[] b, int bw, int bh, int c, int ax, int ay, int bx, int by) {
        double s = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int dy = 0; dy < K; dy++) {
                for (int dx = 0; dx < K; dx++) {
                    double d = a[ch * aw * ah + (ay + dy) * aw + ax + dx] - b[ch * bw * bh + (by + dy) * bw + bx + dx];
                    s += d * d;
                }
            }
        }
        return s;
    }

    static double bruteForceMin(float[] a, int aw, int ah, float[] b, int bw, int bh, int c, int ax, int ay) {
        double best = Double.POSITIVE_INFINITY;
        for (int by = 0; by <= bh - K; by++) {
            for (int bx = 0; bx <= bw - K; bx++) {
                best = Math.min(best, direct(a, aw, ah, b, bw, bh, c, ax, ay, bx, by));
            }
        }
        return best;
    }

    @Test
    void enoughIterationsFindEveryPatchsBruteForceNearest() {
        int w = 24;
        int h = 20;
        float[] a = structured(w, h, 3, 1);
        float[] b = structured(w, h, 3, 2);
        // random structure has little coherence to propagate, so convergence rests on the random search: on such
        // images every patch was exact after at most 640 iterations (seeds 1..5); 2000 leaves a margin
        PatchMatch.Field f = PatchMatch.match(a, w, h, b, w, h, 3, K, null, 2000, 7);
        assertThat(f.width()).isEqualTo(w - K + 1);
        assertThat(f.height()).isEqualTo(h - K + 1);
        int exact = 0;
        for (int py = 0; py < f.height(); py++) {
            for (int px = 0; px < f.width(); px++) {
                int i = f.index(px, py);
                double got = direct(a, w, h, b, w, h, 3, px, py, f.x()[i], f.y()[i]);
                // the recorded distance is the match's (integer levels: float sums are exact)
                assertThat(f.distance()[i]).isEqualTo(got);
                double best = bruteForceMin(a, w, h, b, w, h, 3, px, py);
                assertThat(got).as("patch (%d, %d)", px, py).isEqualTo(best);
                exact++;
            }
        }
        assertThat(exact).isEqualTo(18 * 14);
    }

    @Test
    void fewIterationsAreAlreadyClose() {
        // the authors' 5 iterations: not every patch is the nearest, but the field is far better than random
        int w = 24;
        int h = 20;
        float[] a = structured(w, h, 3, 3);
        float[] b = structured(w, h, 3, 4);
        PatchMatch.Field random = PatchMatch.match(a, w, h, b, w, h, 3, K, null, 0, 5);
        PatchMatch.Field five = PatchMatch.match(a, w, h, b, w, h, 3, K, null, 5, 5);
        double excessRandom = 0;
        double excessFive = 0;
        for (int py = 0; py < five.height(); py++) {
            for (int px = 0; px < five.width(); px++) {
                int i = five.index(px, py);
                double best = bruteForceMin(a, w, h, b, w, h, 3, px, py);
                excessRandom += random.distance()[i] - best;
                excessFive += five.distance()[i] - best;
                assertThat(five.distance()[i]).isLessThanOrEqualTo(random.distance()[i]);
            }
        }
        assertThat(excessFive).isLessThan(excessRandom / 5);
    }

    @Test
    void aShiftedCopyOfTheTargetMatchesAtTheShift() {
        int tw = 40;
        int th = 32;
        int sw = 28;
        int sh = 22;
        int sx = 9;
        int sy = 5;
        Random r = new Random(11);
        float[] t = new float[3 * tw * th];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextInt(256);
        }
        float[] s = new float[3 * sw * sh];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    s[c * sw * sh + y * sw + x] = t[c * tw * th + (y + sy) * tw + x + sx];
                }
            }
        }
        PatchMatch.Field f = PatchMatch.match(s, sw, sh, t, tw, th, 3, K, null, 5, 3);
        for (int i = 0; i < f.x().length; i++) {
            int px = i % f.width();
            int py = i / f.width();
            assertThat(f.x()[i]).isEqualTo(px + sx);
            assertThat(f.y()[i]).isEqualTo(py + sy);
            assertThat(f.distance()[i]).isZero();
        }
    }

    @Test
    void aMaskMatchesOnlyThePatchesCoveringIt() {
        int w = 24;
        int h = 20;
        float[] a = structured(w, h, 3, 5);
        float[] b = structured(w, h, 3, 6);
        boolean[] mask = new boolean[w * h];
        mask[10 * w + 12] = true; // one pixel: the patches with upper-left in [6, 12] x [4, 10]
        PatchMatch.Field f = PatchMatch.match(a, w, h, b, w, h, 3, K, mask, 2000, 1);
        int active = 0;
        for (int py = 0; py < f.height(); py++) {
            for (int px = 0; px < f.width(); px++) {
                int i = f.index(px, py);
                boolean covers = px <= 12 && px + K > 12 && py <= 10 && py + K > 10;
                assertThat(f.active()[i]).isEqualTo(covers);
                if (covers) {
                    active++;
                    assertThat(f.distance()[i]).isEqualTo(bruteForceMin(a, w, h, b, w, h, 3, px, py));
                } else {
                    assertThat(f.x()[i]).isEqualTo(-1);
                }
            }
        }
        assertThat(active).isEqualTo(49);
        boolean[] covered = PatchVote.covered(f);
        assertThat(covered[10 * w + 12]).isTrue();
        assertThat(covered[0]).isFalse();
    }

    @Test
    void oneSeedOneField() {
        float[] a = structured(30, 26, 3, 8);
        float[] b = structured(33, 21, 3, 9);
        PatchMatch.Field f1 = PatchMatch.match(a, 30, 26, b, 33, 21, 3, K, null, 5, 42);
        PatchMatch.Field f2 = PatchMatch.match(a, 30, 26, b, 33, 21, 3, K, null, 5, 42);
        assertThat(f2.x()).containsExactly(f1.x());
        assertThat(f2.y()).containsExactly(f1.y());
        for (int i = 0; i < f1.x().length; i++) {
            assertThat(f1.x()[i]).isBetween(0, 33 - K);
            assertThat(f1.y()[i]).isBetween(0, 21 - K);
        }
    }

    @Test
    void imagesSmallerThanAPatchAreRefused() {
        assertThatThrownBy(() -> PatchMatch.match(new float[3 * 36], 6, 6, new float[3 * 64], 8, 8, 3, K, null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void votingAnIdentityFieldGivesTheImageBack() {
        int w = 19;
        int h = 13;
        Random r = new Random(4);
        float[] img = new float[3 * w * h];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat();
        }
        int fw = w - K + 1;
        int fh = h - K + 1;
        int[] x = new int[fw * fh];
        int[] y = new int[fw * fh];
        boolean[] active = new boolean[fw * fh];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % fw;
            y[i] = i / fw;
            active[i] = true;
        }
        PatchMatch.Field identity = new PatchMatch.Field(fw, fh, K, x, y, new double[fw * fh], active);
        assertThat(PatchVote.vote(identity, img, w, h, 3, null)).containsExactly(img);
        // and PatchMatch of an image onto itself finds that field (distinct random pixels: unique zero match)
        PatchMatch.Field found = PatchMatch.match(img, w, h, img, w, h, 3, K, null, 5, 9);
        assertThat(found.x()).containsExactly(x);
        assertThat(found.y()).containsExactly(y);
    }

    @Test
    void votingAveragesTheOverlappingPatches() {
        // a 7x8 source has two patches, (0,0) and (0,1); both take the target's one patch of a 7x7 ramp
        int w = 7;
        float[] t = new float[3 * 49];
        for (int i = 0; i < t.length; i++) {
            t[i] = i % 49;
        }
        PatchMatch.Field f = new PatchMatch.Field(1, 2, K, new int[] {0, 0}, new int[] {0, 0}, new double[2],
                new boolean[] {true, true});
        float[] v = PatchVote.vote(f, t, 7, 7, 3, null);
        int plane = 7 * 8;
        // row 0: only patch (0,0) votes, its row 0; rows 1..6: rows y (patch 0) and y-1 (patch 1) averaged; row 7: row 6
        assertThat(v[0]).isEqualTo(0f);
        assertThat(v[3 * w + 2]).isEqualTo((3 * 7 + 2 + 2 * 7 + 2) / 2f);
        assertThat(v[7 * w + 4]).isEqualTo(6 * 7 + 4f);
        assertThat(v[2 * plane + 7 * w + 4]).isEqualTo(6 * 7 + 4f);
    }
}
