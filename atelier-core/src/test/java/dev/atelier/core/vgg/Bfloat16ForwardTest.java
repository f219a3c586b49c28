package dev.atelier.core.vgg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SharedFixtures;
import dev.atelier.core.weights.TorchCheckpointReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bfloat16 forward pass against torchvision's float32 activations (the fixture) and against our own
 * float32 gradients: equal to within bfloat16's 8-bit mantissa, layer after layer.
 */
class Bfloat16ForwardTest {
    /** bfloat16 rounds each value to 2^-9 relative; through 44 layers the sums stay within ~1%. */
    private static final double REL = 3e-2;

    private static TorchvisionFixture tv;
    private static JsonNode fixture;
    private static VggFeatures net;

    @BeforeAll
    static void load() throws IOException {
        tv = TorchvisionFixture.load();
        fixture = tv.record;
        net = tv.net;
    }

    @AfterAll
    static void close() {
        if (tv != null) {
            tv.close();
        }
    }

    /** Every layer tapped: no folding, batch-norms run as affine maps in bfloat16. */
    @Test
    void everyLayerIsTorchvisionsToBfloat16Accuracy() {
        try (NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            Map<VggLayer, NDArray> out = net.extract(x, VggArchitecture.VGG16_BN.layers(), FeaturePrecision.BF16);
            assertThat(out).hasSize(44);
            for (JsonNode ref : fixture.get("layers")) {
                VggLayer layer = VggArchitecture.VGG16_BN.layer(ref.get("index").asInt());
                check(layer.toString(), out.get(layer), ref);
            }
        }
    }

    /** Block ends only: batch-norms folded into their convolutions, as style transfer taps them. */
    @Test
    void foldedBlockEndsAreTorchvisionsToBfloat16Accuracy() {
        List<VggLayer> ends = VggArchitecture.VGG16_BN.blockEnds();
        try (NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            Map<VggLayer, NDArray> out = net.extract(x, ends, FeaturePrecision.BF16);
            assertThat(out.keySet()).containsExactlyElementsOf(ends);
            for (VggLayer layer : ends) {
                check(layer.toString(), out.get(layer), fixture.get("layers").get(layer.index()));
            }
        }
    }

    /**
     * The gradient reaching a float32 input through bfloat16 layers points where the float32 one does, less
     * closely the deeper it starts: every layer adds bfloat16's rounding (2^-9) on the way down and back.
     * Measured on the fixture: cosine 0.9999, 0.996, 0.987, 0.974, 0.946 from the five block ends, 0.971 for
     * their sum; norms within 1.2 %.
     */
    @Test
    void gradientFollowsTheFloat32GradientLessCloselyWithDepth() {
        List<VggLayer> ends = VggArchitecture.VGG16_BN.blockEnds();
        double[] atLeast = {0.999, 0.99, 0.98, 0.96, 0.92};
        for (int k = 0; k < ends.size(); k++) {
            float[] fp32 = gradient(ends.subList(k, k + 1), FeaturePrecision.FP32);
            float[] bf16 = gradient(ends.subList(k, k + 1), FeaturePrecision.BF16);
            assertThat(cosine(fp32, bf16)).as("cosine from " + ends.get(k)).isGreaterThan(atLeast[k]);
            assertThat(norm(bf16) / norm(fp32)).as("norm ratio from " + ends.get(k)).isBetween(0.98, 1.02);
        }
        assertThat(cosine(gradient(ends, FeaturePrecision.FP32), gradient(ends, FeaturePrecision.BF16)))
                .as("cosine from all five").isGreaterThan(0.95);
    }

    @Test
    void averagePoolingAgreesWithFloat32() {
        try (VggFeatures avg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16_BN)
                .setStateDict(TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth")))
                .optPooling(PoolingMode.AVERAGE).build(); NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            VggLayer last = VggArchitecture.VGG16_BN.blockEnds().get(4);
            float[] a = avg.extract(x, List.of(last), FeaturePrecision.FP32).get(last).toFloatArray();
            float[] b = avg.extract(x, List.of(last), FeaturePrecision.BF16).get(last).toFloatArray();
            assertThat(cosine(a, b)).isGreaterThan(0.995);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void autoChoosesBfloat16OnlyWhereTheProcessorHasIt() {
        assertThat(FeaturePrecision.nativeBfloat16("flags : fpu sse avx2 avx512f avx512_bf16 sha_ni")).isTrue();
        assertThat(FeaturePrecision.nativeBfloat16("flags : fpu amx_tile amx_bf16")).isTrue();
        assertThat(FeaturePrecision.nativeBfloat16("flags : fpu sse avx2 avx512f avx512_vnni")).isFalse();
        // oneDNN capped below its bfloat16 level emulates bfloat16: auto must not pick it then
        assertThat(FeaturePrecision.isaAllowsBfloat16(null)).isTrue();
        assertThat(FeaturePrecision.isaAllowsBfloat16(" ")).isTrue();
        assertThat(FeaturePrecision.isaAllowsBfloat16("all")).isTrue();
        assertThat(FeaturePrecision.isaAllowsBfloat16("AVX512_CORE_BF16")).isTrue();
        assertThat(FeaturePrecision.isaAllowsBfloat16("avx512_core_amx")).isTrue();
        assertThat(FeaturePrecision.isaAllowsBfloat16("AVX2")).isFalse();
        assertThat(FeaturePrecision.isaAllowsBfloat16("AVX512_CORE_VNNI")).isFalse();
        assertThat(FeaturePrecision.isaAllowsBfloat16("AVX512_CORE")).isFalse();
        assertThat(FeaturePrecision.parse("FP32")).isEqualTo(FeaturePrecision.FP32);
        assertThat(FeaturePrecision.parse("bf16")).isEqualTo(FeaturePrecision.BF16);
        assertThat(FeaturePrecision.parse("auto")).isEqualTo(FeaturePrecision.auto());
        assertThatThrownBy(() -> FeaturePrecision.parse("fp8")).isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown network precision 'fp8'; use auto, fp32 or bf16");
    }

    private float[] gradient(List<VggLayer> taps, FeaturePrecision precision) {
        try (NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (NDArray f : net.extract(x, taps, precision).values()) {
                    NDArray term = f.square().mean();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static void check(String what, NDArray actual, JsonNode ref) {
        float[] v = actual.toFloatArray();
        double absSum = 0;
        double sumSq = 0;
        for (float f : v) {
            absSum += Math.abs(f);
            sumSq += (double) f * f;
        }
        assertThat(actual.getShape().size()).as(what + " size").isEqualTo(v.length);
        assertThat(absSum / ref.get("abs_sum").asDouble()).as(what + " abs_sum ratio").isBetween(1 - REL, 1 + REL);
        assertThat(sumSq / ref.get("sum_sq").asDouble()).as(what + " sum_sq ratio").isBetween(1 - 2 * REL, 1 + 2 * REL);
    }
}
