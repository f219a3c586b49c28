package dev.atelier.core.vgg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VggArchitectureTest {

    /** Lengths of torchvision's model.features: 13 or 16 convs, as many ReLUs, 5 pools, BNs if any. */
    @Test
    void layerCountsMatchTorchvision() {
        assertThat(VggArchitecture.VGG16.layers()).hasSize(31);
        assertThat(VggArchitecture.VGG16_BN.layers()).hasSize(44);
        assertThat(VggArchitecture.VGG19.layers()).hasSize(37);
        assertThat(VggArchitecture.VGG19_BN.layers()).hasSize(53);
    }

    @Test
    void blockEndsAreTheLayersBeforeEachPool() {
        assertThat(indices(VggArchitecture.VGG16_BN.blockEnds())).containsExactly(5, 12, 22, 32, 42);
        assertThat(indices(VggArchitecture.VGG16.blockEnds())).containsExactly(3, 8, 15, 22, 29);
        assertThat(indices(VggArchitecture.VGG19.blockEnds())).containsExactly(3, 8, 17, 26, 35);
        assertThat(indices(VggArchitecture.VGG19_BN.blockEnds())).containsExactly(5, 12, 25, 38, 51);
        assertThat(VggArchitecture.VGG16_BN.blockEnds()).allMatch(l -> l.kind() == VggLayer.Kind.RELU);
    }

    @Test
    void namesFollowTheBlockAndConvolutionNumbers() {
        VggArchitecture a = VggArchitecture.VGG16_BN;
        assertThat(a.layers().subList(0, 8)).extracting(VggLayer::name)
                .containsExactly("conv1_1", "bn1_1", "relu1_1", "conv1_2", "bn1_2", "relu1_2", "pool1", "conv2_1");
        assertThat(a.layer("relu4_2").index()).isEqualTo(29);
        assertThat(a.layer("pool3").index()).isEqualTo(23);
        assertThat(a.layer("22").name()).isEqualTo("relu3_3");
        assertThat(a.layer(43).name()).isEqualTo("pool5");
        // Gatys et al.'s content layer conv4_2 is features[21] in torchvision's VGG19
        assertThat(VggArchitecture.VGG19.layer("conv4_2").index()).isEqualTo(21);
        assertThat(VggArchitecture.VGG19.layer("RELU5_1").index()).isEqualTo(29);
        assertThat(a.layer("conv3_1").channels()).isEqualTo(256);
        assertThat(a.layer("pool1").channels()).isEqualTo(64);
    }

    @Test
    void layersAreSortedAndDeduplicated() {
        List<VggLayer> l = VggArchitecture.VGG16_BN.layers(List.of("relu4_2", "5", "relu1_2", "12"));
        assertThat(indices(l)).containsExactly(5, 12, 29);
    }

    @Test
    void unknownLayersListTheValidNames() {
        assertThatThrownBy(() -> VggArchitecture.VGG16.layer("relu6_1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("relu6_1").hasMessageContaining("relu4_2").hasMessageContaining("pool5");
        assertThatThrownBy(() -> VggArchitecture.VGG16.layer("31"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("0..30");
        assertThatThrownBy(() -> VggArchitecture.VGG16.layer("bn1_1"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VggArchitecture.VGG16.layer("99999999999"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parsesNamesIgnoringCase() {
        assertThat(VggArchitecture.parse("VGG16_BN")).isEqualTo(VggArchitecture.VGG16_BN);
        assertThat(VggArchitecture.parse("vgg19-bn")).isEqualTo(VggArchitecture.VGG19_BN);
        assertThat(VggArchitecture.parse(" vgg19 ")).isEqualTo(VggArchitecture.VGG19);
        assertThatThrownBy(() -> VggArchitecture.parse("resnet50"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("vgg16, vgg16_bn, vgg19, vgg19_bn");
    }

    @Test
    void poolingParses() {
        assertThat(PoolingMode.parse("AVG")).isEqualTo(PoolingMode.AVERAGE);
        assertThat(PoolingMode.parse("max")).isEqualTo(PoolingMode.MAX);
        assertThatThrownBy(() -> PoolingMode.parse("min")).isInstanceOf(InvalidInputException.class);
    }

    private static List<Integer> indices(List<VggLayer> layers) {
        return layers.stream().map(VggLayer::index).toList();
    }
}
