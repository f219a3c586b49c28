package dev.atelier.train.swa;

import dev.atelier.train.learner.ParameterCopy;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.atelier.train.data.BatchLoader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recomputes the running statistics of every {@link BatchNorm} layer of a model with one pass over
 * data, as an exact average instead of a momentum average. Needed after SWA: the averaged weights
 * produce different activations than any model the running statistics were collected on.
 *
 * <p>What "exact" means here: for each BatchNorm layer and channel, with batches {@code b = 1..B} of
 * {@code n_b} samples each, the layer's batch statistics {@code mean_b} and {@code var_b} (the
 * values PyTorch's batch norm feeds into its running averages: the mean, and the <em>unbiased</em>
 * variance over the batch and spatial positions) are averaged weighted by batch size:
 * {@code running_mean = sum(n_b * mean_b) / sum(n_b)}, {@code running_var = sum(n_b * var_b) / sum(n_b)}.
 * The result does not depend on the order of the batches, nor on the layer's momentum. For the
 * mean this is exactly the mean of the layer's input over the whole pass. When all batches have the
 * same size it equals PyTorch's {@code torch.optim.swa_utils.update_bn} (momentum {@code None},
 * a cumulative equal-weight average per batch); when the last batch is smaller, PyTorch gives it the
 * same weight as the others and this gives it its share of the samples. The variance is the mean of
 * within-batch variances, as in PyTorch, not the variance over the whole data.
 *
 * <p>The pass runs the model in training mode (batch statistics, dropout active as in PyTorch).
 */
public final class BatchNormRecalibration {
    private BatchNormRecalibration() {}

    /**
     * Replaces the running mean and variance of every BatchNorm layer in {@code model} with their
     * exact averages over {@code inputs} (each element is one batch of model inputs, first axis the
     * batch; not closed here).
     *
     * @return the number of BatchNorm layers recalibrated (0: nothing to do, no pass is made)
     */
    public static int recompute(Block model, Iterable<NDList> inputs, NDManager manager) {
        return recompute(model, manager, pass -> inputs.forEach(pass::accept));
    }

    /**
     * Same, over one epoch of {@code loader} in its epoch-0 order, with its augmentation (as PyTorch's
     * {@code update_bn} over the training loader); each batch is freed after use.
     */
    public static int recompute(Block model, BatchLoader loader, NDManager manager) {
        return recompute(model, manager, pass -> {
            for (int b = 0; b < loader.batchesPerEpoch(); b++) {
                try (NDManager batchScope = manager.newSubManager()) {
                    pass.accept(new NDList(loader.batch(batchScope, 0, b).images()));
                }
            }
        });
    }

    private static int recompute(Block model, NDManager manager, Consumer<Consumer<NDList>> data) {
        List<Layer> layers = new ArrayList<>();
        collect(model, layers);
        if (layers.isEmpty()) {
            return 0;
        }
        try (NDManager scope = manager.newSubManager()) {
            for (Layer l : layers) {
                l.sumMean = scope.zeros(l.mean.getArray().getShape(), l.mean.getArray().getDataType());
                l.sumVar = scope.zeros(l.var.getArray().getShape(), l.var.getArray().getDataType());
            }
            ParameterStore store = new ParameterStore(scope, false);
            long[] samples = {0};
            data.accept(batch -> {
                long n = batch.get(0).getShape().get(0);
                for (Layer l : layers) {
                    // With the running values at 0, one training step leaves (1 - m) * batch statistic.
                    l.mean.getArray().muli(0);
                    l.var.getArray().muli(0);
                }
                try (NDManager step = scope.newSubManager()) {
                    NDList out = model.forward(store, batch, true);
                    out.attach(step);
                }
                for (Layer l : layers) {
                    float weight = n / (1 - l.momentum);
                    try (NDArray m = l.mean.getArray().mul(weight); NDArray v = l.var.getArray().mul(weight)) {
                        l.sumMean.addi(m);
                        l.sumVar.addi(v);
                    }
                }
                samples[0] += n;
            });
            if (samples[0] == 0) {
                throw new IllegalArgumentException("batch-norm recalibration needs at least one batch");
            }
            for (Layer l : layers) {
                ParameterCopy.into(l.mean.getArray(), l.sumMean.divi(samples[0]));
                ParameterCopy.into(l.var.getArray(), l.sumVar.divi(samples[0]));
            }
        }
        return layers.size();
    }

    private static void collect(Block block, List<Layer> out) {
        if (block instanceof BatchNorm bn) {
            Parameter mean = null;
            Parameter var = null;
            for (Pair<String, Parameter> p : bn.getDirectParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    mean = p.getValue();
                } else if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    var = p.getValue();
                }
            }
            if (mean == null || var == null) {
                throw new IllegalStateException("BatchNorm layer without running statistics");
            }
            out.add(new Layer(mean, var, momentumOf(bn)));
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), out);
        }
    }

    /**
     * DJL's momentum (weight of the old running value) of a layer. DJL has no getter for it; it is
     * read by reflection because the recovery of the batch statistic divides by {@code 1 - momentum}.
     */
    private static float momentumOf(BatchNorm bn) {
        try {
            Field f = BatchNorm.class.getDeclaredField("momentum");
            f.setAccessible(true);
            float m = f.getFloat(bn);
            if (!(m >= 0 && m < 1)) {
                throw new IllegalStateException("BatchNorm momentum " + m + " keeps no batch statistic");
            }
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read DJL BatchNorm momentum", e);
        }
    }

    private static final class Layer {
        final Parameter mean;
        final Parameter var;
        final float momentum;
        NDArray sumMean;
        NDArray sumVar;

        Layer(Parameter mean, Parameter var, float momentum) {
            this.mean = mean;
            this.var = var;
            this.momentum = momentum;
        }
    }
}
