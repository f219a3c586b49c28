package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationMetrics;
import dev.atelier.style.harmonize.HarmonizationResult;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.Harmonizer;
import dev.atelier.style.harmonize.PassSummary;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
            description = "Loss evaluations for both passes together (default: ${DEFAULT-VALUE}).")
    int maxEvals;

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
            settings = new HarmonizationSettings(size, maxEvals, level, 0);
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

        long t0 = System.nanoTime();
        // VGG19 (or what --net/--weights say) with max pooling as trained; random weights with --seed, loudly
        try (NetworkOptions.LoadedNetwork vgg = network.load(VggArchitecture.VGG19, PoolingMode.MAX, seed, err)) {
            HarmonizationResult r;
            try (Progress progress = new Progress(err, settings)) {
                err.printf(Locale.ROOT, "harmonizing at %dx%d, up to %d evaluations (%d + %d), level %s%n", wh[0], wh[1],
                        settings.maxEvaluations(), settings.pass1Evaluations(), settings.pass2Evaluations(), level);
                err.flush();
                r = new Harmonizer(settings, vgg.features()).run(paintingImage, placed, progress);
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
        m.put("settings", settings.describe());
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
            pm.put("pass", p.pass());
            pm.put("evaluations", p.evaluations());
            pm.put("first_loss", p.firstLoss());
            pm.put("best_loss", p.bestLoss());
            pm.put("stop_reason", p.reason().name().toLowerCase(Locale.ROOT));
            pm.put("seconds", p.seconds());
            pm.put("term_weights", p.termWeights());
            passes.add(pm);
        }
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

    /** Progress to stderr: a live bar on a terminal, otherwise a line every tenth of each pass. */
    private static final class Progress implements HarmonizationListener, AutoCloseable {
        private final PrintWriter err;
        private final int total;
        private final int pass1;
        private ProgressBar bar;
        private int max;
        private int lastReported;

        Progress(PrintWriter err, HarmonizationSettings settings) {
            this.err = err;
            this.total = settings.maxEvaluations();
            this.pass1 = settings.pass1Evaluations();
            if (System.console() != null) {
                bar = new ProgressBarBuilder().setTaskName("harmonize").setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" evals", 1).build();
            }
        }

        @Override
        public void onPass(int pass, int evaluations) {
            max = evaluations;
            lastReported = 0;
            if (bar == null) {
                err.printf(Locale.ROOT, "pass %d: up to %d evaluations%n", pass, evaluations);
                err.flush();
            }
        }

        @Override
        public void onEvaluation(int pass, int evaluation, double loss) {
            String msg = String.format(Locale.ROOT, "pass %d loss %.4g", pass, loss);
            if (bar != null) {
                bar.stepTo((pass == 1 ? 0 : pass1) + evaluation);
                bar.setExtraMessage(msg);
            } else if (evaluation == 1 || evaluation * 10 / max > lastReported * 10 / max || evaluation == max) {
                lastReported = evaluation;
                err.printf(Locale.ROOT, "eval %d/%d  %s%n", evaluation, max, msg);
                err.flush();
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
