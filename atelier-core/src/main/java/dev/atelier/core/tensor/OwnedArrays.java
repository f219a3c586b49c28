package dev.atelier.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made from Java values whose memory PyTorch owns.
 *
 * <p>DJL's PyTorch engine wraps the Java data of {@code NDManager.create(...)} without copying it: the tensor
 * points into a direct buffer that lives only as long as the Java array object. Anything in PyTorch that keeps
 * the tensor beyond that — a view ({@code reshape}, {@code transpose}), or the autograd graph, which saves the
 * operands of {@code mul}, {@code div}, {@code pow}, {@code maximum} for the backward pass — then reads freed
 * memory once the array is closed and garbage-collected. That is also true of the scalars DJL makes for
 * {@code mul(Number)} and {@code div(Number)}, which it closes at once. The symptom is rare and machine
 * dependent (a wrong gradient, an early stop, a NaN), so every array built from Java data in Atelier comes
 * from here: a copy into memory PyTorch allocated and reference-counts, safe to close whenever the caller
 * likes. In code that is differentiated, multiply by {@link #scalar} rather than by a Java number.
 */
public final class OwnedArrays {
    private OwnedArrays() {}

    /** A float32 array of {@code shape} holding {@code data}, attached to {@code manager}. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return own(manager.create(data, shape));
    }

    /** A float64 array of {@code shape} holding {@code data}, attached to {@code manager}. */
    public static NDArray of(NDManager manager, double[] data, Shape shape) {
        return own(manager.create(data, shape));
    }

    /** An int32 array of {@code shape} holding {@code data}, attached to {@code manager}. */
    public static NDArray of(NDManager manager, int[] data, Shape shape) {
        return own(manager.create(data, shape));
    }

    /** An int64 array of {@code shape} holding {@code data}, attached to {@code manager}. */
    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return own(manager.create(data, shape));
    }

    /** A one-dimensional float32 array holding {@code data}. */
    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** A one-dimensional float64 array holding {@code data}. */
    public static NDArray of(NDManager manager, double[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /**
     * A 0-dimensional array holding {@code value} in {@code like}'s data type, attached to {@code like}'s
     * manager: what to multiply or divide by inside a differentiated computation.
     */
    public static NDArray scalar(NDArray like, double value) {
        NDManager m = like.getManager();
        DataType type = like.getDataType();
        if (type == DataType.FLOAT64) {
            return own(m.create(value));
        }
        if (type == DataType.FLOAT32) {
            return own(m.create((float) value));
        }
        try (NDArray wide = m.create(value)) {
            // A conversion writes a new tensor, which PyTorch owns.
            return wide.toType(type, true);
        }
    }

    /**
     * A copy of {@code created} in memory PyTorch owns, attached to the same manager; {@code created} (an array
     * straight from {@code NDManager.create}) is closed.
     */
    public static NDArray own(NDArray created) {
        try (created) {
            return created.duplicate();
        }
    }
}
