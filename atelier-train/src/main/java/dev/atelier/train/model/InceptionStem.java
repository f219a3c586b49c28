package dev.atelier.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * An Inception-style stem, lesson 13's suggestion for the first layer: parallel {@code 1×1}, {@code 3×3}
 * and {@code 5×5} convolutions, the last factored into {@code 1×5} then {@code 5×1}
 * ({@link FactoredConv}), concatenated along channels, then batch norm and ReLU. The network sees
 * several scales from its very first layer for about the weights of one {@code 3×3} convolution.
 */
public final class InceptionStem extends AbstractBlock {
    private final List<Block> branches;
    private final BatchNorm norm;
    private final int filters;

    /** A stem producing {@code filters} channels: ¼ from {@code 1×1}, ½ from {@code 3×3}, ¼ from {@code 5×5}. */
    public InceptionStem(int filters) {
        if (filters < 4) {
            throw new IllegalArgumentException("an inception stem needs at least 4 filters, got " + filters);
        }
        this.filters = filters;
        int quarter = filters / 4;
        int half = filters - 2 * quarter;
        branches = List.of(
                addChildBlock("conv1x1", ConvBn.conv(quarter, 1, 1)),
                addChildBlock("conv3x3", ConvBn.conv(half, 3, 1)),
                addChildBlock("conv5x5", new SequentialBlock().add(new FactoredConv(5, quarter, quarter))));
        norm = addChildBlock("bn", BatchNorm.builder().build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outs = new NDList(branches.size());
        for (Block b : branches) {
            outs.add(b.forward(ps, inputs, training, params).singletonOrThrow());
        }
        NDArray joined = NDArrays.concat(outs, 1);
        return new NDList(Activation.relu(norm.forward(ps, new NDList(joined), training, params).singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
        norm.initialize(manager, dataType, getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
    }
}
