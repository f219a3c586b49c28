package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies values into a model parameter in place. DJL's {@code NDArray.set(Buffer)} and
 * {@code copyTo} go through a PyTorch JNI path that enters the deprecated {@code AutoNonVariableTypeMode}
 * and makes libtorch print a {@code [W... AutoNonVariableTypeMode is deprecated ...]} warning on stderr;
 * an indexed assignment over the whole array ({@code target[...] = source}) copies the same values,
 * keeps the parameter's identity and gradient flag, and prints nothing.
 */
public final class ParameterCopy {
    private static final NDIndex ALL = new NDIndex("...");

    private ParameterCopy() {}

    /** {@code target[...] = source}; the shapes must be equal. */
    public static void into(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
        }
        target.set(ALL, source);
    }
}
