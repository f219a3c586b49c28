package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggLayer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskPyramidTest {
    @Test
    void everyLayersMaskHasItsActivationsShapeForOddSizes() {
        int w = 45;
        int h = 37;
        Map<String, LayerMask> pyramid = MaskPyramid.build(VggArchitecture.VGG19, "relu5_1", new float[w * h], w, h);
        try (NDManager m = NDManager.newBaseManager(); VggFeatures vgg = VggFeatures.random(VggArchitecture.VGG19, 0)) {
            NDArray x = m.zeros(new Shape(1, 3, h, w));
            for (String name : HarmonizationMetrics.LAYERS) {
                VggLayer layer = VggArchitecture.VGG19.layer(name);
                Shape s = vgg.extract(x, layer).getShape();
                assertThat(pyramid.get(name).height()).as(name).isEqualTo((int) s.get(2));
                assertThat(pyramid.get(name).width()).as(name).isEqualTo((int) s.get(3));
            }
        }
    }

    @Test
    void convolutionsAverageTheWindowAndPoolingHalves() {
        // one pixel of a 4x4 mask: after a 3x3 average its corner neighbour (inside, 4 cells) has 1/4,
        // an interior cell next to it 1/9; 2x2 pooling then averages four cells
        float[] m = new float[16];
        m[0] = 1;
        float[] conv = MaskPyramid.boxAverage3x3(m, 4, 4);
        assertThat(conv[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(conv[1]).isCloseTo(1f / 6, within(1e-6f));
        assertThat(conv[5]).isCloseTo(1f / 9, within(1e-6f));
        assertThat(conv[2]).isEqualTo(0f);
        float[] pooled = MaskPyramid.halve(conv, 4, 4);
        assertThat(pooled).hasSize(4);
        assertThat(pooled[0]).isCloseTo((0.25f + 1f / 6 + 1f / 6 + 1f / 9) / 4, within(1e-6f));
        assertThat(pooled[3]).isEqualTo(0f);
    }

    @Test
    void aFullMaskStaysFullAtEveryLayer() {
        float[] ones = new float[40 * 40];
        java.util.Arrays.fill(ones, 1f);
        for (LayerMask lm : MaskPyramid.build(VggArchitecture.VGG19, "relu5_1", ones, 40, 40).values()) {
            for (float v : lm.weights()) {
                assertThat(v).isCloseTo(1f, within(1e-6f));
            }
        }
    }
}
