package dev.atelier.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ResNet's basic block (He et al. 2016): {@code relu(bn(conv3×3(relu(bn(conv3×3(x))))) + shortcut(x))},
 * the shortcut being the identity, or a strided {@code 1×1} convolution with batch norm when the
 * block changes the number of channels or the resolution.
 */
public final class BasicBlock extends AbstractBlock {
    private final SequentialBlock residual;
    private final SequentialBlock shortcut;

    /**
     * @param inChannels channels of the input (decides whether the shortcut needs a projection)
     * @param filters channels of the output
     * @param stride 1, or 2 to halve the resolution
     */
    public BasicBlock(int inChannels, int filters, int stride) {
        residual = addChildBlock("residual", new SequentialBlock()
                .add(ConvBn.reluLayer(filters, 3, stride))
                .add(ConvBn.layer(filters, 3, 1)));
        boolean project = stride != 1 || inChannels != filters;
        shortcut = project ? addChildBlock("shortcut", ConvBn.layer(filters, 1, stride)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray main = residual.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray skip = shortcut == null ? inputs.singletonOrThrow()
                : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(Activation.relu(main.add(skip)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residual.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return residual.getOutputShapes(inputShapes);
    }
}
