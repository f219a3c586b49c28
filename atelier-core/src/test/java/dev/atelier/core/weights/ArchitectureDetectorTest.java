package dev.atelier.core.weights;

import dev.atelier.core.SharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitectureDetectorTest {
    /** torchvision's vgg19 conv layer indices and widths, as printed by {@code print(vgg19().features)}. */
    private static final int[] VGG19_CONVS = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};
    private static final int[] VGG19_WIDTHS = {64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512};

    @Test
    void recognisesTheVgg16BnFixture() throws IOException {
        StateDict sd = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"));
        assertThat(ArchitectureDetector.infer(sd)).isEqualTo("vgg16_bn");
    }

    @Test
    void recognisesAVgg19ClassifierCheckpointByItsFeatureLayers() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        for (int i = 0; i < VGG19_CONVS.length; i++) {
            t.put("features." + VGG19_CONVS[i] + ".weight", zeros(VGG19_WIDTHS[i], 1, 1, 1));
            t.put("features." + VGG19_CONVS[i] + ".bias", zeros(VGG19_WIDTHS[i]));
        }
        t.put("classifier.0.weight", zeros(4, 1)); // a classifier's matrices are not convolutions
        assertThat(ArchitectureDetector.infer(new StateDict(t))).isEqualTo("vgg19");

        t.remove("features.34.weight");
        assertThat(ArchitectureDetector.infer(new StateDict(t))).isEqualTo(ArchitectureDetector.UNKNOWN);
    }

    @Test
    void aPartialCheckpointIsUnknown() throws IOException {
        StateDict firstBlock = TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_first_block_legacy.pth"));
        assertThat(ArchitectureDetector.infer(firstBlock)).isEqualTo(ArchitectureDetector.UNKNOWN);
    }

    private static TensorData zeros(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return new TensorData(TensorDType.FLOAT32, shape, ByteBuffer.allocate((int) n * 4));
    }
}
