package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.StyleMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.image.MedianNoise;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code atelier bench style}: seconds per style-transfer evaluation (one forward and backward pass
 * through VGG with every loss, plus the optimiser's work) and the process's peak memory.
 */
@Command(name = "style", mixinStandardHelpOptions = true,
        description = {"Time style-transfer evaluations (lesson13 recipe: VGG16-BN, 5 style taps, content at the 4th).",
            "Uses synthetic images and random weights: speed does not depend on their values."})
public final class BenchStyleCommand implements Callable<Integer> {
    /** The smallest image style transfer accepts (as StyleTransferSettings checks). */
    private static final int MIN_SIZE = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", defaultValue = "288", paramLabel = "N", description = "Square image side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--evals", defaultValue = "20", paramLabel = "N", description = "Evaluations to time (default: ${DEFAULT-VALUE}).")
    int evals;

    @Option(names = "--net", defaultValue = "vgg16_bn", paramLabel = "NAME", description = "Network (default: ${DEFAULT-VALUE}).")
    VggArchitecture net;

    @Option(names = "--optimizer", defaultValue = "lbfgs", description = "lbfgs or adam (default: ${DEFAULT-VALUE}).")
    dev.atelier.style.engine.OptimizerKind optimizer;

    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|bf16",
            description = "The network's arithmetic, as stylize --precision (default: ${DEFAULT-VALUE}).")
    FeaturePrecision precision;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        // checked here so that the messages name this command's options, not stylize's
        if (size < MIN_SIZE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--size must be at least " + MIN_SIZE + " pixels, got " + size);
        }
        if (evals < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--evals must be at least 1, got " + evals);
        }
        PrintWriter out = spec.commandLine().getOut();
        StyleTransferSettings settings = StyleTransferSettings.builder()
                .optMode(StyleMode.TRANSFER)
                .optRecipe(StyleRecipe.LESSON13)
                .optNetwork(net)
                .optSize(size)
                .optMaxEvaluations(evals)
                .optOptimizer(optimizer)
                .optScales("1") // seconds per evaluation at one size
                // untiled: a size that does not fit in memory is refused at once, not after minutes spent
                // generating its synthetic images and then measured in tiles
                .optTile(dev.atelier.style.engine.TileSetting.OFF)
                .optRandomWeights(true)
                .optPrecision(precision)
                .build();
        StyleTransferEngine engine = new StyleTransferEngine(settings, NetworkWeights.random());
        StyleTransferEngine.checkMemory(settings, 1, size, size); // before the synthetic images are allocated
        RgbImage content = MedianNoise.generate(size, size, 1);
        RgbImage style = MedianNoise.generate(size, size, 2);
        double[] cpuAtStart = {Double.NaN};
        StyleTransferResult r = engine
                .run(List.of(content), style, new StyleTransferListener() {
                    @Override
                    public void onStart(int maxEvaluations, int width, int height, int batch) {
                        cpuAtStart[0] = processCpuSeconds();
                    }
                });
        double cpuPerEval = (processCpuSeconds() - cpuAtStart[0]) / r.evaluations();
        List<Double> perEval = new ArrayList<>();
        double previous = 0;
        for (LossPoint p : r.curve()) {
            perEval.add(p.seconds() - previous);
            previous = p.seconds();
        }
        // the first evaluations pay for allocator and kernel warm-up
        List<Double> steady = new ArrayList<>(perEval.subList(Math.min(2, perEval.size() - 1), perEval.size()));
        Collections.sort(steady);
        double median = steady.get(steady.size() / 2);
        OptionalLong rss = PeakMemory.peakRssBytes();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "style");
        result.put("net", settings.network().id());
        result.put("pooling", settings.pooling().id());
        result.put("optimizer", settings.optimizer().id());
        result.put("precision", settings.precision().id());
        result.put("size", size);
        result.put("evaluations", r.evaluations());
        result.put("s_per_eval_mean", r.secondsPerEvaluation());
        result.put("s_per_eval_median", median);
        result.put("cpu_s_per_eval", cpuPerEval);
        result.put("setup_s", r.setupSeconds());
        result.put("peak_rss_bytes", rss.isPresent() ? rss.getAsLong() : null);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("load_average_1m", loadAverage());
        result.put("cpu_flags", CpuFlags.summary());
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.printf(Locale.ROOT, "style transfer, %s (%s pooling, %s), %dx%d, %s: %.3f s/eval median, %.3f mean over %d%n",
                    settings.network().id(), settings.pooling().id(), settings.precision().id(), size, size,
                    settings.optimizer().id(), median,
                    r.secondsPerEvaluation(), r.evaluations());
            out.printf(Locale.ROOT, "%.3f CPU-seconds per evaluation%n", cpuPerEval);
            out.printf(Locale.ROOT, "peak RSS %s, load average %.2f on %d CPUs, flags %s%n",
                    rss.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", rss.getAsLong() / 1048576.0) : "unknown",
                    loadAverage(), Runtime.getRuntime().availableProcessors(), CpuFlags.summary());
        }
        out.flush();
        return 0;
    }

    /**
     * CPU time (user + system, all threads) this process has used, from {@code /proc/self/stat}: on a
     * shared, overloaded machine wall time measures the neighbours, CPU time measures us (NaN if unknown).
     */
    private static double processCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            // fields 14 and 15 of the full line (utime, stime) are 11 and 12 after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average, to judge how much a shared machine disturbed the timing (NaN if unknown). */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
