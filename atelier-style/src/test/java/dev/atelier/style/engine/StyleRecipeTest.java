package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class StyleRecipeTest {
    @Test
    void lesson13TapsTheLayersBeforeEachMaxPoolAndContentAtTheFourth() {
        StyleTransferSettings s = StyleTransferSettings.builder().optRecipe(StyleRecipe.LESSON13).build();
        assertThat(s.network()).isEqualTo(VggArchitecture.VGG16_BN);
        assertThat(s.pooling()).isEqualTo(PoolingMode.MAX);
        // torchvision vgg16_bn: the layers before the max-pools are 5, 12, 22, 32, 42 (shared fixture README)
        assertThat(s.styleLayers().keySet().stream().map(l -> s.network().layer(l).index()).toList())
                .containsExactly(5, 12, 22, 32, 42);
        assertThat(s.network().layer(s.contentLayers().get(0)).index()).isEqualTo(32);
    }

    @Test
    void gatysIsVgg19WithAveragePoolingAndThePaperLayers() {
        StyleTransferSettings s = StyleTransferSettings.builder().build();
        assertThat(s.network()).isEqualTo(VggArchitecture.VGG19);
        assertThat(s.pooling()).isEqualTo(PoolingMode.AVERAGE);
        assertThat(s.contentLayers()).isEqualTo(List.of("relu4_2"));
        assertThat(s.styleLayers().keySet()).containsExactly("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
        assertThat(s.start()).isInstanceOf(StartImage.Content.class);
        assertThat(StyleTransferSettings.builder().optMode(StyleMode.STYLE).build().start())
                .isInstanceOf(StartImage.Noise.class);
    }

    @Test
    void overridesWinAndRandomWeightsLeanOnStyle() {
        StyleTransferSettings s = StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16)
                .optPooling(PoolingMode.MAX).optStyleWeight(3.0).build();
        assertThat(s.network()).isEqualTo(VggArchitecture.VGG16);
        assertThat(s.pooling()).isEqualTo(PoolingMode.MAX);
        assertThat(s.styleWeight()).isEqualTo(3.0);
        StyleTransferSettings random = StyleTransferSettings.builder().optRandomWeights(true).build();
        StyleTransferSettings pretrained = StyleTransferSettings.builder().build();
        assertThat(random.styleWeight())
                .isEqualTo(pretrained.styleWeight() * StyleTransferSettings.RANDOM_WEIGHTS_STYLE_BOOST);
    }
}
