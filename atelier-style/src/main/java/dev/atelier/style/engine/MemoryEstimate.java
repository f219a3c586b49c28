package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.memory.AvailableMemory;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.core.tensor.TensorSummary;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggLayer;
import java.util.Collection;
import java.util.List;

/**
 * How much memory a VGG run needs, estimated before it starts, so that an image too large for the
 * machine is refused at once, with the size that would fit, instead of failing (or swapping, or being
 * killed by the kernel) later. Used by style transfer, {@code features} and the benchmarks.
 *
 * <p>The model for a forward and backward pass (style transfer, {@code bench}): every layer up to the
 * deepest tapped one keeps its output for the backward pass and the backward pass creates a gradient
 * of the same size (batch-norm folded into its convolution, so not counted), plus the optimiser's
 * image-sized vectors (L-BFGS: two per history entry and about eight more), plus the convolution
 * weights. For a forward pass only ({@code features}): the tapped outputs, which are kept, plus the
 * largest layer three times over (its input, its output and the convolution's working space); the
 * tapped outputs are read into the Java heap in slices of at most {@link TensorSummary#SLICE_BYTES}, which with
 * the decoded image is checked against {@code -Xmx}. It errs on the generous side. What is available
 * comes from {@link AvailableMemory}.
 *
 * <p>Besides the totals, one tensor is bounded on its own: the engine copies a tensor between Java and
 * native memory through one direct buffer of at most {@link #MAX_TENSOR_COPY_BYTES} (2 GiB), so an image
 * whose float tensor would be larger is refused with the size that fits, whatever memory is free.
 */
public final class MemoryEstimate {
    /** System property that overrides the memory considered available, in bytes (see {@link AvailableMemory}). */
    public static final String AVAILABLE_PROPERTY = AvailableMemory.OVERRIDE.property();

    /** The most bytes DJL copies between a Java buffer and a tensor at once (one direct buffer). */
    public static final long MAX_TENSOR_COPY_BYTES = Integer.MAX_VALUE;

    private static final double ACTIVATION_COPIES = 2.0;
    private static final double USABLE_FRACTION = 0.85;

    /** Which memory a check is about, and what frees more of it. */
    private record Budget(String what, String advice) {}

    private static final Budget NATIVE = new Budget("memory", "use");
    private static final Budget HEAP = new Budget("Java heap",
            "give Java more heap (-Xmx; ATELIER_JAVA_OPTS=-Xmx16g for ./atelier) or use");

    private MemoryEstimate() {}

    /** Estimated peak bytes for a batch of {@code batch} images of {@code width x height}. */
    public static long bytes(VggArchitecture net, int deepestLayer, int batch, int width, int height,
            int imageVectors) {
        return fixedBytes(net, deepestLayer) + (long) Math.ceil(perPixelBytes(net, deepestLayer, batch, imageVectors)
                * width * (double) height);
    }

    /** Image-sized vectors the optimiser holds: L-BFGS keeps two per history entry. */
    public static int imageVectors(OptimizerKind optimizer, int historySize) {
        return optimizer == OptimizerKind.LBFGS ? 2 * historySize + 8 : 6;
    }

    /**
     * Refuses a style-transfer run that would not fit, naming the largest size that would.
     *
     * @throws InvalidInputException when the estimate exceeds the usable memory
     */
    public static void check(VggArchitecture net, int deepestLayer, int batch, int width, int height,
            int imageVectors) {
        requireFits(fixedBytes(net, deepestLayer), perPixelBytes(net, deepestLayer, batch, imageVectors),
                AvailableMemory.nativeBytes(), batch, width, height, NATIVE);
        requireCopyable(batch, width, height);
    }

    /** As {@link #check}, the message also pointing at tiling (for runs with tiling off). */
    public static void checkOrSuggestTiling(VggArchitecture net, int deepestLayer, int batch, int width, int height,
            int imageVectors) {
        requireFits(fixedBytes(net, deepestLayer), perPixelBytes(net, deepestLayer, batch, imageVectors),
                AvailableMemory.nativeBytes(), batch, width, height, NATIVE,
                ", or allow tiling (auto) to optimise it in tiles");
        requireCopyable(batch, width, height);
    }

