package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.color.Yiq;
import dev.atelier.style.image.RgbImage;
import java.util.Locale;

/**
 * Paints a photo with a trained {@link TransformerNetwork}: one forward pass in evaluation mode, the
 * same result for the same photo every time (no randomness, and instance norm makes a picture
 * independent of any other). With the network's colours kept, its picture's luminance is put under
 * the photo's own chroma, as {@code stylize --colors keep} does.
 *
 * <p>A forward pass holds every layer's activation at once, about {@link #bytesPerPixel} bytes per
 * pixel; a picture that would need more than {@link #MEMORY_BUDGET} is refused in one line rather
 * than painted in tiles, whose separately normalised statistics would show as seams.
 */
public final class StyleNetApplier {
    /** The most memory one picture's pass may take. */
    public static final long MEMORY_BUDGET = 3L << 30;

    private final TransformerNetwork network;
    private final boolean keepColors;
    private final NDManager manager;

    /**
     * @param keepColors put the photo's chroma back under the network's luminance
     * @param manager where each pass's arrays are made (in a sub-manager, closed after the pass)
     */
    public StyleNetApplier(TransformerNetwork network, boolean keepColors, NDManager manager) {
        this.network = network;
        this.keepColors = keepColors;
        this.manager = manager;
    }

    /**
     * Estimated peak bytes per pixel of one evaluation pass of {@code a}: the widest full-resolution layer's
     * intermediate arrays (each layer frees its own when done, see {@code ConvLayer}) and every layer's
     * output, which the pass keeps until it ends, in float32.
     */
    public static double bytesPerPixel(StyleNetArchitecture a) {
        double widest = 10.0 * Math.max(a.width1(), a.width2() / 4.0);
        double outputs = 3 * 4 + 2 * a.width1() + 2 * a.width2() / 4.0 + a.width3() * (1 + a.residualBlocks()) / 16.0;
        return 4 * (widest + outputs);
    }

    /** The largest number of pixels {@link #apply} accepts for this network. */
    public long maxPixels() {
        return (long) (MEMORY_BUDGET / bytesPerPixel(network.architecture()));
    }

    /**
     * The network's picture of {@code photo}, RGB in [0, 1], of the photo's size.
     *
     * @throws InvalidInputException when the photo is smaller than {@link TransformerNetwork#MIN_SIDE} or
     *     larger than {@link #maxPixels()}
     */
    public RgbImage apply(RgbImage photo) {
        int w = photo.width();
        int h = photo.height();
        if (w < TransformerNetwork.MIN_SIDE || h < TransformerNetwork.MIN_SIDE) {
            throw new InvalidInputException("a style network paints pictures of at least " + TransformerNetwork.MIN_SIDE
                    + "x" + TransformerNetwork.MIN_SIDE + " pixels, got " + w + "x" + h);
        }
        long pixels = (long) w * h;
        if (pixels > maxPixels()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "a %dx%d picture (%.1f Mpx) needs about %.1f GiB"
                    + " to paint with this network, more than the %.0f GiB allowed (at most %.1f Mpx); resize it first",
                    w, h, pixels / 1e6, pixels * bytesPerPixel(network.architecture()) / (1L << 30),
                    MEMORY_BUDGET / (double) (1L << 30), maxPixels() / 1e6));
        }
        float[] out;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = OwnedArrays.of(scope, photo.pixels(), new Shape(1, 3, h, w));
            NDArray y = network.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            out = y.toFloatArray();
        }
        RgbImage painted = new RgbImage(w, h, out);
        return keepColors ? Yiq.withLuminance(photo, Yiq.luminance(painted)).clipped() : painted;
    }
}
