package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramMatchTest {
    private static FeatureMap random(int c, int h, int w, long seed, double shift, double spread) {
        Random r = new Random(seed);
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (shift + spread * r.nextGaussian());
        }
        return new FeatureMap(c, h, w, v);
    }

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    @Test
    void remappedChannelsHaveTheTargetsHistogramAndTheSourcesOrder() {
        FeatureMap source = random(3, 6, 5, 1, 0, 1);
        // an exponential-looking target, nothing like the Gaussian source
        FeatureMap target = random(3, 5, 6, 2, 0, 1);
        float[] t = target.values().clone();
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.exp(t[i]);
        }
        target = new FeatureMap(3, 5, 6, t);
        float[][] sorted = HistogramMatch.sortedChannels(target, all(30));
        FeatureMap r = HistogramMatch.remap(source, all(30), sorted);
        for (int c = 0; c < 3; c++) {
            float[] got = Arrays.copyOfRange(r.values(), c * 30, c * 30 + 30);
            float[] want = Arrays.copyOfRange(target.values(), c * 30, c * 30 + 30);
            float[] gs = got.clone();
            Arrays.sort(gs);
            Arrays.sort(want);
            assertThat(gs).as("channel %d's histogram", c).containsExactly(want);
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 30; j++) {
                    if (source.at(c, i) < source.at(c, j)) {
                        assertThat(got[i]).isLessThan(got[j]);
                    }
                }
            }
        }
    }

    @Test
    void onlyInsidePositionsMoveAndUnequalCountsInterpolateQuantiles() {
        FeatureMap source = new FeatureMap(1, 1, 5, new float[] {5, 1, 3, 100, 2});
        boolean[] inside = {true, true, true, false, true};
        // target values 0, 10, 20: four inside sources take the quantiles 0, 1/3, 2/3, 1 of [0, 10, 20]
        float[][] target = {{0, 10, 20}};
        FeatureMap r = HistogramMatch.remap(source, inside, target);
        assertThat(r.values()[1]).isEqualTo(0f);
        assertThat(r.values()[4]).isCloseTo(20f / 3, within(1e-5f));
        assertThat(r.values()[2]).isCloseTo(40f / 3, within(1e-5f));
        assertThat(r.values()[0]).isEqualTo(20f);
        assertThat(r.values()[3]).isEqualTo(100f);
    }

    @Test
    void theLossIsTheSquaredTransportDistanceBetweenSortedValues() {
        FeatureMap target = random(2, 4, 4, 3, 1, 2);
        FeatureMap output = random(2, 4, 4, 4, 0, 1);
        LayerMask mask = new LayerMask(4, 4, new float[16]);
        boolean[] inside = new boolean[16];
        for (int i = 0; i < 16; i++) {
            mask.weights()[i] = i < 10 ? 1f : 0f;
            inside[i] = i < 10;
        }
        // by hand: sort each channel's inside values of both, pair them rank by rank
        double sum = 0;
        double targetSq = 0;
        for (int c = 0; c < 2; c++) {
            float[] a = new float[10];
            float[] b = new float[10];
            for (int i = 0; i < 10; i++) {
                a[i] = output.at(c, i);
                b[i] = target.at(c, i);
                targetSq += (double) b[i] * b[i];
            }
            Arrays.sort(a);
            Arrays.sort(b);
            for (int i = 0; i < 10; i++) {
                sum += (a[i] - b[i]) * (a[i] - b[i]);
            }
        }
        double expected = sum / 20 / (targetSq / 20);
        try (NDManager m = NDManager.newBaseManager()) {
            HistogramTerm term = new HistogramTerm(Map.of("l", target), Map.of("l", mask), m);
            NDArray v = term.compute(Map.of("l", output.toArray(m)), null);
            assertThat((double) v.getFloat(0)).isCloseTo(expected, within(1e-5 * expected));
        }
    }
}
