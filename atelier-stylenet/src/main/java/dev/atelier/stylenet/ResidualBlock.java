package dev.atelier.stylenet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Johnson's residual block: {@code x + in(conv3×3(relu(in(conv3×3(x)))))}, no activation after the
 * sum (Gross &amp; Wilber's finding that the network then starts near the identity and trains faster).
 */
final class ResidualBlock extends AbstractBlock {
    private final ConvLayer first;
    private final ConvLayer second;

    ResidualBlock(int channels) {
        first = addChildBlock("a", new ConvLayer(channels, 3, 1, false, true, true));
        second = addChildBlock("b", new ConvLayer(channels, 3, 1, false, true, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList mid = first.forward(ps, inputs, training, params);
        return new NDList(second.forward(ps, mid, training, params).singletonOrThrow().add(inputs.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

}
