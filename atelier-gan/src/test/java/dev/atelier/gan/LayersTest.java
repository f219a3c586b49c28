package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class LayersTest {
    @Test
    void equalisedConvolutionScalesStoredWeightsByHeConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            // fan-in 2 channels × 3 × 3 = 18: scale √2/√18 = 1/3, so stored 3s act as 1s
            NDArray x = m.ones(new Shape(1, 2, 3, 3));
            NDArray w = m.full(new Shape(1, 2, 3, 3), 3f);
            float[] y = Layers.conv(x, w, m.zeros(new Shape(1)), Math.sqrt(2)).toFloatArray();
            // zero padding: the centre sees 18 ones, an edge 12, a corner 8
            assertThat(y[4]).isCloseTo(18f, within(1e-4f));
            assertThat(y[1]).isCloseTo(12f, within(1e-4f));
            assertThat(y[0]).isCloseTo(8f, within(1e-4f));
        }
    }

    @Test
    void equalisedDenseScalesValueAndGradientOfTheStoredWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(1, 8));
            NDArray w = m.full(new Shape(1, 8), 2f);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Layers.dense(x, w, m.zeros(new Shape(1)), Math.sqrt(2)); // scale √2/√8 = 1/2
                assertThat(y.getFloat(0, 0)).isCloseTo(36f, within(1e-4f)); // (1+…+8)·2·½
                gc.backward(y.sum());
            }
            // ∂y/∂w_i = scale · x_i: the step Adam takes is scaled by the He constant at run time
            assertThat(w.getGradient().toFloatArray()).containsExactly(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4},
                    within(1e-6f));
        }
        assertThat(Layers.heScale(9 * 64, Math.sqrt(2))).isCloseTo(Math.sqrt(2.0 / 576), within(1e-15));
    }

    @Test
    void minibatchStddevAppendsTheGroupsAverageStandardDeviation() {
        try (NDManager m = NDManager.newBaseManager()) {
            // batch 4, 2 features, 1×1; group 2 → slots {0, 2} and {1, 3} (sample n in slot n mod 2)
            float[] v = {1, 3, /* n1 */ 0, 0, /* n2 */ 3, 7, /* n3 */ 2, 2};
            NDArray x = m.create(v, new Shape(4, 2, 1, 1));
            float[] y = Layers.minibatchStddev(x, 2).toFloatArray();
            // slot 0: features (1,3) and (3,7): population std 1 and 2 → mean 1.5; slot 1: (0,2),(0,2) → 1
            double eps = Layers.EPSILON;
            double slot0 = (Math.sqrt(1 + eps) + Math.sqrt(4 + eps)) / 2;
            double slot1 = Math.sqrt(1 + eps);
            assertThat(y).hasSize(12);
            assertThat(new double[] {y[0], y[1], y[2]}).containsExactly(new double[] {1, 3, slot0}, within(1e-6));
            assertThat((double) y[5]).isCloseTo(slot1, within(1e-6));
            assertThat((double) y[8]).isCloseTo(slot0, within(1e-6));
            assertThat((double) y[11]).isCloseTo(slot1, within(1e-6));
        }
    }

    @Test
    void minibatchStddevMatchesBruteForceOnARandomBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 8, c = 3, h = 2, w = 2, g = 4, slots = n / g;
            java.util.Random r = new java.util.Random(7);
            float[] v = new float[n * c * h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            float[] y = Layers.minibatchStddev(m.create(v, new Shape(n, c, h, w)), g).toFloatArray();
            for (int sample = 0; sample < n; sample++) {
                int slot = sample % slots;
                double avg = 0;
                for (int f = 0; f < c * h * w; f++) {
                    double mean = 0;
                    for (int k = 0; k < g; k++) {
                        mean += v[(k * slots + slot) * c * h * w + f];
                    }
                    mean /= g;
                    double var = 0;
                    for (int k = 0; k < g; k++) {
                        double d = v[(k * slots + slot) * c * h * w + f] - mean;
                        var += d * d;
                    }
                    avg += Math.sqrt(var / g + Layers.EPSILON);
                }
                avg /= c * h * w;
                for (int p = 0; p < h * w; p++) {
                    assertThat((double) y[sample * (c + 1) * h * w + c * h * w + p]).isCloseTo(avg, within(1e-5));
                }
            }
        }
    }

    @Test
    void pixelNormDividesEachPixelsChannelVectorByItsRms() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = Layers.pixelNorm(m.create(new float[] {3, 4}, new Shape(1, 2, 1, 1))).toFloatArray();
            double rms = Math.sqrt((9 + 16) / 2.0 + Layers.EPSILON);
            assertThat((double) y[0]).isCloseTo(3 / rms, within(1e-6));
            assertThat((double) y[1]).isCloseTo(4 / rms, within(1e-6));
        }
    }

    @Test
    void resamplingIsNearestUpAndAverageDown() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertThat(Layers.upsample(x).toFloatArray()).containsExactly(
                    1, 1, 2, 2,
                    1, 1, 2, 2,
                    3, 3, 4, 4,
                    3, 3, 4, 4);
            assertThat(Layers.downsample(Layers.upsample(x)).toFloatArray()).containsExactly(1, 2, 3, 4);
            NDArray four = m.create(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 1, 1, 1, 1, 3, 3, 5, 5},
                    new Shape(1, 1, 4, 4));
            assertThat(Layers.downsample(four).toFloatArray()).containsExactly(5, 9, 2, 3);
        }
    }
}
