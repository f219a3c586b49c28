package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What the {@link dev.atelier.train.learner.Learner} trains: the transformation network followed by
 * its perceptual loss, one block whose output for a batch of photos is each photo's weighted loss
 * terms {@code (N, 3)} ({@link StyleNetLoss#perItem}). The Learner only knows blocks with outputs
 * and a loss over them, so the loss network sits inside the model; its VGG is held, not a child, so
 * the Learner's parameters, optimizer state and checkpoints are the transformation network's alone.
 */
final class StyleNetTrainingBlock extends AbstractBlock {
    private final TransformerNetwork transformer;
    private final StyleNetLoss loss;

    StyleNetTrainingBlock(TransformerNetwork transformer, StyleNetLoss loss) {
        this.transformer = addChildBlock("net", transformer);
        this.loss = loss;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray photos = inputs.singletonOrThrow();
        NDArray pictures = transformer.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(loss.perItem(photos, pictures));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transformer.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), StyleNetLoss.TERMS)};
    }
}
