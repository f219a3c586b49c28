package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;

/**
 * One image's activations at one layer as a plain float array, channel-major {@code (C, h, w)}: what the
 * matching and remapping steps (which are not differentiated) work on.
 *
 * @param channels C
 * @param height h
 * @param width w
 * @param values {@code C * h * w} activations
 */
public record FeatureMap(int channels, int height, int width, float[] values) {
    public FeatureMap {
        if (channels < 1 || height < 1 || width < 1 || values.length != (long) channels * height * width) {
            throw new IllegalArgumentException("a feature map of " + channels + "x" + height + "x" + width
                    + " needs that many values, got " + values.length);
        }
    }

    /** The first item of activations {@code (N, C, h, w)}, copied to the host. */
    public static FeatureMap of(NDArray activations) {
        Shape s = activations.getShape();
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] all = activations.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[] first = new float[c * h * w];
        System.arraycopy(all, 0, first, 0, first.length);
        return new FeatureMap(c, h, w, first);
    }

    /** Positions per channel plane. */
    public int plane() {
        return height * width;
    }

    /** The activation of channel {@code c} at flat position {@code p = y * width + x}. */
    public float at(int c, int p) {
        return values[c * plane() + p];
    }

    /** This map as a {@code (1, C, h, w)} tensor. */
    public NDArray toArray(NDManager manager) {
        return OwnedArrays.of(manager, values, new Shape(1, channels, height, width));

    }

    /**
     * A map the size of {@code field} whose position p holds this map's features at {@code field[p]}, and
     * zeros where {@code field[p] < 0}: the painting's features rearranged as the output asks for them.
     */
    public FeatureMap gather(int[] field, int outWidth, int outHeight) {
        int outPlane = outWidth * outHeight;
        if (field.length != outPlane) {
            throw new IllegalArgumentException("a field of " + field.length + " for " + outWidth + "x" + outHeight);
        }
        float[] out = new float[channels * outPlane];
        int plane = plane();
        for (int p = 0; p < outPlane; p++) {
            int q = field[p];
            if (q < 0) {
                continue;
            }
            for (int c = 0; c < channels; c++) {
                out[c * outPlane + p] = values[c * plane + q];
            }
        }
        return new FeatureMap(channels, outHeight, outWidth, out);
    }
}
