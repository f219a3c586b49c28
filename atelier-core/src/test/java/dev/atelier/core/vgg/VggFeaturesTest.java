package dev.atelier.core.vgg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.StateDict;
import dev.atelier.core.weights.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link VggFeatures} on random weights, checked against values computed here by hand. */
class VggFeaturesTest {
    private static final VggArchitecture BN = VggArchitecture.VGG16_BN;

    @Test
    void batchNormUsesRunningStatisticsFoldedOrNot() {
        Random r = new Random(3);
        Map<String, TensorData> t = new LinkedHashMap<>(VggWeightInit.torchvision(7).stateDict(BN).asMap());
        float[] gamma = randoms(r, 64, 0.5, 1.5);
        float[] beta = randoms(r, 64, -0.5, 0.5);
        float[] mean = randoms(r, 64, -0.3, 0.3);
        float[] var = randoms(r, 64, 0.2, 2.0);
        t.put("features.1.weight", TensorData.ofFloats(new long[] {64}, gamma));
        t.put("features.1.bias", TensorData.ofFloats(new long[] {64}, beta));
        t.put("features.1.running_mean", TensorData.ofFloats(new long[] {64}, mean));
        t.put("features.1.running_var", TensorData.ofFloats(new long[] {64}, var));
        try (VggFeatures net = VggFeatures.builder().setArchitecture(BN).setStateDict(new StateDict(t)).build();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 6, 5));
            float[] conv = net.extract(x, BN.layer("conv1_1")).toFloatArray();
            // tapping bn1_1 and relu1_1 alone takes the folded path, tapping conv1_1 too the unfolded one
            Map<VggLayer, NDArray> folded = net.extract(x, BN.layers(List.of("bn1_1", "relu1_1")));
            Map<VggLayer, NDArray> unfolded = net.extract(x, BN.layers(List.of("conv1_1", "bn1_1")));
            float[] bnFolded = folded.get(BN.layer("bn1_1")).toFloatArray();
            float[] relu = folded.get(BN.layer("relu1_1")).toFloatArray();
            float[] bnUnfolded = unfolded.get(BN.layer("bn1_1")).toFloatArray();
            int plane = 6 * 5;
            for (int i = 0; i < conv.length; i++) {
                int c = i / plane;
                double expected = (conv[i] - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
                assertThat((double) bnFolded[i]).isCloseTo(expected, within(1e-5));
                assertThat((double) bnUnfolded[i]).isCloseTo(expected, within(1e-5));
                assertThat((double) relu[i]).isCloseTo(Math.max(0, expected), within(1e-5));
            }
        }
    }

    @Test
    void poolingTakesTheMaxOrMeanOfEachTwoByTwoWindow() {
        StateDict weights = VggWeightInit.torchvision(11).stateDict(VggArchitecture.VGG16);
        for (PoolingMode mode : PoolingMode.values()) {
            try (VggFeatures net = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16)
                            .setStateDict(weights).optPooling(mode).build();
                    NDManager m = NDManager.newBaseManager()) {
                // 7x5: odd sizes drop the last row/column, as torchvision's floor mode does
                NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 7, 5));
                VggArchitecture a = VggArchitecture.VGG16;
                Map<VggLayer, NDArray> out = net.extract(x, a.layers(List.of("relu1_2", "pool1")));
                float[] relu = out.get(a.layer("relu1_2")).toFloatArray();
                NDArray pool = out.get(a.layer("pool1"));
                assertThat(pool.getShape()).isEqualTo(new Shape(1, 64, 3, 2));
                float[] p = pool.toFloatArray();
                for (int c = 0; c < 64; c++) {
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 2; j++) {
                            double max = Double.NEGATIVE_INFINITY;
                            double sum = 0;
                            for (int di = 0; di < 2; di++) {
                                for (int dj = 0; dj < 2; dj++) {
                                    float v = relu[c * 35 + (2 * i + di) * 5 + 2 * j + dj];
                                    max = Math.max(max, v);
                                    sum += v;
                                }
                            }
                            double expected = mode == PoolingMode.MAX ? max : sum / 4;
                            assertThat((double) p[c * 6 + i * 2 + j]).isCloseTo(expected, within(1e-6));
                        }
                    }
                }
            }
        }
    }

    @Test
    void tapsComeInNetworkOrderWithTorchvisionShapes() {
        try (VggFeatures net = VggFeatures.random(BN, 1); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 32, 48));
            List<VggLayer> reversed = new ArrayList<>(BN.blockEnds());
            Collections.reverse(reversed);
            Map<VggLayer, NDArray> out = net.extract(x, reversed);
            assertThat(out.keySet()).extracting(VggLayer::index).containsExactly(5, 12, 22, 32, 42);
            assertThat(out.values()).extracting(NDArray::getShape).containsExactly(
                    new Shape(2, 64, 32, 48), new Shape(2, 128, 16, 24), new Shape(2, 256, 8, 12),
                    new Shape(2, 512, 4, 6), new Shape(2, 512, 2, 3));
        }
    }

    @Test
    void passStopsAfterTheDeepestRequestedLayer() {
        try (VggFeatures net = VggFeatures.random(VggArchitecture.VGG19, 1); NDManager m = NDManager.newBaseManager()) {
            // a 2x2 image survives pool1 only; a pass that went further would fail at pool2
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 2, 2));
            assertThat(net.extract(x, VggArchitecture.VGG19.layer("pool1")).getShape())
                    .isEqualTo(new Shape(1, 64, 1, 1));
            assertThatThrownBy(() -> net.extract(x, VggArchitecture.VGG19.layer("conv3_1")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 4 pixels");
        }
    }

    /** d(loss)/d(input) from autograd equals central finite differences; the weights get no gradient. */
    @Test
    void gradientsReachTheInputOnly() {
        VggArchitecture a = VggArchitecture.VGG16_BN;
        Random r = new Random(5);
        try (VggFeatures net = VggFeatures.builder().setArchitecture(a)
                        .setStateDict(VggWeightInit.torchvision(2).stateDict(a)).optPooling(PoolingMode.AVERAGE).build();
                NDManager m = NDManager.newBaseManager()) {
            List<VggLayer> taps = a.layers(List.of("relu1_1", "pool1", "bn2_1"));
            float[] xv = randoms(r, 3 * 6 * 6, 0, 1);
            Map<VggLayer, float[]> projections = new LinkedHashMap<>();
            NDArray x = m.create(xv, new Shape(1, 3, 6, 6));
            x.setRequiresGradient(true);
            float[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<VggLayer, NDArray> out = net.extract(x, taps);
                NDArray loss = null;
                for (Map.Entry<VggLayer, NDArray> e : out.entrySet()) {
                    float[] p = randoms(r, (int) e.getValue().size(), -1, 1);
                    projections.put(e.getKey(), p);
                    NDArray term = e.getValue().mul(m.create(p, e.getValue().getShape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            grad = x.getGradient().toFloatArray();
            assertThat(net.parameterArrays()).isNotEmpty().noneMatch(NDArray::hasGradient);

            // small enough that few ReLUs switch sides within the step, large enough for float32
            double h = 1e-3;
            for (int k = 0; k < xv.length; k += 7) {
                float[] plus = xv.clone();
                float[] minus = xv.clone();
                plus[k] += (float) h;
                minus[k] -= (float) h;
                double fd = (loss(net, m, plus, taps, projections) - loss(net, m, minus, taps, projections)) / (2 * h);
                assertThat((double) grad[k]).as("d loss / d x[" + k + "]").isCloseTo(fd, within(2e-3 + 2e-2 * Math.abs(fd)));
            }
        }
    }

    @Test
    void acceptsFullModelsAndBareFeatureStateDicts() {
        StateDict features = VggWeightInit.torchvision(4).stateDict(VggArchitecture.VGG16);
        Map<String, TensorData> full = new LinkedHashMap<>(features.asMap());
        full.put("classifier.0.weight", TensorData.ofFloats(new long[] {2, 2}, new float[4]));
        Map<String, TensorData> bare = new LinkedHashMap<>(features.withPrefix("features.").asMap());
        try (VggFeatures a = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16)
                        .setStateDict(new StateDict(full)).build();
                VggFeatures b = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16)
                        .setStateDict(new StateDict(bare)).build();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 4, 4));
            VggLayer l = VggArchitecture.VGG16.layer("relu2_1");
            assertThat(a.extract(x, l).toFloatArray()).containsExactly(b.extract(x, l).toFloatArray());
        }
    }

    @Test
    void missingOrMisshapedTensorsAreNamedBeforeAnyComputation() {
        Map<String, TensorData> t = new LinkedHashMap<>(VggWeightInit.torchvision(4).stateDict(BN).asMap());
        t.remove("features.41.running_var");
        assertThatThrownBy(() -> VggFeatures.builder().setArchitecture(BN).setStateDict(new StateDict(t)).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("features.41.running_var");
        // VGG19's stack is longer: loading VGG16 weights into it names the first absent layer
        StateDict vgg16 = VggWeightInit.torchvision(4).stateDict(VggArchitecture.VGG16);
        assertThatThrownBy(() -> VggFeatures.builder().setArchitecture(VggArchitecture.VGG19_BN)
                        .setStateDict(vgg16).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("features.1.weight");
        t.put("features.41.running_var", TensorData.ofFloats(new long[] {256}, new float[256]));
        assertThatThrownBy(() -> VggFeatures.builder().setArchitecture(BN).setStateDict(new StateDict(t)).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("features.41.running_var").hasMessageContaining("[256]")
                .hasMessageContaining("[512]");
    }

    @Test
    void sameSeedSameWeightsAndScaleScalesThem() {
        StateDict a = VggWeightInit.torchvision(9).stateDict(VggArchitecture.VGG16);
        StateDict b = VggWeightInit.torchvision(9).stateDict(VggArchitecture.VGG16);
        StateDict half = new VggWeightInit(9, 0.5).stateDict(VggArchitecture.VGG16);
        float[] wa = a.find("features.28.weight").orElseThrow().toFloatArray();
        // (Arrays.equals: assertj's containsExactly is quadratic on millions of elements)
        assertThat(Arrays.equals(b.find("features.28.weight").orElseThrow().toFloatArray(), wa)).isTrue();
        float[] wh = half.find("features.28.weight").orElseThrow().toFloatArray();
        for (int i = 0; i < 100; i++) {
            assertThat(wh[i]).isCloseTo(wa[i] / 2, within(1e-7f));
        }
        // kaiming_normal_(fan_out): std = sqrt(2 / (512 * 9))
        double sumSq = 0;
        for (float w : wa) {
            sumSq += w * w;
        }
        assertThat(Math.sqrt(sumSq / wa.length)).isCloseTo(Math.sqrt(2.0 / (512 * 9)), within(1e-4));
    }

    private static double loss(VggFeatures net, NDManager m, float[] xv, List<VggLayer> taps,
            Map<VggLayer, float[]> projections) {
        try (NDManager scope = m.newSubManager()) {
            NDArray x = scope.create(xv, new Shape(1, 3, 6, 6));
            double loss = 0;
            for (Map.Entry<VggLayer, NDArray> e : net.extract(x, taps).entrySet()) {
                float[] v = e.getValue().toFloatArray();
                float[] p = projections.get(e.getKey());
                for (int i = 0; i < v.length; i++) {
                    loss += (double) v[i] * p[i];
                }
            }
            return loss;
        }
    }

    private static float[] randoms(Random r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }
}
