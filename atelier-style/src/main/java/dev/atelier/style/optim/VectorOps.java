package dev.atelier.style.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The few BLAS-1 operations L-BFGS and Adam need, on flat NDArrays, closing every temporary at once
 * so that long runs over large images do not pile up native memory.
 */
final class VectorOps {
    private VectorOps() {}

    static double dot(NDArray a, NDArray b) {
        try (NDArray p = a.mul(b); NDArray s = p.sum()) {
            return scalar(s);
        }
    }

    static double absMax(NDArray a) {
        try (NDArray abs = a.abs(); NDArray m = abs.max()) {
            return scalar(m);
        }
    }

    static double absSum(NDArray a) {
        try (NDArray abs = a.abs(); NDArray s = abs.sum()) {
            return scalar(s);
        }
    }

    /** {@code y += alpha * x}, in place. */
    static void axpy(NDArray y, double alpha, NDArray x) {
        try (NDArray scaled = x.mul(alpha)) {
            y.addi(scaled);
        }
    }

    /** {@code x + alpha * d} as a new array. */
    static NDArray plusScaled(NDArray x, double alpha, NDArray d) {
        try (NDArray scaled = d.mul(alpha)) {
            return x.add(scaled);
        }
    }

    static double scalar(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.getDouble();
        }
        try (NDArray wide = a.toType(DataType.FLOAT64, true)) {
            return wide.getDouble();
        }
    }
}
