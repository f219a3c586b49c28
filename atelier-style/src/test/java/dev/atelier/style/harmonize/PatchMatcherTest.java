package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatchMatcherTest {
    private static FeatureMap random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FeatureMap(c, h, w, v);
    }

    /** Cosine similarity of 3x3 zero-padded patches, straight from the definition. */
    private static double cosine(FeatureMap a, int pa, FeatureMap b, int pb) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                for (int c = 0; c < a.channels(); c++) {
                    double x = value(a, c, pa / a.width() + dy, pa % a.width() + dx);
                    double y = value(b, c, pb / b.width() + dy, pb % b.width() + dx);
                    dot += x * y;
                    na += x * x;
                    nb += y * y;
                }
            }
        }
        return dot / Math.sqrt(na) / Math.sqrt(nb);
    }

    private static double value(FeatureMap f, int c, int y, int x) {
        if (y < 0 || y >= f.height() || x < 0 || x >= f.width()) {
            return 0;
        }
        return f.at(c, y * f.width() + x);
    }

    @Test
    void matchesBruteForceOnSmallArrays() {
        FeatureMap out = random(4, 6, 7, 1);
        FeatureMap painting = random(4, 9, 8, 2);
        boolean[] inside = new boolean[out.plane()];
        for (int p = 0; p < inside.length; p++) {
            inside[p] = p % 3 != 0;
        }
        int[] field;
        try (NDManager m = NDManager.newBaseManager()) {
            field = PatchMatcher.match(out, inside, painting, m);
        }
        for (int p = 0; p < out.plane(); p++) {
            if (!inside[p]) {
                assertThat(field[p]).isEqualTo(-1);
                continue;
            }
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < painting.plane(); q++) {
                double s = cosine(out, p, painting, q);
                if (s > bestScore) {
                    bestScore = s;
                    best = q;
                }
            }
            assertThat(field[p]).as("position %d", p).isEqualTo(best);
        }
    }

    @Test
    void findsAPlantedPatchWhateverItsStrength() {
        FeatureMap painting = random(3, 8, 8, 3);
        // the output is a copy of the painting's interior, doubled: normalised patches match exactly
        int w = 4;
        int h = 4;
        float[] v = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[c * w * h + y * w + x] = 2 * painting.at(c, (y + 2) * 8 + (x + 3));
                }
            }
        }
        FeatureMap out = new FeatureMap(3, h, w, v);
        boolean[] inside = new boolean[w * h];
        // interior positions only: their whole 3x3 patch is a copy (border patches see zero padding)
        inside[1 * w + 1] = true;
        inside[2 * w + 2] = true;
        int[] field;
        try (NDManager m = NDManager.newBaseManager()) {
            field = PatchMatcher.match(out, inside, painting, m);
        }
        assertThat(field[1 * w + 1]).isEqualTo(3 * 8 + 4);
        assertThat(field[2 * w + 2]).isEqualTo(4 * 8 + 5);
    }
}
