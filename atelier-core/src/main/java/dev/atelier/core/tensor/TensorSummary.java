package dev.atelier.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The sum, mean and maximum of a tensor of any size, read into Java in slices.
 *
 * <p>DJL copies a tensor to Java through one direct buffer, which cannot exceed 2 GiB: a single
 * {@code toFloatArray()} of a 4000x4000 image's first-block activation (4 GB) fails deep in the engine.
 * Reading at most {@link #SLICE_BYTES} at a time keeps both that limit and the Java heap out of the way;
 * the slices run in the tensor's own order, so the sum is the same double-precision sum a single copy
 * would give.
 *
 * @param sum the sum of all values, accumulated in double precision
 * @param max the largest value (negative infinity for an empty tensor)
 * @param count how many values there are
 */
public record TensorSummary(double sum, double max, long count) {
    /** The most bytes of a tensor held in the Java heap at once. */
    public static final long SLICE_BYTES = 64L << 20;

    /** The mean of all values (NaN for an empty tensor). */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Sums {@code array} slice by slice; {@code array} itself is left as it is. */
    public static TensorSummary of(NDArray array) {
        long count = array.getShape().size();
        long perSlice = SLICE_BYTES / Float.BYTES;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        try (NDArray flat = array.reshape(-1)) {
            for (long from = 0; from < count; from += perSlice) {
                long to = Math.min(count, from + perSlice);
                try (NDArray slice = flat.get(new NDIndex("{}:{}", from, to))) {
                    float[] values;
                    if (slice.getDataType() == DataType.FLOAT32) {
                        values = slice.toFloatArray();
                    } else {
                        try (NDArray floats = slice.toType(DataType.FLOAT32, false)) {
                            values = floats.toFloatArray();
                        }
                    }
                    for (float f : values) {
                        sum += f;
                        max = Math.max(max, f);
                    }
                }
            }
        }
        return new TensorSummary(sum, max, count);
    }
}
