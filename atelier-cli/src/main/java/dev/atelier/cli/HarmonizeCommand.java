package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationResult;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.harmonize.HarmonizationSidecar;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.commands.SettingOptions;
import dev.atelier.style.harmonize.Harmonizer;
import dev.atelier.style.harmonize.PassSummary;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code atelier harmonize}: paste an object into a painting and repaint it to belong (Luan et al. 2018). */
@Command(name = "harmonize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Paste an object into a painting and repaint it so that it looks painted with the rest",
            "(Deep Painterly Harmonization, Luan et al. 2018): two passes of VGG19 losses, then a blend.",
            "Example: atelier harmonize painting.jpg object.png --mask object-mask.png --at 120,80 -o out.png"})
public final class HarmonizeCommand implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "PAINTING [OBJECT]",
            description = "The painting, then the object to paste (no object with --composite).")
    List<Path> images;

    @Option(names = "--mask", required = true, paramLabel = "MASK",
            description = "Where the object is: white inside, black outside; the object's size (the painting's with --composite).")
    Path mask;

    @Option(names = "--at", defaultValue = "center", paramLabel = "X,Y",
            description = "Top-left corner of the scaled object in the painting's pixels (default: centred).")
    String at;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "S", description = "Scale of the object before pasting (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--composite", paramLabel = "FILE",
            description = "A ready composite (the painting's size) instead of an object to paste.")
    Path composite;

    @Option(names = "--naive", paramLabel = "FILE", description = "Also write the naive composite (at the working size) here.")
    Path naive;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output .png/.jpg.")
    Path output;

    @Option(names = "--preview", paramLabel = "FILE",
            description = "Write the coarsest scale's result (blended into the painting) here as soon as it is ready.")
    Path preview;

    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|bf16",
            description = "The network's arithmetic in pass 2, as stylize --precision; the targets, pass 1 and the "
                    + "before/after metrics are always fp32 (default: ${DEFAULT-VALUE}).")
    FeaturePrecision precision;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the random weights used when none are in the store (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Mixin
    NetworkOptions network;

    // the harmonization settings (--size, --max-evals, --level, --scales, --save-every) are added from
    // HarmonizationSettingsTable when the command line is built (AtelierCli.newCommandLine)

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        HarmonizationSettings settings = HarmonizationSettingsTable.TABLE.apply(HarmonizationSettings.builder(),
                SettingOptions.typed(spec, HarmonizationSettingsTable.TABLE, FrontEnd.CLI), FrontEnd.CLI).build();
        if (images.size() > 2) {
            throw new InvalidInputException("harmonize takes a painting and one object, got " + images.size() + " images");
        }
        Path painting = images.get(0);
        Path object = images.size() > 1 ? images.get(1) : null;
        if (composite == null && object == null) {
            throw new InvalidInputException("give the object to paste after the painting, or a ready --composite");
        }
        if (composite != null && object != null) {
            throw new InvalidInputException("give either an OBJECT to paste or --composite, not both");
        }
        ImageFiles.formatOf(output);
        List<Path> inputs = new ArrayList<>(images);
        inputs.add(mask);
        if (composite != null) {
            inputs.add(composite);
        }
        List<Path> written = new ArrayList<>(List.of(output, RunSidecar.pathFor(output)));
        if (naive != null) {
            ImageFiles.formatOf(naive);
            written.add(naive);
        }
        if (preview != null) {
            ImageFiles.formatOf(preview);
            written.add(preview);
        }
        OutputLocation.checkAll(written, inputs);
        if (naive != null && naive.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new InvalidInputException("--naive and -o name the same file " + output);
        }

        RgbImage paintingImage = RgbImage.read(painting);
        SoftMask maskImage = SoftMask.read(mask);
        Composite placed;
        if (composite != null) {
            placed = Composite.given(paintingImage, RgbImage.read(composite), maskImage);
        } else {
            RgbImage objectImage = RgbImage.read(object);
            int[] xy = position(paintingImage, objectImage);
            placed = Composite.place(paintingImage, objectImage, maskImage, xy[0], xy[1], scale);
        }
        int[] wh = Harmonizer.workingSize(paintingImage.width(), paintingImage.height(), settings.size());
        // a bad --scales, and a mask that vanishes in the network at the working size, are refused before any
        // network is loaded or anything is announced (when --weights is given the network is known only once
        // they are read; the harmonizer refuses such a mask then)
        Composite composed = placed;
        Optional<VggArchitecture> known = network.architectureBeforeLoading(VggArchitecture.VGG19);
        known.ifPresent(arch -> Harmonizer.checkMemory(arch, wh[0], wh[1]));
        ScaleLadder ladder = known
                .map(arch -> Harmonizer.ladder(settings, arch, composed.resized(wh[0], wh[1]), wh[0], wh[1]))
                .orElseGet(() -> Harmonizer.ladder(settings, wh[0], wh[1]));

        long t0 = System.nanoTime();
        // VGG19 (or what --net/--weights say) with max pooling as trained; random weights with --seed, loudly
        // Ctrl-C ends the evaluation in progress and writes what there is, as stylize does
        try (InterruptKeepsResult interrupt = InterruptKeepsResult.install("harmonize");
                NetworkOptions.LoadedNetwork vgg = network.load(VggArchitecture.VGG19, PoolingMode.MAX, seed, err)) {
            AtomicBoolean stop = interrupt.flag();
            HarmonizationResult r;
            try (Progress progress = new Progress(err, output, preview, stop)) {
                err.printf(Locale.ROOT, "harmonizing at %dx%d, up to %d evaluations on %d scale%s %s, level %s%n", wh[0],
                        wh[1], ladder.totalEvaluations(), ladder.count(), ladder.count() == 1 ? "" : "s",
                        ladder.longSides(), settings.level());
                err.flush();
                r = new Harmonizer(settings, vgg.features(), precision).run(paintingImage, placed, progress);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            HarmonizationSidecar.Measured measured = HarmonizationSidecar.measure(vgg.features(), r);
            Map<String, Object> metrics = measured.metrics();
            if (naive != null) {
                r.composite().write(naive);
            }
            writeWithSidecar(settings, vgg, r, metrics, seconds);
            out.printf(Locale.ROOT, "wrote %s (%dx%d, %d evaluations, %.1f s)%n", output, r.image().width(),
                    r.image().height(), r.passes().stream().mapToInt(PassSummary::evaluations).sum(), seconds);
            out.printf(Locale.ROOT, "criteria: %s%n", measured.criteria().line());
            out.flush();
            if (r.stopped()) {
                err.println("atelier: interrupted; kept the image so far");
                err.flush();
            }
        }
        return 0;
    }

    /** {@code --at X,Y}, or the object centred on the painting. */
    private int[] position(RgbImage painting, RgbImage object) {
        if (at.equalsIgnoreCase("center") || at.equalsIgnoreCase("centre")) {
            long w = Math.round(object.width() * (Double.isFinite(scale) ? scale : 1));
            long h = Math.round(object.height() * (Double.isFinite(scale) ? scale : 1));
            return new int[] {(int) Math.max(Integer.MIN_VALUE / 2, (painting.width() - w) / 2),
                (int) Math.max(Integer.MIN_VALUE / 2, (painting.height() - h) / 2)};
        }
        String[] parts = at.split(",");
        if (parts.length != 2) {
            throw new InvalidInputException("--at takes X,Y (two integers, e.g. 120,80), got '" + at + "'");
        }
        try {
            return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--at takes X,Y (two integers, e.g. 120,80), got '" + at + "'");
        }
    }

    /** Writes the result and its sidecar as a pair: both, or (a full disk) neither and the old ones kept. */
    private void writeWithSidecar(HarmonizationSettings settings, NetworkOptions.LoadedNetwork vgg,
            HarmonizationResult r, Map<String, Object> metrics, double seconds) throws java.io.IOException {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("output", output.getFileName().toString());
        inputs.put("painting", images.get(0).toString());
        if (composite != null) {
            inputs.put("composite", composite.toString());
        } else {
            inputs.put("object", images.get(1).toString());
            inputs.put("at", at);
            inputs.put("scale", scale);
        }
        inputs.put("mask", mask.toString());
        inputs.put("seed", seed);
        Map<String, Object> m = HarmonizationSidecar.describe(inputs, settings, precision, vgg.features(),
                new HarmonizationSidecar.Weights(vgg.weightsName(), vgg.weightsSha256()), r, metrics, seconds);
        PeakMemory.peakRssBytes().ifPresent(b -> m.put("peak_rss_bytes", b));
        r.image().writeWith(output, RunSidecar.pathFor(output), HarmonizationSidecar.json(m));
    }

    /** Progress to stderr (see {@link RunProgress}), the preview, snapshots, Ctrl-C. */
    private static final class Progress implements HarmonizationListener, AutoCloseable {
        private final RunProgress report;
        private final Path output;
        private final Path preview;
        private final AtomicBoolean stop;
        private String scaleLabel = "";
        private String label = "";

        Progress(PrintWriter err, Path output, Path preview, AtomicBoolean stop) {
            this.report = new RunProgress(err, "harmonize");
            this.output = output;
            this.preview = preview;
            this.stop = stop;
        }

        @Override
        public void onStart(int maxEvaluations, int width, int height, int batch) {
            report.start(maxEvaluations);
        }

        @Override
        public void onScale(int index, int count, int width, int height, int evaluations) {
            scaleLabel = count == 1 ? "" : String.format(Locale.ROOT, "scale %d/%d %dx%d ", index + 1, count, width, height);
            report.scale(index, count, width, height, evaluations);
        }

        @Override
        public void onPass(int scale, int pass, int evaluations) {
            label = scaleLabel + "pass " + pass;
            report.say(String.format(Locale.ROOT, "%s: up to %d evaluations", label, evaluations));
        }

        @Override
        public void onEvaluation(LossPoint p) {
            String msg = String.format(Locale.ROOT, "%s | loss %.4g | %.2f s/eval", label, p.total()[0],
                    p.seconds() / p.evaluation());
            report.evaluation(p.evaluation(), msg, p.seconds());
        }

        @Override
        public void onScaleFinished(int index, List<RgbImage> images) {
            if (index == 0 && preview != null) {
                report.preview(images.get(0), preview);
            }
        }

        @Override
        public void onSnapshot(int evaluation, List<RgbImage> images) {
            RunProgress.snapshot(images.get(0), output, evaluation);
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        @Override
        public void close() {
            report.close();
        }
    }
}
