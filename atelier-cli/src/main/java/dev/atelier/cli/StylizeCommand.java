package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.LossPoint;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.engine.ScaleTiling;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleMode;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferResult;
import dev.atelier.style.engine.RemainingTime;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.TimeBudget;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.engine.StyleTransferPreparation;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.SettingsPreset;
import dev.atelier.commands.SettingOptions;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.StopReason;
import java.io.PrintWriter;
import java.nio.file.Files;
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

/** {@code atelier stylize}: the lesson's style transfer as a tool. */
@Command(name = "stylize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Paint photos in the style of a painting (Gatys et al. neural style transfer).",
            "transfer: CONTENT... STYLE; content: CONTENT... (reconstruct from activations); style: STYLE (texture).",
            "Example: atelier stylize examples/content/chelsea.png examples/style/hokusai-great-wave.jpg -o out.png"})
public final class StylizeCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE",
            description = "Content image(s) then the style image (transfer); only content images when --style is given.")
    List<Path> images;

    @Option(names = {"-s", "--style"}, paramLabel = "FILE[,weight=W][,mask=M|outside=M][,scale=F]",
            description = {"A style image, repeatable: several styles blend by their weights (normalised to sum 1),",
                "each where its greyscale mask is white (mask=) or black (outside=), at its own scale.",
                "Example: --style van-gogh.jpg,mask=sky.png --style hokusai.jpg,outside=sky.png"})
    List<String> styleSpecs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output .png/.jpg; a folder when there are several content images.")
    Path output;

    @Option(names = "--preset", paramLabel = "FILE",
            description = "Replay a shared look (a studio preset): its settings apply where you typed none.")
    Path preset;

    @CommandLine.Mixin
    WeightOptions weights;

    @Option(names = "--preview", paramLabel = "FILE",
            description = "Write the coarsest scale's result here as soon as it is ready.")
    Path preview;

    @Option(names = "--init-net", paramLabel = "NET",
            description = "Start from a style network's picture of the content (style-net train's output), so a few"
                    + " evaluations finish it (transfer, one content image).")
    Path initNet;

    // the style-transfer settings (--size, --max-evals, --recipe, ...) are added from StyleTransferSettingsTable
    // when the command line is built (AtelierCli.newCommandLine)

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> values = new LinkedHashMap<>();
        if (preset != null) {
            // a shared look: only what the user did not type
            values.putAll(SettingsPreset.read(preset, StyleTransferSettingsTable.TABLE));
        }
        values.putAll(SettingOptions.typed(spec, StyleTransferSettingsTable.TABLE, FrontEnd.CLI));
        StyleTransferSettings.Builder builder = StyleTransferSettingsTable.TABLE.apply(
                StyleTransferSettings.frontEndBuilder(), values, FrontEnd.CLI);
        StyleMode m = builder.mode();
        List<Path> contentFiles = new ArrayList<>();
        List<StyleSpec> styleSpecs = new ArrayList<>();
        if (this.styleSpecs != null && !this.styleSpecs.isEmpty()) {
            if (!m.usesStyle()) {
                throw new InvalidInputException("--style is for transfer and style modes");
            }
            for (String spec : this.styleSpecs) {
                styleSpecs.add(StyleSpec.parse(spec));
            }
            if (m == StyleMode.TRANSFER) {
                contentFiles.addAll(images);
            } else if (!images.isEmpty() && m == StyleMode.STYLE) {
                throw new InvalidInputException("style mode with --style takes no other images");
            }
        } else {
            switch (m) {
                case TRANSFER -> {
                    if (images.size() < 2) {
                        throw new InvalidInputException("transfer needs at least one content image and a style image");
                    }
                    contentFiles.addAll(images.subList(0, images.size() - 1));
                    styleSpecs.add(StyleSpec.of(images.get(images.size() - 1)));
                }
                case CONTENT -> contentFiles.addAll(images);
                case STYLE -> {
                    if (images.size() != 1) {
                        throw new InvalidInputException("style mode takes exactly one image, the style image");
                    }
                    styleSpecs.add(StyleSpec.of(images.get(0)));
                }
            }
        }
        List<Path> outputs = outputsFor(contentFiles);
        // an output that is an input, or that cannot be written, is refused before any work
        List<Path> inputFiles = new ArrayList<>(images);
        for (StyleSpec spec : styleSpecs) {
            inputFiles.add(spec.file());
            if (spec.mask() != null) {
                inputFiles.add(spec.mask());
            }
        }
        // every file the run will write (pictures, their sidecars, the preview) is checked before any work
        List<Path> written = new ArrayList<>(outputs);
        outputs.forEach(o -> written.add(RunSidecar.pathFor(o)));
        if (preview != null) {
            ImageFiles.formatOf(preview);
            written.add(preview);
        }
        if (initNet != null) {
            if (values.containsKey("init")) {
                throw new InvalidInputException("--init-net and --init both say where to start; give one");
            }
            if (m != StyleMode.TRANSFER || contentFiles.size() != 1) {
                throw new InvalidInputException("--init-net starts a transfer of one content image; give exactly one");
            }
            inputFiles.add(initNet);
        }
        OutputLocation.checkAll(written, inputFiles);
        // Read every input; the preparation checks them against the settings before any weight is loaded.
        List<RgbImage> contents = new ArrayList<>();
        for (Path p : contentFiles) {
            contents.add(RgbImage.read(p));
        }
        List<StyleInput> styles = new ArrayList<>();
        for (StyleSpec spec : styleSpecs) {
            styles.add(spec.read());
        }
        Path initPicture = initNet == null ? null : StyleNetStart.paint(initNet, contents.get(0), builder.build().size());
        try {
            if (initPicture != null) {
                builder.optStart(new dev.atelier.style.engine.StartImage.FromFile(initPicture));
            }
            return run(out, err, builder, m, contentFiles, contents, styleSpecs, styles, outputs);
        } finally {
            if (initPicture != null) {
                Files.deleteIfExists(initPicture);
            }
        }
    }

    private Integer run(PrintWriter out, PrintWriter err, StyleTransferSettings.Builder builder, StyleMode m,
            List<Path> contentFiles, List<RgbImage> contents, List<StyleSpec> styleSpecs, List<StyleInput> styles,
            List<Path> outputs) throws Exception {
        StyleTransferPreparation.PreparedRun run = StyleTransferPreparation.prepare(builder, contents, styles,
                weights.source(builder.seed(), err));
        StyleTransferSettings settings = run.settings();
        NetworkWeights networkWeights = run.weights();
        StyleTransferEngine engine = run.engine();

        // Ctrl-C ends the evaluation in progress and writes the best image so far
        try (InterruptKeepsResult interrupt = InterruptKeepsResult.install("stylize")) {
            AtomicBoolean stop = interrupt.flag();
            for (StyleTransferPreparation.Batch group : run.batches()) {
                List<RgbImage> batch = new ArrayList<>();
                List<Path> batchOutputs = new ArrayList<>();
                List<Path> batchContents = new ArrayList<>();
                if (m.usesContent()) {
                    for (int i : group.contents()) {
                        batch.add(contents.get(i));
                        batchOutputs.add(outputs.get(i));
                        batchContents.add(contentFiles.get(i));
                    }
                } else {
                    batchOutputs.add(outputs.get(0));
                }
                StyleTransferResult r;
                try (Progress progress = new Progress(err, batchOutputs, stop, preview, settings)) {
                    r = engine.run(batch, styles, progress, new RunControl());
                }
                for (int i = 0; i < batchOutputs.size(); i++) {
                    Path o = batchOutputs.get(i);
                    Map<String, Object> inputs = new LinkedHashMap<>();
                    if (m.usesContent()) {
                        inputs.put("content", batchContents.get(i).toString());
                    }
                    if (initNet != null) {
                        inputs.put("init_net", initNet.toString());
                    }
                    if (styleSpecs.size() == 1 && styleSpecs.get(0).isPlain()) {
                        inputs.put("style", styleSpecs.get(0).file().toString());
                    } else if (!styleSpecs.isEmpty()) {
                        List<Map<String, Object>> described = new ArrayList<>();
                        styleSpecs.forEach(sp -> described.add(sp.describe()));
                        inputs.put("styles", described);
                    }
                    JudgeLosses judged = r.judged().get(i);
                    // the picture and its sidecar as a pair: a full disk leaves the old pair (or none), never a
                    // picture without the sidecar that says how it was made
                    r.images().get(i).writeWith(o, RunSidecar.pathFor(o), RunSidecar.json(o, inputs, settings,
                            networkWeights, r, i, batchOutputs.size(), judged == null ? null : judged.describe()));
                    // a run stopped before its first evaluation has no losses to show
                    LossPoint first = r.curve().isEmpty() ? null : r.curve().get(0);
                    LossPoint best = r.best().get(i);
                    out.printf(Locale.ROOT, "wrote %s (%dx%d, %d evaluations, %.2f s/eval, loss %.4g -> %.4g)%n", o,
                            r.images().get(i).width(), r.images().get(i).height(), r.evaluations(),
                            r.secondsPerEvaluation(), first == null ? Double.NaN : first.total()[i],
                            best == null ? Double.NaN : best.total()[i]);
                }
                out.flush();
                if (r.reason() == StopReason.NON_FINITE_LOSS) {
                    int bad = r.curve().get(r.curve().size() - 1).evaluation();
                    throw new InvalidInputException("the loss became NaN or infinite at evaluation " + bad
                            + "; kept the last good image (evaluation " + (r.best().get(0) == null ? 0 : r.best().get(0).evaluation())
                            + ") in " + batchOutputs.get(0) + ". Try a smaller --lr or --line-search strong-wolfe");
                }
                if (r.reason() == StopReason.STOPPED) {
                    err.println("atelier: interrupted; kept the best image so far");
                    err.flush();
                    break;
                }
            }
        }
        return 0;
    }

    /** One output per content image (or one for style mode); a folder when there are several. */
    private List<Path> outputsFor(List<Path> contentFiles) {
        List<Path> outs = new ArrayList<>();
        if (contentFiles.size() <= 1) {
            if (Files.isDirectory(output)) {
                throw new InvalidInputException(output + " is a folder; give an output file name such as out.png");
            }
            ImageFiles.formatOf(output);
            outs.add(output);
            return outs;
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new InvalidInputException("with several content images -o must be a folder, but " + output + " is a file");
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            throw new InvalidInputException("with several content images -o must name a folder, not " + output);
        }
        List<String> seen = new ArrayList<>();
        for (Path c : contentFiles) {
            String stem = c.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String unique = stem;
            for (int k = 2; seen.contains(unique); k++) {
                unique = stem + "-" + k;
            }
            seen.add(unique);
            outs.add(output.resolve(unique + ".png"));
        }
        return outs;
    }

    /** Progress to stderr (see {@link RunProgress}), the preview, snapshots, Ctrl-C. */
    private static final class Progress implements StyleTransferListener, AutoCloseable {
        private final RunProgress report;
        private final List<Path> outputs;
        private final AtomicBoolean stop;
        private final Path preview;
        private final FeaturePrecision precision;
        private final TimeBudget time;
        /** Whether the time alone bounds the run (no evaluation budget was given with it). */
        private final boolean timeBound;
        private final RemainingTime eta;
        private String scaleLabel = "";
        private double lastSeconds;

        Progress(PrintWriter err, List<Path> outputs, AtomicBoolean stop, Path preview, StyleTransferSettings settings) {
            this.report = new RunProgress(err, "stylize");
            this.precision = settings.precision();
            this.time = settings.time();
            this.timeBound = time.isSet() && settings.givenMaxEvaluations() == null;
            this.eta = new RemainingTime(settings.ladder(), settings.time());
            this.outputs = outputs;
            this.stop = stop;
            this.preview = preview;
        }

        @Override
        public void onStart(int maxEvaluations, int width, int height, int batch) {
            String budget = timeBound ? "for up to " + time.describe()
                    : time.isSet() ? "up to " + maxEvaluations + " evaluations or " + time.describe()
                    : "up to " + maxEvaluations + " evaluations";
            report.announce(String.format(Locale.ROOT, "stylizing %d image%s at %dx%d, %s (network in %s)",
                    batch, batch == 1 ? "" : "s", width, height, budget, precision.id()));
            report.start(maxEvaluations, eta, time);
        }

        @Override
        public void onScale(int index, int count, int width, int height, int evaluations) {
            scaleLabel = count == 1 ? "" : String.format(Locale.ROOT, "scale %d/%d %dx%d | ", index + 1, count, width, height);
            eta.onScale(index, lastSeconds);
            report.scale(index, count, width, height, timeBound ? -1 : evaluations);
        }

        @Override
        public void onTiling(ScaleTiling t) {
            scaleLabel += String.format(Locale.ROOT, "tiles %dpx | ", t.tile());
            report.announce(String.format(Locale.ROOT, "scale %dx%d in %d-px tiles (+%d px margins, moving every "
                    + "evaluation), L-BFGS history %d", t.width(), t.height(), t.tile(), t.margin(), t.history()));
        }

        @Override
        public void onScaleFinished(int index, List<RgbImage> images) {
            if (index == 0 && preview != null) {
                report.preview(images.get(0), preview);
            }
        }

        @Override
        public void onEvaluation(LossPoint p) {
            lastSeconds = p.seconds();
            eta.onEvaluation(p.seconds());
            String msg = String.format(Locale.ROOT, "%scontent %.3g style %.3g | %.2f s/eval", scaleLabel, sum(p.content()),
                    sum(p.style()), p.seconds() / p.evaluation());
            report.evaluation(p.evaluation(), msg, p.seconds());
        }

        @Override
        public void onSnapshot(int evaluation, List<RgbImage> images) {
            for (int i = 0; i < images.size(); i++) {
                RunProgress.snapshot(images.get(i), outputs.get(i), evaluation);
            }
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        @Override
        public void close() {
            report.close();
        }

        private static double sum(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s;
        }
    }
}
