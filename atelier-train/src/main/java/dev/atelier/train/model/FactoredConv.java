package dev.atelier.train.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@code k×k} convolution factored into a {@code 1×k} followed by a {@code k×1} one, as lesson 13
 * proposes (and Inception v3 does): the same receptive field with {@code 2k} instead of {@code k²}
 * weights per channel pair. Both convolutions keep the spatial size ("same" padding, stride 1) and
 * have no bias, as they are meant to be followed by batch norm.
 */
public final class FactoredConv extends AbstractBlock {
    private final Conv2d rows;
    private final Conv2d columns;

    /**
     * @param kernel odd kernel size {@code k}
     * @param middle output channels of the {@code 1×k} convolution
     * @param filters output channels of the {@code k×1} convolution
     */
    public FactoredConv(int kernel, int middle, int filters) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and positive, got " + kernel);
        }
        rows = addChildBlock("rows", Conv2d.builder().setKernelShape(new Shape(1, kernel))
                .optPadding(new Shape(0, kernel / 2)).setFilters(middle).optBias(false).build());
        columns = addChildBlock("columns", Conv2d.builder().setKernelShape(new Shape(kernel, 1))
                .optPadding(new Shape(kernel / 2, 0)).setFilters(filters).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return columns.forward(ps, rows.forward(ps, inputs, training, params), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        rows.initialize(manager, dataType, inputShapes);
        columns.initialize(manager, dataType, rows.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return columns.getOutputShapes(rows.getOutputShapes(inputShapes));
    }
}
