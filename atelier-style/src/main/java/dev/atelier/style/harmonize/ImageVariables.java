package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.image.RgbImage;

/**
 * What a harmonisation optimises: the ImageNet-normalised image {@code (1, 3, H, W)}, what the network sees of
 * it, and the picture it stands for.
 */
final class ImageVariables {
    private ImageVariables() {}

    /** The variables of {@code image}. */
    static NDArray of(NDManager manager, RgbImage image) {
        NDArray raw = OwnedArrays.of(manager, image.pixels(), new Shape(1, 3, image.height(), image.width()));
        NDArray n = ImageNetNormalization.normalize(raw);
        raw.close();
        return n;
    }

    /**
     * What the network sees: the variables clamped, channel by channel, to the displayable range, so the
     * loss is the written image's. Scalar bounds on slices: the backward pass needs no constant tensors.
     */
    static NDArray toNetwork(NDArray v) {
        NDList channels = new NDList();
        for (int c = 0; c < 3; c++) {
            float lo = -ImageNetNormalization.MEAN[c] / ImageNetNormalization.STD[c];
            float hi = (1 - ImageNetNormalization.MEAN[c]) / ImageNetNormalization.STD[c];
            channels.add(v.get(new NDIndex(":, {}:{}", c, c + 1)).clip(lo, hi));
        }
        return NDArrays.concat(channels, 1);
    }

    /** The RGB image in [0, 1] the variables stand for. */
    static RgbImage image(NDArray v) {
        try (NDManager scope = v.getManager().newSubManager()) {
            NDArray px = ImageNetNormalization.denormalize(v);
            px.attach(scope);
            NDArray clipped = px.clip(0, 1);
            Shape s = v.getShape();
            return new RgbImage((int) s.get(3), (int) s.get(2), clipped.toFloatArray());
        }
    }
}
