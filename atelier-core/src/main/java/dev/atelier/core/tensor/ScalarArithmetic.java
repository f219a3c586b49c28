package dev.atelier.core.tensor;

import ai.djl.ndarray.NDArray;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a Java number that is safe to differentiate.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)}, {@code pow(Number)} and {@code maximum(Number)} wrap the
 * number in an array over Java memory and close it at once, while PyTorch's autograd keeps that operand for
 * the backward pass: a gradient computed after the garbage collector has run can read freed memory (see
 * {@link OwnedArrays}). These do the same arithmetic with the number in memory PyTorch owns. Outside a
 * differentiated computation DJL's own methods are fine.
 */
public final class ScalarArithmetic {
    private ScalarArithmetic() {}

    /** {@code x · factor}. */
    public static NDArray times(NDArray x, double factor) {
        return withScalar(x, factor, NDArray::mul);
    }

    /** {@code x / divisor}. */
    public static NDArray over(NDArray x, double divisor) {
        return withScalar(x, divisor, NDArray::div);
    }

    /** {@code max(x, floor)}, element by element. */
    public static NDArray atLeast(NDArray x, double floor) {
        return withScalar(x, floor, NDArray::maximum);
    }

    /** {@code x ^ exponent}, element by element. */
    public static NDArray power(NDArray x, double exponent) {
        return withScalar(x, exponent, NDArray::pow);
    }

    private static NDArray withScalar(NDArray x, double value, BinaryOperator<NDArray> op) {
        try (NDArray s = OwnedArrays.scalar(x, value)) {
            return op.apply(x, s);
        }
    }
}
