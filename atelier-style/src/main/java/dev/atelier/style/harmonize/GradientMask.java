package dev.atelier.style.harmonize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.mask.SoftMask;

/**
 * The authors' last step before L-BFGS sees a gradient ({@code feval} in {@code neural_gram.lua} and
 * {@code neural_paint.lua}: {@code grad:cmul(mask_image_ori)}): the pixel gradient multiplied by the loose
 * mask, so only pixels inside it change. L-BFGS's directions are combinations of masked gradients and of
 * earlier steps, which are zero outside too, so every pixel outside the mask keeps its starting value
 * exactly.
 */
final class GradientMask {
    private final float[] values;
    private final int width;
    private final int height;

    GradientMask(float[] values, int width, int height) {
        if (values.length != width * height) {
            throw new IllegalArgumentException("a mask of " + values.length + " for " + width + "x" + height);
        }
        this.values = values.clone();
        this.width = width;
        this.height = height;
    }

    static GradientMask of(SoftMask mask) {
        return new GradientMask(mask.values(), mask.width(), mask.height());
    }

    /**
     * The mask as a {@code (1, 1, H, W)} array of {@code dataType} owned by {@code owner}, made once so that
     * {@link #apply(NDArray, NDArray)} copies nothing per evaluation.
     */
    NDArray toArray(NDManager owner, DataType dataType) {
        NDArray m = OwnedArrays.of(owner, values, new Shape(1, 1, height, width));
        if (m.getDataType() == dataType) {
            return m;
        }
        try (m) {
            NDArray typed = m.toType(dataType, false);
            typed.attach(owner);
            return typed;
        }
    }

    /** {@code gradient (1, C, H, W)} times the mask, as a new array on its manager; {@code gradient} is closed. */
    NDArray apply(NDArray gradient) {
        try (NDArray m = toArray(gradient.getManager(), gradient.getDataType())) {
            return apply(gradient, m);
        }
    }

    /**
     * {@code gradient (1, C, H, W)} times {@code mask} (this mask's {@link #toArray}), as a new array on the
     * gradient's manager; {@code gradient} is closed.
     */
    NDArray apply(NDArray gradient, NDArray mask) {
        Shape s = gradient.getShape();
        if (s.get(2) != height || s.get(3) != width) {
            throw new IllegalArgumentException("a gradient mask of " + width + "x" + height + " for " + s);
        }
        NDArray out = gradient.mul(mask);
        gradient.close();
        return out;
    }
}
