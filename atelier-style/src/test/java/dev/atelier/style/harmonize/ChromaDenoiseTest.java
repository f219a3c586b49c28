package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.style.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The authors' chroma denoising: a colour-guided filter of a and b, guided by the naive composite. */
class ChromaDenoiseTest {
    /** He et al.'s colour-guided filter computed window by window, as guidedfilter_color.m defines it. */
    private static double[] bruteForce(float[] guide, float[] p, int w, int h, int r, double eps) {
        int n = w * h;
        double[][] a = new double[n][3];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            int kx = k % w;
            int ky = k / w;
            double count = 0;
            double[] mi = new double[3];
            double mp = 0;
            for (int y = Math.max(0, ky - r); y <= Math.min(h - 1, ky + r); y++) {
                for (int x = Math.max(0, kx - r); x <= Math.min(w - 1, kx + r); x++) {
                    count++;
                    mp += p[y * w + x];
                    for (int c = 0; c < 3; c++) {
                        mi[c] += guide[c * n + y * w + x];
                    }
                }
            }
            mp /= count;
            for (int c = 0; c < 3; c++) {
                mi[c] /= count;
            }
            // the covariances about the window's means, then (Σ + εI) a = cov by Gaussian elimination
            double[][] m = new double[3][4];
            for (int y = Math.max(0, ky - r); y <= Math.min(h - 1, ky + r); y++) {
                for (int x = Math.max(0, kx - r); x <= Math.min(w - 1, kx + r); x++) {
                    int i = y * w + x;
                    for (int c = 0; c < 3; c++) {
                        double dc = guide[c * n + i] - mi[c];
                        for (int d = 0; d < 3; d++) {
                            m[c][d] += dc * (guide[d * n + i] - mi[d]) / count;
                        }
                        m[c][3] += dc * (p[i] - mp) / count;
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                m[c][c] += eps;
            }
            for (int col = 0; col < 3; col++) {
                for (int row = col + 1; row < 3; row++) {
                    double f = m[row][col] / m[col][col];
                    for (int j = col; j < 4; j++) {
                        m[row][j] -= f * m[col][j];
                    }
                }
            }
            for (int row = 2; row >= 0; row--) {
                double s = m[row][3];
                for (int j = row + 1; j < 3; j++) {
                    s -= m[row][j] * a[k][j];
                }
                a[k][row] = s / m[row][row];
            }
            b[k] = mp - a[k][0] * mi[0] - a[k][1] * mi[1] - a[k][2] * mi[2];
        }
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            int ix = i % w;
            int iy = i / w;
            double count = 0;
            double[] ma = new double[3];
            double mb = 0;
            for (int y = Math.max(0, iy - r); y <= Math.min(h - 1, iy + r); y++) {
                for (int x = Math.max(0, ix - r); x <= Math.min(w - 1, ix + r); x++) {
                    int k = y * w + x;
                    count++;
                    mb += b[k];
                    for (int c = 0; c < 3; c++) {
                        ma[c] += a[k][c];
                    }
                }
            }
            q[i] = mb / count;
            for (int c = 0; c < 3; c++) {
                q[i] += ma[c] / count * guide[c * n + i];
            }
        }
        return q;
    }

    @Test
    void theGuidedFilterMatchesABruteForceOneWindowByWindow() {
        int w = 9;
        int h = 7;
        Random rnd = new Random(11);
        float[] guide = new float[3 * w * h];
        float[] p = new float[w * h];
        for (int i = 0; i < guide.length; i++) {
            guide[i] = rnd.nextFloat();
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (40 * rnd.nextGaussian());
        }
        for (int r : new int[] {1, ChromaDenoise.RADIUS}) {
            for (double eps : new double[] {ChromaDenoise.EPSILON, 0.001}) {
                float[] got = ChromaDenoise.guidedFilter(guide, p, w, h, r, eps);
                double[] want = bruteForce(guide, p, w, h, r, eps);
                for (int i = 0; i < p.length; i++) {
                    assertThat((double) got[i]).as("r %d eps %s pixel %d", r, eps, i).isCloseTo(want[i], within(1e-3));
                }
            }
        }
    }

    @Test
    void theAuthorsParameters() {
        assertThat(ChromaDenoise.RADIUS).isEqualTo(2);
        assertThat(ChromaDenoise.EPSILON).isEqualTo(0.01);
    }

    /** An image of Lab values {@code l, a, b} per pixel. */
    private static RgbImage lab(int w, int h, float[] lab) {
        return Lab.toRgb(lab, w, h);
    }

    @Test
    void chromaFollowsTheCompositesEdgesNotTheResults() {
        // the composite: a dark left half and a bright right half; the result: grey lightness everywhere,
        // chroma a = +20 on the left and -20 on the right (the composite's edge), and one speckle
        int w = 16;
        int h = 12;
        int n = w * h;
        float[] guideLab = new float[3 * n];
        float[] resultLab = new float[3 * n];
        for (int i = 0; i < n; i++) {
            boolean left = i % w < w / 2;
            guideLab[i] = left ? 25 : 80;
            resultLab[i] = 60;
            resultLab[n + i] = left ? 20 : -20;
        }
        int speckle = 6 * w + 3;
        resultLab[2 * n + speckle] = 30;
        RgbImage guide = lab(w, h, guideLab);
        RgbImage result = lab(w, h, resultLab);
        float[] in = Lab.fromRgb(result);
        float[] out = Lab.fromRgb(ChromaDenoise.apply(result, guide));
        // the chroma step at the composite's edge stays a step (the columns beside it keep their sign and most
        // of their value), the speckle's b (which the composite does not explain) is averaged away
        for (int y = 0; y < h; y++) {
            assertThat(out[n + y * w + w / 2 - 1]).isGreaterThan(0.8f * in[n + y * w + w / 2 - 1]);
            assertThat(out[n + y * w + w / 2]).isLessThan(0.8f * in[n + y * w + w / 2]);
        }
        assertThat(Math.abs(out[2 * n + speckle])).isLessThan(Math.abs(in[2 * n + speckle]) / 10);
        // lightness is kept
        for (int i = 0; i < n; i++) {
            assertThat(out[i]).isCloseTo(in[i], within(0.6f));
        }
        // guided by a flat composite instead, the same step is blurred across the edge
        float[] flat = new float[3 * n];
        java.util.Arrays.fill(flat, 0, n, 50f);
        float[] blurred = Lab.fromRgb(ChromaDenoise.apply(result, lab(w, h, flat)));
        assertThat(blurred[n + 5 * w + w / 2 - 1]).isLessThan(0.8f * in[n + 5 * w + w / 2 - 1]);
    }
}
