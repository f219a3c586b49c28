package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.atelier.core.tensor.ScalarArithmetic;

/**
 * The progressive GAN's building blocks as functions of NCHW arrays (Karras et al. 2018, section 4):
 * equalised-learning-rate convolutions and dense layers, pixel-wise feature normalisation, the
 * minibatch standard-deviation channel, and the 2× resampling used by growth and fade-in.
 */
public final class Layers {
    /** Leaky ReLU slope of every hidden layer (the paper's 0.2). */
    public static final float LEAK = 0.2f;
    /** ε inside the square roots of pixel norm and the stddev layer (the paper's 1e-8). */
    public static final float EPSILON = 1e-8f;

    private Layers() {}

    /**
     * He's constant {@code gain / √fanIn}. Equalised learning rate stores weights drawn from N(0, 1) and
     * multiplies by this at every forward pass, so Adam's scale-free steps move every layer's
     * effective weights at the same relative speed whatever its fan-in.
     */
    public static double heScale(long fanIn, double gain) {
        return gain / Math.sqrt(fanIn);
    }

    /** Equalised 2-D convolution, stride 1, "same" padding; {@code weight} is (out, in, k, k). */
    public static NDArray conv(NDArray x, NDArray weight, NDArray bias, double gain) {
        Shape w = weight.getShape();
        long k = w.get(2);
        long fanIn = w.get(1) * k * w.get(3);
        NDArray scaled = ScalarArithmetic.times(weight, heScale(fanIn, gain));
        return Conv2d.conv2d(x, scaled, bias, new Shape(1, 1), new Shape(k / 2, k / 2), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** Equalised dense layer; {@code weight} is (out, in), {@code x} is (N, in). */
    public static NDArray dense(NDArray x, NDArray weight, NDArray bias, double gain) {
        NDArray scaled = ScalarArithmetic.times(weight, heScale(weight.getShape().get(1), gain));
        return Linear.linear(x, scaled, bias).singletonOrThrow();
    }

    /** Leaky ReLU with slope {@link #LEAK}. */
    public static NDArray lrelu(NDArray x) {
        return Activation.leakyRelu(x, LEAK);
    }

    /** Pixel-wise feature vector normalisation: each pixel's channel vector divided by its RMS. */
    public static NDArray pixelNorm(NDArray x) {
        return x.div(x.square().mean(new int[] {1}, true).add(EPSILON).sqrt());
    }

    /**
     * Minibatch standard deviation (section 3): split the batch into groups of {@code min(group, N)}
     * (sample {@code n} is in group-slot {@code n mod (N/G)}, as in the paper's code), take each
     * feature's standard deviation over a group's members, average it over features and pixels, and
     * append that one number as a constant extra channel to every member.
     */
    public static NDArray minibatchStddev(NDArray x, int group) {
        Shape s = x.getShape();
        long n = s.get(0);
        long g = Math.min(group, n);
        if (n % g != 0) {
            throw new IllegalArgumentException("batch " + n + " is not a multiple of the stddev group " + g);
        }
        long m = n / g;
        NDArray y = x.reshape(g, m, s.get(1), s.get(2), s.get(3));
        y = y.sub(y.mean(new int[] {0}, true));
        y = y.square().mean(new int[] {0}).add(EPSILON).sqrt(); // (M, C, H, W)
        y = y.reshape(m, -1).mean(new int[] {1}).reshape(m, 1, 1, 1);
        y = y.tile(new long[] {g, 1, s.get(2), s.get(3)});
        return NDArrays.concat(new ai.djl.ndarray.NDList(x, y), 1);
    }

    /** Nearest-neighbour 2× upsampling: each pixel becomes a 2×2 block. */
    public static NDArray upsample(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2), 1, s.get(3), 1)
                .broadcast(s.get(0), s.get(1), s.get(2), 2, s.get(3), 2)
                .reshape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
    }

    /** 2× average-pool downsampling: each 2×2 block becomes its mean. */
    public static NDArray downsample(NDArray x) {
        Shape s = x.getShape();
        // one axis at a time: DJL's PyTorch mean takes a single axis
        return x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2).mean(new int[] {5}).mean(new int[] {3});
    }

    /** {@code α·grown + (1−α)·previous}: the fade-in of a new resolution. */
    public static NDArray fade(NDArray grown, NDArray previous, double alpha) {
        if (alpha >= 1) {
            return grown;
        }
        return ScalarArithmetic.times(grown, alpha).add(ScalarArithmetic.times(previous, 1 - alpha));
    }

    /**
     * The reals D sees while a resolution fades in with α (the paper's {@code process_reals}):
     * {@code α·real + (1−α)·upsample(downsample(real))}, the sharp image blended with its 2×2-averaged,
     * nearest-upsampled version, so that D's reals have the detail G's faded-in output can have. At α = 0
     * it is exactly the blocky image, at α ≥ 1 exactly {@code real}.
     */
    public static NDArray crossfadeReals(NDArray real, double alpha) {
        if (alpha >= 1) {
            return real;
        }
        return fade(real, upsample(downsample(real)), alpha);
    }
}
