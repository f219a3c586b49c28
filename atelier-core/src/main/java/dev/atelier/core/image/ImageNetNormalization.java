package dev.atelier.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

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
        return image.sub(constant(image, MEAN)).div(constant(image, STD));
    }

    /** The inverse of {@link #normalize}: {@code x * STD + MEAN}, back to [0, 1] pixel values. */
    public static NDArray denormalize(NDArray normalized) {
        checkChannels(normalized);
        return normalized.mul(constant(normalized, STD)).add(constant(normalized, MEAN));
    }

    /** A (3, 1, 1) constant that broadcasts over the channel axis, owned by {@code like}'s manager. */
    private static NDArray constant(NDArray like, float[] values) {
        return like.getManager().create(values, new Shape(3, 1, 1)).toType(like.getDataType(), false);
    }

    private static void checkChannels(NDArray a) {
        Shape s = a.getShape();
        if (s.dimension() < 3 || s.get(s.dimension() - 3) != 3) {
            throw new IllegalArgumentException("expected an RGB image (N, 3, H, W) or (3, H, W), got " + s);
        }
    }
}
