package dev.atelier.style.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mean-and-covariance (Wasserstein-2) style term against closed forms, itself and finite differences. */
class MomentsStyleTermTest {

    /**
     * Activations {@code (N, C, h, w)} with channel c of item b equal to μ[b][c] + σ[b][c]·walsh_{c+shift},
     * where the Walsh functions (rows of a Sylvester–Hadamard matrix other than the constant one) are ±1,
     * zero-mean and mutually orthogonal: every covariance is exactly diag(σ²).
     */
    private static NDArray diagonalFeatures(NDManager m, double[][] mu, double[][] sigma, int h, int w, int shift) {
        int n = mu.length;
        int c = mu[0].length;
        int p = h * w;
        float[] data = new float[n * c * p];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int row = ch + shift;
                for (int i = 0; i < p; i++) {
                    int sign = Integer.bitCount(row & i) % 2 == 0 ? 1 : -1;
                    data[(b * c + ch) * p + i] = (float) (mu[b][ch] + sigma[b][ch] * sign);
                }
            }
        }
        return m.create(data, new Shape(n, c, h, w));
    }

    @Test
    void diagonalCovariancesGiveTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] muT = {{0.5, -1.0, 2.0, 0.25}};
            double[][] sigmaT = {{1.0, 0.3, 2.5, 0.8}};
            double[][] mu = {{0.0, -0.5, 1.0, 0.25}, {0.5, -1.0, 2.0, 0.25}};
            double[][] sigma = {{2.0, 0.1, 1.5, 0.8}, {0.4, 0.3, 3.0, 0.05}};
            double[][] muT2 = {{1.0, 2.0, 3.0}};
            double[][] sigmaT2 = {{0.5, 0.5, 2.0}};
            double[][] mu2 = {{0.0, 2.0, 1.0}, {1.5, 2.5, 3.0}};
            double[][] sigma2 = {{1.0, 0.2, 2.0}, {0.5, 1.5, 0.1}};
            // layer a: 4 channels over 4×4 positions; layer b: 3 channels over 2×4, different Walsh rows
            Map<String, NDArray> style = Map.of(
                    "a", diagonalFeatures(m, muT, sigmaT, 4, 4, 1),
                    "b", diagonalFeatures(m, muT2, sigmaT2, 2, 4, 1));
            MomentsStyleTerm term = new MomentsStyleTerm(style, Map.of("a", 0.7, "b", 2.0), m);
            Map<String, NDArray> image = Map.of(
                    "a", diagonalFeatures(m, mu, sigma, 4, 4, 5),
                    "b", diagonalFeatures(m, mu2, sigma2, 2, 4, 4));
            double[] got = term.compute(image, null).toType(DataType.FLOAT64, false).toDoubleArray();
            for (int b = 0; b < 2; b++) {
                double want = 0.7 * closedForm(mu[b], sigma[b], muT[0], sigmaT[0])
                        + 2.0 * closedForm(mu2[b], sigma2[b], muT2[0], sigmaT2[0]);
                assertThat(got[b]).as("item %d", b).isCloseTo(want, within(1e-4 * want));
                System.out.printf("W2 closed form item %d: %.7f, term %.7f, relative error %.1e%n", b, want, got[b],
                        Math.abs(got[b] - want) / want);
            }
        }
    }

    /** Σ_c (μ−μt)² + (σ−σt)², divided by ||μt||² + Σ σt². */
    private static double closedForm(double[] mu, double[] sigma, double[] muT, double[] sigmaT) {
        double w2 = 0;
        double size = 0;
        for (int c = 0; c < mu.length; c++) {
            w2 += (mu[c] - muT[c]) * (mu[c] - muT[c]) + (sigma[c] - sigmaT[c]) * (sigma[c] - sigmaT[c]);
            size += muT[c] * muT[c] + sigmaT[c] * sigmaT[c];
        }
        return w2 / size;
    }

    @Test
    void anImageScoresZeroAgainstItself() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT32, 5);
            m.getEngine().setRandomSeed(21);
            NDArray image = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16), DataType.FLOAT32);
            NDArray other = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16), DataType.FLOAT32).mul(0.5).add(0.3);
            List<String> layers = List.of("relu1", "pool1", "relu2");
            MomentsStyleTerm term = new MomentsStyleTerm(net.extract(image, layers),
                    Map.of("relu1", 1.0, "pool1", 1.0, "relu2", 1.0), m);
            double self = term.compute(net.extract(image, layers), image).getFloat(0);
            double different = term.compute(net.extract(other, layers), other).getFloat(0);
            System.out.printf("W2 term: identical %.2e, different image %.4f%n", self, different);
            assertThat(Math.abs(self)).isLessThan(1e-4);
            assertThat(different).isGreaterThan(1e-2);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 7);
            m.getEngine().setRandomSeed(11);
            Shape shape = new Shape(2, 3, 6, 8);
            NDArray styleImage = m.randomUniform(-1, 1, new Shape(1, 3, 8, 6), DataType.FLOAT32)
                    .toType(DataType.FLOAT64, false);
            List<String> layers = List.of("relu1", "relu2");
            MomentsStyleTerm term = new MomentsStyleTerm(net.extract(styleImage, layers),
                    Map.of("relu1", 0.5, "relu2", 1.5), m);

            double[] x0 = m.randomUniform(-1, 1, shape, DataType.FLOAT32).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            double[] grad;
            try (NDManager sub = m.newSubManager()) {
                NDArray x = sub.create(x0, shape);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(term.compute(net.extract(x, layers), x).sum());
                }
                grad = x.getGradient().toDoubleArray();
            }
            Random r = new Random(3);
            double h = 1e-6;
            double worst = 0;
            for (int k = 0; k < 25; k++) {
                int i = r.nextInt(x0.length);
                double[] plus = x0.clone();
                double[] minus = x0.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (value(m, net, term, layers, plus, shape) - value(m, net, term, layers, minus, shape))
                        / (2 * h);
                assertThat(grad[i]).as("d loss / d pixel %d", i)
                        .isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
                worst = Math.max(worst, Math.abs(grad[i] - numeric));
            }
            System.out.printf("W2 gradient: worst |autograd - central difference| %.1e%n", worst);
        }
    }

    private static double value(NDManager m, TinyConvNet net, MomentsStyleTerm term, List<String> layers, double[] x,
            Shape shape) {
        try (NDManager sub = m.newSubManager()) {
            NDArray images = sub.create(x, shape);
            return term.compute(net.extract(images, layers), images).sum().getDouble();
        }
    }

    @Test
    void batchItemsAreIndependent() {
        try (NDManager m = NDManager.newBaseManager()) {
            TinyConvNet net = new TinyConvNet(m, DataType.FLOAT64, 3);
            m.getEngine().setRandomSeed(4);
            List<String> layers = List.of("relu1", "relu2");
            NDArray style = m.randomUniform(0, 1, new Shape(1, 3, 12, 10), DataType.FLOAT32).toType(DataType.FLOAT64, false);
            MomentsStyleTerm term = new MomentsStyleTerm(net.extract(style, layers), Map.of(), m);
            Shape shape = new Shape(3, 3, 8, 8);
            double[] x0 = m.randomUniform(-1, 1, shape, DataType.FLOAT32).toType(DataType.FLOAT64, false).toDoubleArray();
            try (NDManager sub = m.newSubManager()) {
                NDArray batch = sub.create(x0, shape);
                batch.setRequiresGradient(true);
                NDArray perItem;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    perItem = term.compute(net.extract(batch, layers), batch);
                    gc.backward(perItem.get(1)); // only item 1's loss
                }
                assertThat(perItem.getShape()).isEqualTo(new Shape(3));
                double[] values = perItem.toDoubleArray();
                for (int b = 0; b < 3; b++) {
                    NDArray single = batch.get(b + ":" + (b + 1)).duplicate();
                    double alone = term.compute(net.extract(single, layers), single).getDouble(0);
                    assertThat(values[b]).as("item %d in a batch and alone", b).isCloseTo(alone, within(1e-12 * (1 + alone)));
                }
                NDArray g = batch.getGradient();
                assertThat(g.get(0).abs().max().getDouble()).isZero();
                assertThat(g.get(2).abs().max().getDouble()).isZero();
                assertThat(g.get(1).abs().max().getDouble()).isGreaterThan(0);
            }
        }
    }
}
