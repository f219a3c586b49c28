package dev.atelier.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;

/**
 * The per-channel normalisation torchvision's pretrained networks expect: {@code (x - mean) / std}
 * on RGB values in [0, 1], with ImageNet's statistics. Both directions are differentiable, so an
 * optimiser can work on either side.
 */
public final class ImageNetNormalization {
    /** ImageNet's mean per RGB channel. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet's standard deviation per RGB channel. */
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetNormalization() {}

    /** {@code (image - MEAN) / STD} for an image {@code (N, 3, H, W)} or {@code (3, H, W)} in [0, 1]. */
    public static NDArray normalize(NDArray image) {
        checkChannels(image);
        try (NDArray mean = constant(image, MEAN); NDArray std = constant(image, STD);
                NDArray centred = image.sub(mean)) {
            return centred.div(std);
        }
    }

    /** The inverse of {@link #normalize}: {@code x * STD + MEAN}, back to [0, 1] pixel values. */
    public static NDArray denormalize(NDArray normalized) {
        checkChannels(normalized);
        try (NDArray mean = constant(normalized, MEAN); NDArray std = constant(normalized, STD);
                NDArray scaled = normalized.mul(std)) {
            return scaled.add(mean);
        }
    }

    /**
     * A (3, 1, 1) constant that broadcasts over the channel axis, in memory PyTorch owns: the backward pass of
     * {@code div} and {@code mul} keeps it after the caller has closed it.
     */
    private static NDArray constant(NDArray like, float[] values) {
        NDArray c = OwnedArrays.of(like.getManager(), values, new Shape(3, 1, 1));
        if (c.getDataType() == like.getDataType()) {
            return c;
        }
        try (c) {
            return c.toType(like.getDataType(), true);
        }
    }


    private static void checkChannels(NDArray a) {
        Shape s = a.getShape();
        if (s.dimension() < 3 || s.get(s.dimension() - 3) != 3) {
            throw new IllegalArgumentException("expected an RGB image (N, 3, H, W) or (3, H, W), got " + s);
        }
    }
}
