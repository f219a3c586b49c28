package dev.atelier.gan;

import static dev.atelier.gan.Layers.conv;
import static dev.atelier.gan.Layers.dense;
import static dev.atelier.gan.Layers.downsample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The growing discriminator, the generator's mirror: a 1×1 "fromRGB" per level, per level two 3×3
 * convs and a 2× average pool, and at 4×4 the minibatch-stddev channel, a 3×3 conv, a dense layer
 * and the score. No normalisation (the paper uses none in D).
 */
public final class Discriminator {
    private final GanConfig config;
    private final ParameterSet params;

    public Discriminator(GanConfig config, NDManager manager, long seed) {
        this.config = config;
        this.params = new ParameterSet(manager, seed);
        for (int level = 0; level < GanConfig.LEVELS; level++) {
            params.weight("d" + level + ".from.w", config.channels(level), 1, 1, 1);
            params.bias("d" + level + ".from.b", config.channels(level));
        }
        for (int level = GanConfig.LEVELS - 1; level >= 1; level--) {
            int c = config.channels(level);
            int out = config.channels(level - 1);
            params.weight("d" + level + ".conv1.w", c, c, 3, 3);
            params.bias("d" + level + ".conv1.b", c);
            params.weight("d" + level + ".conv2.w", out, c, 3, 3);
            params.bias("d" + level + ".conv2.b", out);
        }
        int c0 = config.channels(0);
        params.weight("d0.conv.w", c0, c0 + 1, 3, 3);
        params.bias("d0.conv.b", c0);
        params.weight("d0.dense.w", c0, (long) c0 * 16);
        params.bias("d0.dense.b", c0);
        params.weight("d0.out.w", 1, c0);
        params.bias("d0.out.b", 1);
    }

    public ParameterSet parameters() {
        return params;
    }

    /**
     * Scores (N, 1) of images (N, 1, 4·2^level, 4·2^level). With {@code alpha < 1} the newest level
     * fades in on the input side: {@code α·block(fromRGB(x)) + (1−α)·fromRGB_prev(downsample(x))}.
     */
    public NDArray forward(NDArray x, int level, double alpha) {
        return forward(x, level, alpha, Layers::lrelu);
    }

    /**
     * {@link #forward(NDArray, int, double)} with {@code activation} in place of every leaky ReLU, in
     * a fixed order (so {@link R1Penalty} can record the ReLU masks of one pass and replay them).
     */
    public NDArray forward(NDArray x, int level, double alpha, UnaryOperator<NDArray> activation) {
        UnaryOperator<NDArray> lrelu = activation;
        NDArray h = fromRgb(x, level, lrelu);
        for (int l = level; l >= 1; l--) {
            h = lrelu.apply(conv(h, params.get("d" + l + ".conv1.w"), params.get("d" + l + ".conv1.b"), Math.sqrt(2)));
            h = lrelu.apply(conv(h, params.get("d" + l + ".conv2.w"), params.get("d" + l + ".conv2.b"), Math.sqrt(2)));
            h = downsample(h);
            if (l == level && alpha < 1) {
                h = Layers.fade(h, fromRgb(downsample(x), level - 1, lrelu), alpha);
            }
        }
        h = Layers.minibatchStddev(h, config.stddevGroup());
        h = lrelu.apply(conv(h, params.get("d0.conv.w"), params.get("d0.conv.b"), Math.sqrt(2)));
        h = lrelu.apply(dense(h.reshape(x.getShape().get(0), -1), params.get("d0.dense.w"), params.get("d0.dense.b"),
                Math.sqrt(2)));
        return dense(h, params.get("d0.out.w"), params.get("d0.out.b"), 1);
    }

    private NDArray fromRgb(NDArray x, int level, UnaryOperator<NDArray> lrelu) {
        return lrelu.apply(conv(x, params.get("d" + level + ".from.w"), params.get("d" + level + ".from.b"), Math.sqrt(2)));
    }

    /** Names of the parameters a step at {@code level} trains (the previous fromRGB too while fading). */
    public List<String> active(int level, boolean fading) {
        List<String> names = new ArrayList<>();
        for (String name : params.all().keySet()) {
            int l = name.charAt(1) - '0';
            boolean from = name.contains(".from.");
            if (from ? l == level || (fading && l == level - 1) : l <= level) {
                names.add(name);
            }
        }
        return names;
    }
}
