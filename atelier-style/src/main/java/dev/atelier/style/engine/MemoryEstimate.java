package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much native memory a run needs, estimated before it starts, so that an image too large for the
 * machine is refused at once, with the size that would fit, instead of failing (or swapping) later.
 *
 * <p>The model: every layer up to the deepest tapped one keeps its output for the backward pass and the
 * backward pass creates a gradient of the same size (batch-norm folded into its convolution, so not
 * counted), plus the optimiser's image-sized vectors (L-BFGS: two per history entry and about eight
 * more), plus the convolution weights. It errs on the generous side.
 */
public final class MemoryEstimate {
    /** System property that overrides the memory considered available, in bytes (for tests and containers). */
    public static final String AVAILABLE_PROPERTY = "atelier.style.availableMemoryBytes";

    private static final double ACTIVATION_COPIES = 2.0;
    private static final double USABLE_FRACTION = 0.85;

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
     * Refuses a run that would not fit, naming the largest {@code --size} that would.
     *
     * @throws InvalidInputException when the estimate exceeds the usable memory
     */
    public static void check(VggArchitecture net, int deepestLayer, int batch, int width, int height,
            int imageVectors) {
        long available = availableBytes();
        if (available <= 0) {
            return;
        }
        long usable = (long) (available * USABLE_FRACTION);
        long need = bytes(net, deepestLayer, batch, width, height, imageVectors);
        if (need <= usable) {
            return;
        }
        double perPixel = perPixelBytes(net, deepestLayer, batch, imageVectors);
        double pixels = Math.max(0, usable - fixedBytes(net, deepestLayer)) / perPixel;
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        int fits = (int) Math.floor(Math.sqrt(pixels * longSide / (double) shortSide));
        throw new InvalidInputException(String.format(
                "a %dx%d image%s would need about %s of memory but only %s is available; use --size %d or less",
                width, height, batch > 1 ? " batch of " + batch : "", human(need), human(usable), Math.max(16, fits)));
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

    /** The memory this process may still use: the smaller of the system's and the cgroup's free memory. */
    static long availableBytes() {
        String override = System.getProperty(AVAILABLE_PROPERTY);
        if (override != null) {
            return Long.parseLong(override.trim());
        }
        long best = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    best = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            Path max = Path.of("/sys/fs/cgroup/memory.max");
            Path current = Path.of("/sys/fs/cgroup/memory.current");
            if (Files.isReadable(max) && Files.isReadable(current)) {
                String m = Files.readString(max).trim();
                if (!m.equals("max")) {
                    long free = Long.parseLong(m) - Long.parseLong(Files.readString(current).trim());
                    best = best < 0 ? free : Math.min(best, free);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unusual /proc: no estimate, no refusal
            return -1;
        }
        return best;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format("%.0f MiB", bytes / (double) (1L << 20));
    }
}
