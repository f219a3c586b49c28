package dev.atelier.train.learner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.atelier.core.tensor.ScalarArithmetic;
import dev.atelier.train.data.Batch;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.optim.UpdateRule;
import dev.atelier.train.precision.LossScaler;
import dev.atelier.train.precision.MixedPrecisionParameters;
import dev.atelier.train.precision.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One training batch: forward, backward and the update of every trainable parameter with its layer
 * group's hyper-parameters. In fp32 the model computes on its own weights. In a lower precision it
 * computes on {@link MixedPrecisionParameters} copies; the gradients are turned into fp32 (divided by
 * the loss scale for fp16, the step skipped if any overflowed), the update rule moves the fp32 masters
 * with fp32 optimizer state, and the copies are refreshed.
 */
final class BatchStep {
    /** The outcome of a batch: its (unscaled) loss, correct predictions and whether the update was applied. */
    record Outcome(double loss, long correct, boolean applied) {}

    private final Block block;
    private final Loss loss;
    private final TrainableParameters trainable;
    private final ParameterStore fp32Store;
    private final MixedPrecisionParameters mixed;
    private final LossScaler scaler;

    BatchStep(Block block, Loss loss, TrainableParameters trainable, NDManager manager, Precision precision,
            LossScaler scaler) {
        this.block = block;
        this.loss = loss;
        this.trainable = trainable;
        this.fp32Store = new ParameterStore(manager, false);
        if (precision == Precision.FP32) {
            this.mixed = null;
            this.scaler = null;
        } else {
            List<String> names = trainable.named().stream().map(Pair::getKey).toList();
            this.mixed = new MixedPrecisionParameters(manager, precision, block.getParameters(),
                    java.util.Set.copyOf(names));
            this.scaler = precision.needsLossScaling() ? scaler : null;
        }
    }

    /** The loss scaler of an fp16 step, else null. */
    LossScaler scaler() {
        return scaler;
    }

    /** After the masters changed outside a step (restore, resume): copy them into the low-precision copies. */
    void mastersChanged() {
        if (mixed != null) {
            mixed.refresh(block.getParameters());
        }
    }

    /** Trains {@code batch} (its arrays in {@code sub}) with {@code hp}. */
    Outcome train(NDManager sub, Batch batch, HyperParameters hp) {
        return mixed == null ? trainFp32(sub, batch, hp) : trainMixed(sub, batch, hp);
    }

    private Outcome trainFp32(NDManager sub, Batch batch, HyperParameters hp) {
        UpdateRule rule = UpdateRule.of(hp.optimizer());
        NDArray lossValue;
        NDArray logits;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            logits = block.forward(fp32Store, new NDList(batch.images()), true).singletonOrThrow();
            lossValue = loss.evaluate(new NDList(batch.labels()), new NDList(logits));
            collector.backward(lossValue);
        }
        double value = lossValue.getFloat();
        long correct = logits.argMax(1).eq(batch.labels()).countNonzero().getLong();
        for (Pair<String, Parameter> p : trainable.named()) {
            NDArray weight = p.getValue().getArray();
            NDArray grad = weight.getGradient();
            grad.attach(sub);
            rule.update(weight, grad, trainable.optimizerState(p.getKey()), hp, trainable.groupOf(p.getKey()));
            zeroGradient(weight, grad);
        }
        return new Outcome(value, correct, true);
    }

    private Outcome trainMixed(NDManager sub, Batch batch, HyperParameters hp) {
        UpdateRule rule = UpdateRule.of(hp.optimizer());
        NDArray images = batch.images().toType(mixed.precision().dataType(), false);
        NDArray lossValue;
        NDArray logits;
        double scale = scaler == null ? 1 : scaler.scale();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            logits = block.forward(mixed, new NDList(images), true).singletonOrThrow();
            lossValue = loss.evaluate(new NDList(batch.labels()), new NDList(logits));
            collector.backward(scale == 1 ? lossValue : ScalarArithmetic.times(lossValue, scale));

        }
        double value = lossValue.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
        long correct = logits.argMax(1).eq(batch.labels()).countNonzero().getLong();
        List<NDArray> holders = new ArrayList<>();
        List<NDArray> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : trainable.named()) {
            NDArray holder = mixed.gradientHolder(p.getValue());
            NDArray grad = holder.getGradient();
            grad.attach(sub);
            holders.add(holder);
            grads.add(grad);
        }
        Optional<List<NDArray>> fp32Grads = scaler != null ? scaler.unscale(grads)
                : Optional.of(grads.stream().map(g -> g.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)).toList());
        if (fp32Grads.isPresent()) {
            for (int i = 0; i < trainable.named().size(); i++) {
                Pair<String, Parameter> p = trainable.named().get(i);
                NDArray g = fp32Grads.get().get(i);
                g.attach(sub);
                rule.update(p.getValue().getArray(), g, trainable.optimizerState(p.getKey()), hp,
                        trainable.groupOf(p.getKey()));
                mixed.refresh(p.getValue());
            }
        }
        for (int i = 0; i < holders.size(); i++) {
            zeroGradient(holders.get(i), grads.get(i));
        }
        return new Outcome(value, correct, fp32Grads.isPresent());
    }

    private static void zeroGradient(NDArray weight, NDArray grad) {
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            grad.subi(grad);
        }
    }
}
