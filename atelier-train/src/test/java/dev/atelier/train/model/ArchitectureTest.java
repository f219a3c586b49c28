package dev.atelier.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static long count(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static NDArray forward(Block b, NDManager m, Shape input) {
        b.initialize(m, DataType.FLOAT32, input);
        return b.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), false).singletonOrThrow();
    }

    @Test
    void simpleHasTheBriefsParameterCountAndAcceptsAnyImageSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = Architecture.SIMPLE.build(10, 32, false);
            // conv 9·32 + bn 64, conv 9·32·64 + bn 128, conv 9·64·128 + bn 256, linear 256·10 + 10
            assertThat(forward(b, m, new Shape(2, 1, 28, 28)).getShape()).isEqualTo(new Shape(2, 10));
            assertThat(count(b)).isEqualTo(288 + 64 + 18432 + 128 + 73728 + 256 + 2570);
            assertThat(b.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(3, 1, 14, 14))), false)
                    .singletonOrThrow().getShape()).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void resnetHasTheBriefsParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = Architecture.RESNET.build(10, 32, false);
            assertThat(forward(b, m, new Shape(2, 1, 28, 28)).getShape()).isEqualTo(new Shape(2, 10));
            long stem = 288 + 64;
            long stage1 = 2 * (9216 + 64);
            long stage2 = 18432 + 128 + 36864 + 128 + 2048 + 128;
            long stage3 = 73728 + 256 + 147456 + 256 + 8192 + 256;
            assertThat(count(b)).isEqualTo(stem + stage1 + stage2 + stage3 + 2570).isEqualTo(309_354);
        }
    }

    @Test
    void inceptionStemConcatenatesThreeScalesIntoTheStemWidth() {
        try (NDManager m = NDManager.newBaseManager()) {
            InceptionStem stem = new InceptionStem(32);
            NDArray out = forward(stem, m, new Shape(2, 1, 28, 28));
            assertThat(out.getShape()).isEqualTo(new Shape(2, 32, 28, 28));
            // 1×1: 8 filters; 3×3: 16; 1×5 then 5×1: 8 + 8·8·5; BN over 32 channels
            assertThat(count(stem)).isEqualTo(8 + 16 * 9 + (8 * 5 + 8 * 8 * 5) + 64);
            assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0f);
        }
    }

    @Test
    void factoredConvEqualsTheOuterProductKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            FactoredConv f = new FactoredConv(3, 1, 1);
            f.initialize(m, DataType.FLOAT32, new Shape(1, 1, 5, 5));
            float[] row = {1, 2, 3};
            float[] col = {-1, 0.5f, 2};
            f.getParameters().get(0).getValue().getArray().set(m.create(row).reshape(1, 1, 1, 3).toFloatArray());
            f.getParameters().get(1).getValue().getArray().set(m.create(col).reshape(1, 1, 3, 1).toFloatArray());
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 5, 5));
            float[] got = f.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] in = x.toFloatArray();
            // Independent truth: direct 3×3 correlation with kernel k[i][j] = col[i]·row[j], zero padding.
            for (int y = 0; y < 5; y++) {
                for (int xx = 0; xx < 5; xx++) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            int sy = y + i - 1;
                            int sx = xx + j - 1;
                            if (sy >= 0 && sy < 5 && sx >= 0 && sx < 5) {
                                s += col[i] * row[j] * in[sy * 5 + sx];
                            }
                        }
                    }
                    assertThat((double) got[y * 5 + xx]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }

    @Test
    void concatPoolStacksMeanThenMaxPerChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 6, -1, -2, -3, -6}, new Shape(1, 2, 2, 2));
            NDArray out = new ConcatPool().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertThat(out.toFloatArray()).containsExactly(3f, -3f, 6f, -1f);
        }
    }

    @Test
    void layerGroupsCoverEveryParameterAsStemBodyHead() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = Architecture.RESNET.build(10, 8, true);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            LayerGroups g = Architecture.layerGroups(b);
            assertThat(g.names()).containsExactly("stem", "body", "head");
            assertThat(IntStream.range(0, 3).map(i -> g.parameterNames(i).size()).sum())
                    .isEqualTo(b.getParameters().size());
            String last = b.getParameters().get(b.getParameters().size() - 1).getKey();
            assertThat(g.groupOf(last)).isEqualTo(2);
            assertThat(g.groupOf(b.getParameters().get(0).getKey())).isEqualTo(0);
        }
    }

    @Test
    void weightsStartLikePyTorchsDefaultWithinOneOverSqrtFanIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = Architecture.RESNET.build(10, 32, false);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            int checked = 0;
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().getType() != Parameter.Type.WEIGHT) {
                    continue;
                }
                NDArray w = p.getValue().getArray();
                long fanIn = w.size() / w.getShape().get(0);
                double bound = 1 / Math.sqrt(fanIn);
                assertThat((double) w.abs().max().getFloat()).as(p.getKey()).isLessThanOrEqualTo(bound)
                        .isGreaterThan(bound * 0.8);
                checked++;
            }
            assertThat(checked).isEqualTo(1 + 2 + 3 + 3 + 1);
        }
    }
}
