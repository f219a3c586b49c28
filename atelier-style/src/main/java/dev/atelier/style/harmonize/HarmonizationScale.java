package dev.atelier.style.harmonize;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import java.util.Map;

/**
 * One scale's inputs: the painting and the composite at the scale's size, their masks, and the loose mask's
 * pyramid over the network's layers.
 *
 * @param index the scale's place in the ladder, 0 for the coarsest
 * @param painting the painting at this scale
 * @param composite the composite at this scale
 * @param masks the tight and loose masks at this scale
 * @param pyramid the loose mask at each layer up to relu5_1
 */
record HarmonizationScale(int index, RgbImage painting, Composite composite, HarmonizationMasks masks,
        Map<String, LayerMask> pyramid) {
    /** The scale {@code index} of {@code painting} and {@code composite}, whose loose mask is blurred by {@code sigma}. */
    static HarmonizationScale of(int index, RgbImage painting, Composite composite, double sigma,
            VggArchitecture network) {
        HarmonizationMasks masks = HarmonizationMasks.of(composite.mask(), sigma);
        Map<String, LayerMask> pyramid = MaskPyramid.build(network, "relu5_1", masks.loose().values(),
                painting.width(), painting.height());
        return new HarmonizationScale(index, painting, composite, masks, pyramid);
    }

    int width() {
        return painting.width();
    }

    int height() {
        return painting.height();
    }
}
