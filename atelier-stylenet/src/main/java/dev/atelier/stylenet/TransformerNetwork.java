package dev.atelier.stylenet;

import ai.djl.engine.Engine;
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
 * The image-transformation network of Johnson, Alahi &amp; Fei-Fei (2016), "Perceptual Losses for
 * Real-Time Style Transfer", with instance norm (Ulyanov et al. 2016) and reflection padding: three
 * convolutions down (9×9 stride 1, 3×3 stride 2, 3×3 stride 2), residual blocks at a quarter of the
 * resolution, two stages of nearest upsampling and a 3×3 convolution, and a final 9×9 convolution to
 * RGB through a sigmoid.
 *
 * <p>Input and output are RGB in [0, 1], {@code (N, 3, H, W)}, of any size from {@link #MIN_SIDE}
 * pixels: the input is reflection-padded to a multiple of 4 (so the two halvings and doublings meet)
 * and the output cropped back, so the output always has the input's shape. Fully convolutional and
 * normalised per picture, so a picture's result does not depend on its batch.
 */
public final class TransformerNetwork extends AbstractBlock {
    /** The smallest side a picture may have: the quarter-resolution layers need 2 pixels to reflect. */
    public static final int MIN_SIDE = 8;

    private final StyleNetArchitecture architecture;
    private final SequentialBlock body;

    /** An uninitialised network of {@code architecture}; see {@link #create}. */
    public TransformerNetwork(StyleNetArchitecture architecture) {
        this.architecture = architecture;
        int c1 = architecture.width1();
        int c2 = architecture.width2();
        int c3 = architecture.width3();
        SequentialBlock b = new SequentialBlock()
                .add(new ConvLayer(c1, 9, 1, false, true, true))
                .add(new ConvLayer(c2, 3, 2, false, true, true))
                .add(new ConvLayer(c3, 3, 2, false, true, true));
        for (int i = 0; i < architecture.residualBlocks(); i++) {
            b.add(new ResidualBlock(c3));
        }
        b.add(new ConvLayer(c2, 3, 1, true, true, true))
                .add(new ConvLayer(c1, 3, 1, true, true, true))
                .add(new ConvLayer(3, 9, 1, false, false, false));
        body = addChildBlock("body", b);
    }

    /**
     * A network of {@code architecture} with its parameters initialised in {@code manager} (Xavier for
     * convolutions, 1 and 0 for the norms), reproducibly from {@code seed}.
     */
    public static TransformerNetwork create(StyleNetArchitecture architecture, long seed, NDManager manager) {
        TransformerNetwork net = new TransformerNetwork(architecture);
        Engine.getInstance().setRandomSeed((int) seed);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return net;
    }

    public StyleNetArchitecture architecture() {
        return architecture;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (h < MIN_SIDE || w < MIN_SIDE) {
            throw new IllegalArgumentException("a style network needs pictures of at least " + MIN_SIDE + "x"
                    + MIN_SIDE + " pixels, got " + w + "x" + h);
        }
        int padH = (int) ((4 - h % 4) % 4);
        int padW = (int) ((4 - w % 4) % 4);
        NDArray padded = ReflectionPad.of(x, 0, padH, 0, padW);
        NDArray out = body.forward(ps, new NDList(padded), training, params).singletonOrThrow();
        if (padH > 0 || padW > 0) {
            out = out.get(":, :, 0:" + h + ", 0:" + w);
        }
        return new NDList(Activation.sigmoid(out));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3))};
    }
}
