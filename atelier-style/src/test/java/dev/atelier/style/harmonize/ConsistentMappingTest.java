package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConsistentMappingTest {
    private static FeatureMap random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FeatureMap(c, h, w, v);
    }

    @Test
    void anOutlierInACoherentShiftIsOutvoted() {
        int w = 6;
        int h = 6;
        FeatureMap painting = random(5, 12, 12, 4);
        // every output cell (x, y) maps to (x + 3, y + 2): one coherent shift
        int[] field = new int[w * h];
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                field[y * w + x] = (y + 2) * 12 + (x + 3);
                inside[y * w + x] = true;
            }
        }
        int outlier = 3 * w + 2;
        field[outlier] = 11 * 12 + 0;
        int[] refined = ConsistentMapping.refine(field, inside, w, h, painting, 2);
        assertThat(refined[outlier]).isEqualTo((3 + 2) * 12 + (2 + 3));
        // the coherent cells keep their match
        for (int p = 0; p < w * h; p++) {
            if (p != outlier) {
                assertThat(refined[p]).as("cell %d", p).isEqualTo(field[p]);
            }
        }
    }

    @Test
    void picksTheSuggestionClosestOnAverageToAllSuggestionsByBruteForce() {
        int w = 5;
        int h = 4;
        int pw = 7;
        int ph = 6;
        FeatureMap painting = random(3, ph, pw, 5);
        Random r = new Random(6);
        int[] field = new int[w * h];
        boolean[] inside = new boolean[w * h];
        for (int p = 0; p < field.length; p++) {
            field[p] = r.nextInt(pw * ph);
            inside[p] = r.nextInt(5) != 0;
        }
        int radius = 1;
        int[] refined = ConsistentMapping.refine(field, inside, w, h, painting, radius);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (!inside[p]) {
                    assertThat(refined[p]).isEqualTo(field[p]);
                    continue;
                }
                // the suggestions: each inside neighbour's match shifted back by its offset, on the painting
                java.util.List<Integer> suggestions = new java.util.ArrayList<>();
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || nx >= w || ny < 0 || ny >= h || !inside[ny * w + nx]) {
                            continue;
                        }
                        int n = field[ny * w + nx];
                        int qx = n % pw - dx;
                        int qy = n / pw - dy;
                        if (qx >= 0 && qx < pw && qy >= 0 && qy < ph) {
                            suggestions.add(qy * pw + qx);
                        }
                    }
                }
                double best = Double.POSITIVE_INFINITY;
                int choice = field[p];
                for (int q : suggestions) {
                    double score = 0;
                    for (int s : suggestions) {
                        double d2 = 0;
                        for (int c = 0; c < 3; c++) {
                            double d = painting.at(c, q) - painting.at(c, s);
                            d2 += d * d;
                        }
                        score += Math.sqrt(d2);
                    }
                    score /= suggestions.size();
                    if (score < best - 1e-9) {
                        best = score;
                        choice = q;
                    }
                }
                assertThat(refined[p]).as("cell %d,%d", x, y).isEqualTo(choice);
            }
        }
    }

    @Test
    void projectionKeepsTheOffsetInsideTheCoarseCell() {
        // coarse 2x2 field; cell (1,0) maps to (0,1), cell (0,0) has no match
        int[] coarse = {-1, 1 * 2 + 0, 0, 3};
        boolean[] inside = new boolean[16];
        java.util.Arrays.fill(inside, true);
        inside[15] = false;
        int[] fine = ConsistentMapping.project(coarse, 2, 2, 2, inside, 4, 4);
        // fine (3,1) lies in coarse (1,0), offset (1,1): coarse match (0,1) -> fine (0*2+1, 1*2+1) = (1,3)
        assertThat(fine[1 * 4 + 3]).isEqualTo(3 * 4 + 1);
        // fine (0,1) lies in coarse (0,0), which has no match: its own position
        assertThat(fine[1 * 4 + 0]).isEqualTo(1 * 4 + 0);
        // fine (2,2) in coarse (1,1) -> match 3 = (1,1), offset (0,0): (2,2)
        assertThat(fine[2 * 4 + 2]).isEqualTo(2 * 4 + 2);
        assertThat(fine[15]).isEqualTo(-1);
    }
}
