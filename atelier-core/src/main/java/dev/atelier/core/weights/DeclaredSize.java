package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;

/**
 * Sizes a weight file declares (shapes, element counts, byte lengths), computed with exact
 * arithmetic: a shape of 2^32 × 2^32 or an element count of 2^62 is reported as the damage it is,
 * never wrapped around into a small number or thrown as an {@link ArithmeticException}.
 */
final class DeclaredSize {
    private DeclaredSize() {}

    /**
     * The number of elements of {@code shape}.
     *
     * @param what names the tensor in messages: {@code tensor 'features.0.weight'}
     */
    static long numel(long[] shape, String what) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException(what + " has a negative dimension in its shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new InvalidInputException(what + " declares an impossible shape " + Arrays.toString(shape)
                        + " (more than 2^63 elements)");
            }
        }
        return n;
    }

    /** The bytes of {@code numel} elements of {@code dtype}. */
    static long bytes(long numel, TensorDType dtype, String what) {
        if (numel < 0) {
            throw new InvalidInputException(what + " declares a negative size of " + numel + " elements");
        }
        try {
            return Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new InvalidInputException(what + " declares an impossible size of " + numel + " " + dtype
                    + " elements (more than 2^63 bytes)");
        }
    }

    /** The bytes of a tensor of {@code shape} and {@code dtype}. */
    static long bytes(long[] shape, TensorDType dtype, String what) {
        return bytes(numel(shape, what), dtype, what);
    }

    /** {@code a + b} for positions and lengths the file declares. */
    static long add(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(what + " declares an impossible position (beyond 2^63)");
        }
    }
}
