package dev.atelier.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * fastai's {@code AdaptiveConcatPool2d}: global average and global max pooling side by side, turning
 * {@code N×C×H×W} into {@code N×2C}. The head sees both "how much" and "how strongly anywhere" of each
 * feature, which works better than either pooling alone and makes the head independent of image size
 * (so one model trains on 14×14 and 28×28 images).
 */
public final class ConcatPool extends AbstractBlock {
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(Pool.globalAvgPool2d(x).concat(Pool.globalMaxPool2d(x), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 2 * in.get(1))};
    }
}
