package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One layer of the transformation network: optionally a nearest-neighbour 2× upsampling, then a
 * reflection-padded convolution, then optionally instance norm and ReLU. Upsampling followed by a
 * convolution instead of a transposed convolution avoids its checkerboard artefacts (Odena et al. 2016).
 */
final class ConvLayer extends AbstractBlock {
    private final boolean upsample;
    private final int kernel;
    private final Conv2d conv;
    private final InstanceNorm norm;
    private final boolean relu;

    /**
     * @param upsample repeat each pixel into 2×2 first
     * @param norm instance norm after the convolution
     * @param relu ReLU at the end
     */
    ConvLayer(int filters, int kernel, int stride, boolean upsample, boolean norm, boolean relu) {
        this.upsample = upsample;
        this.kernel = kernel;
        this.conv = addChildBlock("conv", Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters).optStride(new Shape(stride, stride)).optPadding(new Shape(0, 0)).build());
        this.norm = norm ? addChildBlock("norm", new InstanceNorm(filters)) : null;
        this.relu = relu;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (training) {
            return new NDList(layer(ps, x, true, params));
        }
        // in use, a layer's intermediate arrays (padding, instance norm's steps) are freed as soon as its output
        // exists: that, not the parameters, is what bounds the size of picture one pass can paint
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray y = layer(ps, x, false, params);
            y.attach(parent);
            return new NDList(y);
        }
    }

    private NDArray layer(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        if (upsample) {
            x = nearest2x(x);
        }
        x = conv.forward(ps, new NDList(ReflectionPad.of(x, kernel / 2)), training, params).singletonOrThrow();
        if (norm != null) {
            x = norm.forward(ps, new NDList(x), training, params).singletonOrThrow();
        }
        return relu ? Activation.relu(x) : x;
    }

    /** Each pixel repeated into a 2×2 square: (N, C, H, W) to (N, C, 2H, 2W). */
    static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, 2, w, 2)).reshape(n, c, 2 * h, 2 * w);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape padded = padded(inputShapes[0]);
        conv.initialize(manager, dataType, padded);
        if (norm != null) {
            norm.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {padded}));
        }
    }

    /** The shape the convolution sees: upsampled if asked, then padded. */
    private Shape padded(Shape in) {
        int f = upsample ? 2 : 1;
        int p = 2 * (kernel / 2);
        return new Shape(in.get(0), in.get(1), f * in.get(2) + p, f * in.get(3) + p);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(new Shape[] {padded(inputShapes[0])});
    }
}
