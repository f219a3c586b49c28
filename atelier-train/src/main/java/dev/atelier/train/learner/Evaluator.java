package dev.atelier.train.learner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.atelier.train.data.Batch;
import dev.atelier.train.data.BatchLoader;

/**
 * Loss and accuracy of a model over every batch of a dataset, in evaluation mode (batch norm uses its
 * running statistics), in fp32 on the master weights; optionally with mirror test-time augmentation.
 */
final class Evaluator {
    private final Block block;
    private final Loss loss;
    private final NDManager manager;

    Evaluator(Block block, Loss loss, NDManager manager) {
        this.block = block;
        this.loss = loss;
        this.manager = manager;
    }

    /**
     * With {@code mirrorTta} the prediction is the mean of the softmax of each image and of its
     * left-right mirror, and the loss is the negative log of that mean probability of the label.
     */
    Evaluation evaluate(BatchLoader loader, boolean mirrorTta) {
        ParameterStore store = new ParameterStore(manager, false);
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        for (int b = 0; b < loader.batchesPerEpoch(); b++) {
            try (NDManager sub = manager.newSubManager()) {
                Batch batch = loader.batch(sub, 0, b);
                NDArray logits = block.forward(store, new NDList(batch.images()), false).singletonOrThrow();
                NDArray predicted;
                double l;
                if (mirrorTta) {
                    NDArray mirrored = block.forward(store, new NDList(batch.images().flip(3)), false).singletonOrThrow();
                    NDArray p = logits.softmax(1).add(mirrored.softmax(1)).div(2);
                    l = p.log().neg().gather(batch.labels().reshape(-1, 1), 1).mean().getFloat();
                    predicted = p;
                } else {
                    l = loss.evaluate(new NDList(batch.labels()), new NDList(logits)).getFloat();
                    predicted = logits;
                }
                lossSum += l * batch.size();
                correct += predicted.argMax(1).eq(batch.labels()).countNonzero().getLong();
                images += batch.size();
            }
        }
        return new Evaluation(lossSum / images, (double) correct / images, images);
    }
}
