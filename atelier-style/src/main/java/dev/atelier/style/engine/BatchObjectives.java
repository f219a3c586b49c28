package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.atelier.style.loss.WeightedLoss;
import dev.atelier.style.tile.TileGrid;
import dev.atelier.style.tile.TiledObjective;

/**
 * What a segment's optimisers minimise, as a {@link BatchEvaluator.BatchObjective}: the loss and its gradient
 * with respect to the pixel space's variables, every evaluation recorded by the {@link RunMonitor}.
 */
final class BatchObjectives {
    private BatchObjectives() {}

    /** A scale run whole: one batched forward and backward pass of {@code loss} per evaluation. */
    static BatchEvaluator.BatchObjective untiled(WeightedLoss loss, PixelSpace space, RunMonitor monitor) {
        return x -> evaluate(loss, space, x, monitor);
    }

    /**
     * A tiled scale: the grid's origin moves at every evaluation (so no seam stays in place), one image
     * (tiled runs are not batched).
     */
    static BatchEvaluator.BatchObjective tiled(TiledObjective tiled, PixelSpace space, RunMonitor monitor,
            int alignment) {
        long[] step = {0};
        return x -> {
            int[] origin = TileGrid.origin(step[0]++, tiled.core(), alignment);
            TiledObjective.Value v = tiled.evaluate(x, origin[0], origin[1]);
            monitor.record(new double[] {v.total()}, new double[] {v.content()}, new double[] {v.style()},
                    new double[] {v.totalVariation()}, x, space);
            return new BatchEvaluator.Result(new double[] {v.total()}, v.gradient());
        };
    }

    /** One batched forward and backward pass: per-item losses and the gradient with respect to the variables. */
    private static BatchEvaluator.Result evaluate(WeightedLoss loss, PixelSpace space, NDArray x, RunMonitor monitor) {
        return loss.differentiate(x, space::toNetwork, x.getManager(), (terms, variables, gradient) -> {
            int n = (int) x.getShape().get(0);
            double[] content = values(terms.content(), n);
            double[] style = values(terms.style(), n);
            double[] tv = values(terms.totalVariation(), n);
            double[] total = new double[n];
            for (int i = 0; i < n; i++) {
                total[i] = content[i] + style[i] + tv[i];
            }
            monitor.record(total, content, style, tv, variables, space);
            return new BatchEvaluator.Result(total, gradient);
        });
    }

    private static double[] values(NDArray perItem, int n) {
        double[] out = new double[n];
        if (perItem != null) {
            float[] f = perItem.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }
}
