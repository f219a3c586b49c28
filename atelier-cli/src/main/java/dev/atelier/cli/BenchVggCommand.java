package dev.atelier.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggLayer;
import dev.atelier.style.engine.MemoryEstimate;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code atelier bench vgg}: one forward pass through the whole {@code features} stack plus the backward
 * pass to the input (what every step of style transfer costs), timed after warm-up.
 */
@Command(name = "vgg", mixinStandardHelpOptions = true,
        description = {
            "Time one forward+backward pass to the input through a VGG network's features (all layers, "
                    + "loss on the block ends and the last layer), median of --runs after --warmup runs, "
                    + "and the process's peak resident memory.",
            "Intra-op threads follow PyTorch's default; set -Dai.djl.pytorch.num_threads=N to change them."
        })
public final class BenchVggCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "288",
            description = "Square input of N x N pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "Untimed runs first, while the engine picks its kernels (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "auto|fp32|bf16",
            description = "The layers' arithmetic (see stylize --precision; default: ${DEFAULT-VALUE}).")
    FeaturePrecision precision;

    @Mixin
    NetworkOptions network;

    /** What one benchmark measured. */
    record Result(String net, String pooling, String precision, String weights, int size, int warmup, int runs, int threads,
            double medianSeconds, double minSeconds, double maxSeconds, List<Double> seconds,
            double medianCpuSeconds, Long peakRssBytes) {}

    /** Wall-clock and process CPU seconds of one run. */
    private record Timing(double wall, double cpu) {}

    @Override
    public Integer call() throws Exception {
        if (size < 32) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be at least 32, got " + size);
        }
        if (runs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be >= 1 and --warmup >= 0");
        }
        // memory is checked before the weights are loaded (when the network is known) and before any tensor
        network.architectureBeforeLoading(VggArchitecture.VGG16_BN).ifPresent(this::checkMemory);
        Result result;
        try (NetworkOptions.LoadedNetwork loaded =
                network.load(VggArchitecture.VGG16_BN, PoolingMode.MAX, spec.commandLine().getErr())) {
            VggFeatures net = loaded.features();
            checkMemory(net.architecture());
            double[] seconds = new double[runs];
            double[] cpuSeconds = new double[runs];
            try (NDManager manager = ActiveDevice.newManager();
                    ProgressBar bar = new ProgressBarBuilder().setTaskName("bench " + net.architecture().id())
                            .setInitialMax(warmup + runs).setStyle(ProgressBarStyle.ASCII)
                            .setConsumer(new InteractiveConsoleProgressBarConsumer(System.err))
                            .build()) {
                manager.getEngine().setRandomSeed(0);
                for (int r = 0; r < warmup + runs; r++) {
                    Timing t = forwardBackward(net, manager);
                    if (r >= warmup) {
                        seconds[r - warmup] = t.wall();
                        cpuSeconds[r - warmup] = t.cpu();
                    }
                    bar.step();
                }
            }
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            List<Double> list = new ArrayList<>();
            for (double s : seconds) {
                list.add(s);
            }
            OptionalLong rss = PeakMemory.peakRssBytes();
            result = new Result(net.architecture().id(), net.pooling().id(), precision.id(), loaded.weightsName(), size, warmup, runs,
                    JniUtils.getNumThreads(), median(seconds), sorted[0], sorted[runs - 1], list, median(cpuSeconds),
                    rss.isPresent() ? rss.getAsLong() : null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.printf(Locale.ROOT, "%s (%s pooling, %s) forward+backward to the input at %dx%d, %d threads%n",
                    result.net(), result.pooling(), result.precision(), size, size, result.threads());
            out.printf(Locale.ROOT, "median %.3f s over %d runs (min %.3f, max %.3f) after %d warm-up runs%n",
                    result.medianSeconds(), runs, result.minSeconds(), result.maxSeconds(), warmup);
            out.printf(Locale.ROOT, "median CPU time %.3f s per run (all threads; less sensitive to other load)%n",
                    result.medianCpuSeconds());
            out.println("peak RSS " + (result.peakRssBytes() == null ? "unknown"
                    : String.format(Locale.ROOT, "%.0f MiB", result.peakRssBytes() / (1024.0 * 1024.0))));
        }
        out.flush();
        return 0;
    }

    private void checkMemory(VggArchitecture arch) {
        MemoryEstimate.checkForwardBackward(arch, arch.layers().size() - 1, size, size);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Process CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Time of one forward pass through every layer and the backward pass to the input. */
    private Timing forwardBackward(VggFeatures net, NDManager manager) {
        List<VggLayer> all = net.architecture().layers();
        LinkedHashSet<VggLayer> taps = new LinkedHashSet<>(net.architecture().blockEnds());
        taps.add(all.get(all.size() - 1));
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(1, 3, size, size));
            x.setRequiresGradient(true);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<VggLayer, NDArray> features = net.extract(x, taps, precision);
                NDArray loss = null;
                for (NDArray f : features.values()) {
                    NDArray term = f.square().mean();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            // CPU tensors are computed eagerly, but reading one value guarantees the pass is complete
            x.getGradient().getFloat(0, 0, 0, 0);
            double wall = (System.nanoTime() - start) / 1e9;
            return new Timing(wall, (processCpuNanos() - cpuStart) / 1e9);
        }
    }
}
