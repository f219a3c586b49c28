package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Mean squares: the reduction every squared-error term and every relative scaling uses. */
public final class MeanSquare {
    private MeanSquare() {}

    /** Mean of the squares over every axis but the first: one value per batch item, shape (N). */
    public static NDArray perItem(NDArray a) {
        return a.square().reshape(a.getShape().get(0), -1).mean(new int[] {1});
    }

    /** Mean of the squares of every element, as a double. */
    public static double of(NDArray a) {
        try (NDArray sq = a.square(); NDArray mean = sq.mean(); NDArray wide = mean.toType(DataType.FLOAT64, true)) {
            return wide.getDouble();
        }
    }
}
