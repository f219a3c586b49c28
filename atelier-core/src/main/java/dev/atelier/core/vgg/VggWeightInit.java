package dev.atelier.core.vgg;

import dev.atelier.core.weights.StateDict;
import dev.atelier.core.weights.TensorData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random VGG weights as torchvision initialises a fresh model: convolution weights from
 * {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}, i.e. N(0, 2 / (out_channels * 3 * 3)),
 * zero biases, and batch-norm layers that start as the identity (weight 1, bias 0, running mean 0,
 * running variance 1).
 *
 * <p>{@code scale} multiplies the convolution weights' standard deviation; 1 is torchvision's choice.
 * The same seed always gives the same weights, independently of the native engine.
 *
 * @param seed seed of the pseudo-random generator
 * @param scale factor on the standard deviation of the convolution weights, positive
 */
public record VggWeightInit(long seed, double scale) {

    public VggWeightInit {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
    }

    /** torchvision's own initialisation with the given seed. */
    public static VggWeightInit torchvision(long seed) {
        return new VggWeightInit(seed, 1.0);
    }

    /** A state_dict under torchvision's {@code features.N.*} keys for {@code architecture}. */
    public StateDict stateDict(VggArchitecture architecture) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        int in = VggArchitecture.INPUT_CHANNELS;
        for (VggLayer layer : architecture.layers()) {
            String prefix = "features." + layer.index() + ".";
            int c = layer.channels();
            switch (layer.kind()) {
                case CONV -> {
                    double std = scale * Math.sqrt(2.0 / (c * 9.0));
                    float[] w = new float[c * in * 9];
                    SplittableRandom r = random.split();
                    fillGaussian(r, w, std);
                    tensors.put(prefix + "weight", TensorData.ofFloats(new long[] {c, in, 3, 3}, w));
                    tensors.put(prefix + "bias", TensorData.ofFloats(new long[] {c}, new float[c]));
                    in = c;
                }
                case BATCH_NORM -> {
                    tensors.put(prefix + "weight", TensorData.ofFloats(new long[] {c}, filled(c, 1f)));
                    tensors.put(prefix + "bias", TensorData.ofFloats(new long[] {c}, new float[c]));
                    tensors.put(prefix + "running_mean", TensorData.ofFloats(new long[] {c}, new float[c]));
                    tensors.put(prefix + "running_var", TensorData.ofFloats(new long[] {c}, filled(c, 1f)));
                }
                case RELU, POOL -> {
                    // no parameters
                }
            }
        }
        return new StateDict(tensors);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * Fills {@code out} with N(0, std^2) samples, two per accepted pair (Marsaglia's polar method;
     * SplittableRandom has no nextGaussian in Java 17).
     */
    private static void fillGaussian(SplittableRandom r, float[] out, double std) {
        int i = 0;
        while (i < out.length) {
            double u = 2 * r.nextDouble() - 1;
            double v = 2 * r.nextDouble() - 1;
            double s = u * u + v * v;
            if (s >= 1 || s == 0) {
                continue;
            }
            double f = std * Math.sqrt(-2 * Math.log(s) / s);
            out[i++] = (float) (u * f);
            if (i < out.length) {
                out[i++] = (float) (v * f);
            }
        }
    }
}
