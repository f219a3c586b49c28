package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.tensor.ScalarArithmetic;

/**
 * Instance normalisation (Ulyanov, Vedaldi &amp; Lempitsky 2016) with a learned scale and shift per
 * channel: each picture's channels are normalised over their own pixels, the same in training and
 * in use. That removes the photo's contrast from what the network has to undo, which is why it
 * styles better than batch norm, and makes the output of a picture independent of the batch it is in.
 */
final class InstanceNorm extends AbstractBlock {
    /** The epsilon of PyTorch's {@code InstanceNorm2d}. */
    static final double EPS = 1e-5;

    private final Parameter gamma;
    private final Parameter beta;

    InstanceNorm(int channels) {
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = ps.getValue(gamma, x.getDevice(), training).reshape(1, -1, 1, 1);
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(1, -1, 1, 1);
        // the views would otherwise live in the parameters' manager, two more for every pass until the model closes
        NDManager pass = x.getManager();
        g.attach(pass);
        b.attach(pass);
        NDArray centred = x.sub(planeMean(x));
        NDArray variance = planeMean(centred.square());
        NDArray inverse;
        try (NDArray eps = OwnedArrays.scalar(variance, EPS)) {
            inverse = ScalarArithmetic.power(variance.add(eps), -0.5);
        }
        return new NDList(centred.mul(inverse).mul(g).add(b));
    }

    /** The mean of each channel's plane, {@code (N, C, 1, 1)} (PyTorch's engine reduces one axis at a time in DJL). */
    private static NDArray planeMean(NDArray x) {
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
