package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.ScaleLadder;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationMetrics;
import dev.atelier.style.harmonize.HarmonizationResult;
import dev.atelier.style.harmonize.HarmonizationSettings;
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

    @Option(names = "--size", defaultValue = "" + HarmonizationSettings.DEFAULT_SIZE, paramLabel = "N",
            description = "Working long side in pixels; larger paintings are scaled down (default: ${DEFAULT-VALUE}, at most "
                    + HarmonizationSettings.MAX_SIZE + ").")
    int size;

    @Option(names = "--max-evals", defaultValue = "" + HarmonizationSettings.DEFAULT_MAX_EVALUATIONS, paramLabel = "N",
            description = "Loss evaluations for all scales and both passes together (default: ${DEFAULT-VALUE}).")
    int maxEvals;

    @Option(names = "--scales", defaultValue = ScaleLadder.AUTO, paramLabel = "auto|N|S1,S2,...",
            description = "Coarse-to-fine as for stylize: auto (sqrt2 steps from ~128 px), a number of scales (1 = one "
                    + "scale) or a list of long sides ending at the working size; each scale runs both passes "
                    + "(default: ${DEFAULT-VALUE}).")
    String scales;

    @Option(names = "--preview", paramLabel = "FILE",
            description = "Write the coarsest scale's result (blended into the painting) here as soon as it is ready.")
    Path preview;

    @Option(names = "--save-every", defaultValue = "0", paramLabel = "N",
            description = "Write a numbered snapshot (OUT.NNNN.png, at the scale then running) every N evaluations.")
    int saveEvery;

    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|bf16",
            description = "The network's arithmetic while optimising, as stylize --precision; the before/after "
                    + "metrics are always fp32 (default: ${DEFAULT-VALUE}).")
    FeaturePrecision precision;

    @Option(names = "--level", defaultValue = "" + HarmonizationSettings.DEFAULT_LEVEL, paramLabel = "L",
            description = "Stylisation level: weight of style and histograms against content, ~1 (photographic "
                    + "painting) to ~10 (abstract) (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the random weights used when none are in the store (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Mixin
    NetworkOptions network;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        HarmonizationSettings settings;
        try {
            settings = new HarmonizationSettings(size, maxEvals, level, 0, scales, saveEvery);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
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
        // a bad --scales is refused before any network is loaded
        ScaleLadder ladder = Harmonizer.ladder(settings, wh[0], wh[1]);

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
                        ladder.longSides(), level);
                err.flush();
                r = new Harmonizer(settings, vgg.features(), precision).run(paintingImage, placed, progress);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> before = HarmonizationMetrics.measure(vgg.features(), r.painting(), r.composite(),
                    r.composite(), r.masks().loose());
            Map<String, Object> after = HarmonizationMetrics.measure(vgg.features(), r.painting(), r.composite(),
                    r.image(), r.masks().loose());
            if (naive != null) {
                r.composite().write(naive);
            }
            r.image().write(output);
            writeSidecar(settings, vgg, r, before, after, seconds);
            out.printf(Locale.ROOT, "wrote %s (%dx%d, %d evaluations, %.1f s)%n", output, r.image().width(),
                    r.image().height(), r.passes().stream().mapToInt(PassSummary::evaluations).sum(), seconds);
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

    private void writeSidecar(HarmonizationSettings settings, NetworkOptions.LoadedNetwork vgg, HarmonizationResult r,
            Map<String, Object> before, Map<String, Object> after, double seconds) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", output.getFileName().toString());
        m.put("painting", images.get(0).toString());
        if (composite != null) {
            m.put("composite", composite.toString());
        } else {
            m.put("object", images.get(1).toString());
            m.put("at", at);
            m.put("scale", scale);
        }
        m.put("mask", mask.toString());
        Map<String, Object> described = new LinkedHashMap<>(settings.describe());
        described.put("precision", precision.id());
        m.put("settings", described);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("network", vgg.features().architecture().id());
        w.put("pooling", vgg.features().pooling().toString().toLowerCase(Locale.ROOT));
        w.put("name", vgg.weightsName());
        w.put("sha256", vgg.isRandom() ? "random" : vgg.weightsSha256());
        w.put("random", vgg.isRandom());
        m.put("weights", w);
        m.put("seed", seed);
        m.put("width", r.image().width());
        m.put("height", r.image().height());
        m.put("painting_noise", r.noise());
        m.put("tv_weight", r.tvWeight());
        List<Map<String, Object>> passes = new ArrayList<>();
        for (PassSummary p : r.passes()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("scale", p.scale());
            pm.put("width", p.width());
            pm.put("height", p.height());
            pm.put("pass", p.pass());
            pm.put("evaluations", p.evaluations());
            pm.put("first_loss", p.firstLoss());
            pm.put("best_loss", p.bestLoss());
            pm.put("stop_reason", p.reason().name().toLowerCase(Locale.ROOT));
            pm.put("seconds", p.seconds());
            pm.put("term_weights", p.termWeights());
            passes.add(pm);
        }
        m.put("scales", Map.of("long_sides", r.ladder().longSides(), "evaluations", r.ladder().evaluations()));
        m.put("passes", passes);
        m.put("stopped", r.stopped());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("what", "inside the loose mask, against the whole painting: Gram and histogram distances per "
                + "layer (relative), and the relu4_1 content distance from the naive composite");
        metrics.put("naive_composite", before);
        metrics.put("result", after);
        m.put("metrics", metrics);
        m.put("seconds", seconds);
        PeakMemory.peakRssBytes().ifPresent(b -> m.put("peak_rss_bytes", b));
        AtomicFiles.write(RunSidecar.pathFor(output), JSON.writeValueAsBytes(m));
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
            report.evaluation(p.evaluation(), msg, p.seconds() / p.evaluation(), false);
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
