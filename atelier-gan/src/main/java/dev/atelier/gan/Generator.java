package dev.atelier.gan;

import static dev.atelier.gan.Layers.conv;
import static dev.atelier.gan.Layers.dense;
import static dev.atelier.gan.Layers.lrelu;
import static dev.atelier.gan.Layers.pixelNorm;
import static dev.atelier.gan.Layers.upsample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The growing generator (Karras et al. 2018, table 2, at CPU size): z → pixel norm → dense to 4×4 →
 * conv 3×3, then per level an upsample and two 3×3 convs, each followed by leaky ReLU and pixel
 * norm; a 1×1 "toRGB" (one grey channel here) per level turns features into an image. All layers
 * exist from the start; {@link #forward} uses those of the levels up to the one being trained.
 */
public final class Generator {
    private final GanConfig config;
    private final ParameterSet params;

    public Generator(GanConfig config, NDManager manager, long seed) {
        this.config = config;
        this.params = new ParameterSet(manager, seed);
        int c0 = config.channels(0);
        params.weight("g0.dense.w", (long) c0 * 16, config.latentSize());
        params.bias("g0.dense.b", (long) c0 * 16);
        params.weight("g0.conv.w", c0, c0, 3, 3);
        params.bias("g0.conv.b", c0);
        for (int level = 1; level < GanConfig.LEVELS; level++) {
            int in = config.channels(level - 1);
            int out = config.channels(level);
            params.weight("g" + level + ".conv1.w", out, in, 3, 3);
            params.bias("g" + level + ".conv1.b", out);
            params.weight("g" + level + ".conv2.w", out, out, 3, 3);
            params.bias("g" + level + ".conv2.b", out);
        }
        for (int level = 0; level < GanConfig.LEVELS; level++) {
            params.weight("g" + level + ".rgb.w", 1, config.channels(level), 1, 1);
            params.bias("g" + level + ".rgb.b", 1);
        }
    }

    public ParameterSet parameters() {
        return params;
    }

    /**
     * Images of side {@code 4·2^level} for latents {@code z} (N, latentSize). With {@code alpha < 1}
     * the newest level fades in: {@code α·toRGB(new block) + (1−α)·upsample(previous toRGB)}, so at
     * α = 0 the output is exactly the previous resolution's image, upsampled.
     */
    public NDArray forward(NDArray z, int level, double alpha) {
        int c0 = config.channels(0);
        NDArray h = pixelNorm(z);
        // the paper's first layer has gain √2/4: the 4×4 map is 16 outputs of one dense layer
        h = dense(h, params.get("g0.dense.w"), params.get("g0.dense.b"), Math.sqrt(2) / 4);
        h = pixelNorm(lrelu(h.reshape(z.getShape().get(0), c0, 4, 4)));
        h = pixelNorm(lrelu(conv(h, params.get("g0.conv.w"), params.get("g0.conv.b"), Math.sqrt(2))));
        NDArray previous = h;
        for (int l = 1; l <= level; l++) {
            previous = h;
            h = upsample(h);
            h = pixelNorm(lrelu(conv(h, params.get("g" + l + ".conv1.w"), params.get("g" + l + ".conv1.b"), Math.sqrt(2))));
            h = pixelNorm(lrelu(conv(h, params.get("g" + l + ".conv2.w"), params.get("g" + l + ".conv2.b"), Math.sqrt(2))));
        }
        NDArray image = toRgb(h, level);
        if (level > 0 && alpha < 1) {
            image = Layers.fade(image, upsample(toRgb(previous, level - 1)), alpha);
        }
        return image;
    }

    private NDArray toRgb(NDArray h, int level) {
        return conv(h, params.get("g" + level + ".rgb.w"), params.get("g" + level + ".rgb.b"), 1);
    }

    /** Names of the parameters a step at {@code level} trains (the previous toRGB too while fading). */
    public List<String> active(int level, boolean fading) {
        List<String> names = new ArrayList<>();
        for (String name : params.all().keySet()) {
            int l = name.charAt(1) - '0';
            boolean rgb = name.contains(".rgb.");
            if (rgb ? l == level || (fading && l == level - 1) : l <= level) {
                names.add(name);
            }
        }
        return names;
    }
}