    /** Whether a style-transfer run of {@code batch} images of {@code width x height}, untiled, fits in memory. */
    public static boolean fits(VggArchitecture net, int deepestLayer, int batch, int width, int height, int imageVectors) {
        // in doubles: a hostile size must not overflow into a small (or negative) number of bytes
        return fitsAvailable(saturated(fixedBytes(net, deepestLayer)
                + perPixelBytes(net, deepestLayer, batch, imageVectors) * width * (double) height));
    }

    /**
     * Estimated peak bytes of a tiled run ({@code stylize --tile}): one tile of {@code tileSide²} pixels
     * (core and margins) through the network with its backward pass, the optimiser's image-sized vectors
     * over the whole {@code width x height} image, and the whole content image's activations at the
     * content layers (kept as the content target).
     */
    public static long tiledBytes(VggArchitecture net, int deepestLayer, int tileSide, int width, int height,
            int imageVectors, Collection<Integer> contentLayers) {
        double pixels = width * (double) height;
        double content = 0;
        for (int index : contentLayers) {
            content += 4.0 * channelsPerPixel(net, index) * pixels;
        }
        return saturated(fixedBytes(net, deepestLayer) + perPixelBytes(net, deepestLayer, 1, 0)
                * tileSide * (double) tileSide + 4.0 * 3 * imageVectors * pixels + content);
    }

    /** {@code bytes} rounded up, or {@link Long#MAX_VALUE} when beyond it. */
    private static long saturated(double bytes) {
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(bytes);
    }

    /** Whether {@code bytes} fit in the usable part of the available memory (true when that is unknown). */
    public static boolean fitsAvailable(long bytes) {
        long available = AvailableMemory.nativeBytes();
        return available <= 0 || bytes <= (long) (available * USABLE_FRACTION);
    }

    /** The usable part of the available memory, for messages. */
    static String usable() {
        long available = AvailableMemory.nativeBytes();
        return available <= 0 ? "unknown" : human((long) (available * USABLE_FRACTION));
    }

    /** Values per input pixel of the output of layer {@code index}: its channels over the pooling area. */
    private static double channelsPerPixel(VggArchitecture net, int index) {
        double scale = 1;
        List<VggLayer> layers = net.layers();
        for (int i = 0; i <= index; i++) {
            if (layers.get(i).kind() == VggLayer.Kind.POOL) {
                scale /= 4;
            }
        }
        return layers.get(index).channels() * scale;
    }

    /**
     * Refuses a forward and backward pass to the input through the layers up to {@code deepestLayer}
     * (what {@code bench vgg} times) that would not fit.
     */
    public static void checkForwardBackward(VggArchitecture net, int deepestLayer, int width, int height) {
        check(net, deepestLayer, 1, width, height, 0);
    }

    /**
     * Refuses a forward pass (no gradients) that keeps the outputs of {@code tappedLayers} (indices)
     * and copies them to the Java heap, for one {@code width x height} image, when it would not fit in
     * native memory or in the heap.
     */
    public static void checkForward(VggArchitecture net, Collection<Integer> tappedLayers, int width, int height) {
        int deepest = tappedLayers.stream().mapToInt(Integer::intValue).max().orElse(0);
        double tapped = 0;
        double largest = 0;
        double scale = 1;
        List<VggLayer> layers = net.layers();
        for (int i = 0; i <= deepest; i++) {
            VggLayer l = layers.get(i);
            if (l.kind() == VggLayer.Kind.POOL) {
                scale /= 4;
            }
            double perPixel = l.channels() * scale;
            largest = Math.max(largest, perPixel);
            if (tappedLayers.contains(i)) {
                tapped += perPixel;
            }
        }
        requireFits(fixedBytes(net, deepest), 4.0 * (tapped + 3 * largest), AvailableMemory.nativeBytes(), 1,
                width, height, NATIVE);
        // heap: the decoded image and its float data, then one slice of a tapped output at a time
        requireFits(TensorSummary.SLICE_BYTES, DecodeBudget.BYTES_PER_PIXEL, AvailableMemory.heapBytes(), 1, width, height,
                HEAP);
        requireCopyable(1, width, height);
    }

