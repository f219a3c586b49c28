package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The Learner's loss over {@link StyleNetTrainingBlock}'s output: the sum of each photo's weighted
 * terms, averaged over the batch (so the learning rate does not depend on the batch size). The labels
 * are ignored: a style network's target is the loss itself.
 */
final class SummedTerms extends Loss {
    SummedTerms() {
        super("style-net");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return predictions.singletonOrThrow().sum(new int[] {1}).mean();
    }
}
