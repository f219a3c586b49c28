package dev.atelier.core.vgg;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * torchvision's own activations (PyTorch 1.13, {@code vgg16_bn_features_fixture.json}) at every layer of
 * VGG16-BN, for the fixture's checkpoint and input: the test that our network is torchvision's.
 */
class VggFeaturesFixtureTest {
    private static final double REL = 1e-4;

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

    @Test
    void inputMatchesTheFixturesRecordOfIt() {
        check("input", tv.input(), fixture.get("input"));
    }

    /** Every layer tapped at once: convolution outputs come from the unfolded weights. */
    @Test
    void everyLayerMatchesTorchvision() {
        assertThat(fixture.get("layers")).hasSize(VggArchitecture.VGG16_BN.layers().size());
        try (NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            Map<VggLayer, NDArray> out = net.extract(x, VggArchitecture.VGG16_BN.layers());
            assertThat(out).hasSize(44);
            for (JsonNode ref : fixture.get("layers")) {
                VggLayer layer = VggArchitecture.VGG16_BN.layer(ref.get("index").asInt());
                check(layer.toString(), out.get(layer), ref);
            }
        }
    }

    /** Only layers after batch-norms tapped: every batch-norm is folded into its convolution. */
    @Test
    void foldedBatchNormMatchesTorchvision() {
        List<VggLayer> taps = new ArrayList<>();
        for (VggLayer l : VggArchitecture.VGG16_BN.layers()) {
            if (l.kind() != VggLayer.Kind.CONV) {
                taps.add(l);
            }
        }
        try (NDManager scope = tv.scope()) {
            NDArray x = tv.inputIn(scope);
            Map<VggLayer, NDArray> out = net.extract(x, taps);
            for (VggLayer layer : taps) {
                check(layer.toString(), out.get(layer), fixture.get("layers").get(layer.index()));
            }
        }
    }

    @Test
    void blockEndsMatchTheFixture() {
        List<Integer> expected = new ArrayList<>();
        fixture.get("pre_pool_indices").forEach(n -> expected.add(n.asInt()));
        assertThat(VggArchitecture.VGG16_BN.blockEnds()).extracting(VggLayer::index).isEqualTo(expected);
    }

    private static void check(String what, NDArray actual, JsonNode ref) {
        List<Long> shape = new ArrayList<>();
        ref.get("shape").forEach(n -> shape.add(n.asLong()));
        assertThat(actual.getShape().getShape()).as(what + " shape")
                .containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
        float[] v = actual.toFloatArray();
        double sum = 0;
        double absSum = 0;
        double sumSq = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            sum += f;
            absSum += Math.abs(f);
            sumSq += (double) f * f;
            max = Math.max(max, f);
        }
        double refAbsSum = ref.get("abs_sum").asDouble();
        double rms = Math.sqrt(ref.get("sum_sq").asDouble() / v.length);
        // a sum can cancel to near zero, so its error is measured against the sum of magnitudes
        assertThat(Math.abs(sum - ref.get("sum").asDouble())).as(what + " sum").isLessThanOrEqualTo(REL * refAbsSum);
        assertRelative(what + " abs_sum", absSum, refAbsSum, 0);
        assertRelative(what + " sum_sq", sumSq, ref.get("sum_sq").asDouble(), 0);
        assertRelative(what + " max", max, ref.get("max").asDouble(), rms);
        JsonNode first8 = ref.get("first8");
        for (int i = 0; i < first8.size(); i++) {
            assertRelative(what + " value " + i, v[i], first8.get(i).asDouble(), rms);
        }
    }

    /** |actual - expected| within {@link #REL} of the larger of |expected| and the layer's RMS value. */
    private static void assertRelative(String what, double actual, double expected, double scale) {
        double tol = REL * Math.max(Math.abs(expected), scale);
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(tol);
    }
}