    /**
     * Refuses a batch of {@code width x height} RGB images whose float32 tensor is more than the engine
     * copies at once ({@link #MAX_TENSOR_COPY_BYTES}), naming the size that fits.
     */
    public static void requireCopyable(int batch, int width, int height) {
        double bytes = 4.0 * 3 * batch * width * (double) height;
        if (bytes <= MAX_TENSOR_COPY_BYTES) {
            return;
        }
        double pixels = MAX_TENSOR_COPY_BYTES / (4.0 * 3 * batch);
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        int fits = (int) Math.floor(Math.sqrt(pixels * longSide / (double) shortSide));
        throw new SettingException("size", String.format(java.util.Locale.ROOT,
                "a %dx%d image%s would be a tensor of %s, more than the %s the engine copies at once; "
                        + "use a size of %d or less", width, height, batch > 1 ? " batch of " + batch : "",
                human((long) Math.min(Long.MAX_VALUE, bytes)), human(MAX_TENSOR_COPY_BYTES), fits));
    }

    /**
     * Throws when {@code fixed + perPixel * width * height} exceeds the usable part of
     * {@code available} (nothing is refused when {@code available} is unknown, i.e. negative).
     */
    private static void requireFits(long fixed, double perPixel, long available, int batch, int width, int height,
            Budget budget) {
        requireFits(fixed, perPixel, available, batch, width, height, budget, "");
    }

    private static void requireFits(long fixed, double perPixel, long available, int batch, int width, int height,
            Budget budget, String moreAdvice) {
        if (available <= 0) {
            return;
        }
        long usable = (long) (available * USABLE_FRACTION);
        double need = fixed + perPixel * width * (double) height;
        if (need <= usable) {
            return;
        }
        double pixels = Math.max(0, usable - fixed) / perPixel;
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        int fits = (int) Math.min(Integer.MAX_VALUE, Math.floor(Math.sqrt(pixels * longSide / (double) shortSide)));
        throw new SettingException("size", String.format(java.util.Locale.ROOT,
                "a %dx%d image%s would need about %s of %s but only %s is available; %s a size of %d or less%s",
                width, height, batch > 1 ? " batch of " + batch : "", human((long) Math.min(Long.MAX_VALUE, need)),
                budget.what, human(usable), budget.advice, Math.max(16, fits), moreAdvice));
    }

    private static double perPixelBytes(VggArchitecture net, int deepestLayer, int batch, int imageVectors) {
        double activations = 0;
        double scale = 1;
        List<VggLayer> layers = net.layers();
        for (int i = 0; i <= deepestLayer; i++) {
            VggLayer l = layers.get(i);
            if (l.kind() == VggLayer.Kind.POOL) {
                scale /= 4;
            }
            if (l.kind() != VggLayer.Kind.BATCH_NORM) {
                activations += l.channels() * scale;
            }
        }
        return batch * 4.0 * (ACTIVATION_COPIES * activations + 3.0 * imageVectors);
    }

    private static long fixedBytes(VggArchitecture net, int deepestLayer) {
        long params = 0;
        int in = 3;
        List<VggLayer> layers = net.layers();
        for (int i = 0; i <= deepestLayer; i++) {
            VggLayer l = layers.get(i);
            if (l.kind() == VggLayer.Kind.CONV) {
                params += (long) l.channels() * in * 9 + l.channels();
                in = l.channels();
            }
        }
        // native weights plus the Java copy they were loaded from, plus the engine's own footprint
        return 2 * 4 * params + 200L * 1024 * 1024;
    }

    /** The memory this process may still use natively (see {@link AvailableMemory#nativeBytes}). */
    static long availableBytes() {
        return AvailableMemory.nativeBytes();
    }

    static String human(long bytes) {
        return AvailableMemory.human(bytes);
    }
}
