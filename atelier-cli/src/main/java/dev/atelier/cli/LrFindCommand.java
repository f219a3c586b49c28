package dev.atelier.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.cli.train.FashionMnistDataOptions;
import dev.atelier.cli.train.LoaderOptions;
import dev.atelier.cli.train.ModelOptions;
import dev.atelier.cli.train.OptimizerChoice;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.SettingException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.FashionMnist;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.lrfind.LrFinder;
import dev.atelier.train.lrfind.LrFinderPlot;
import dev.atelier.train.lrfind.LrFinderResult;
import dev.atelier.train.lrfind.LrRangeMode;
import dev.atelier.train.lrfind.LrRangeSchedule;
import dev.atelier.train.lrfind.LrSuggestion;
import dev.atelier.train.lrfind.StopDiv;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.precision.PrecisionSupport;
import dev.atelier.train.schedule.ScheduleSpec;
import dev.atelier.train.schedule.TrainingPhase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atelier lr-find fashion-mnist ...}: the learning-rate range test on a fresh model, printing
 * the suggestions and plotting loss against learning rate.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = {"Learning-rate range test: train a fresh model for a few batches with a learning rate rising"
                + " from --start to --end, plot the smoothed loss against it and print suggestions"
                + " (valley, steep, minimum/10).",
            "Data: --data DIR, else /usr/share/datasets/fashion-mnist, else the cache under $ATELIER_CACHE,"
                    + " $XDG_CACHE_HOME/atelier or ~/.cache/atelier (fashion-mnist/), downloading there if allowed."})
public final class LrFindCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "fashion-mnist")
    String dataset;

    @CommandLine.Mixin
    ModelOptions model = new ModelOptions();

    @CommandLine.Mixin
    LoaderOptions loader = new LoaderOptions();

    @CommandLine.Mixin
    OptimizerChoice optim = new OptimizerChoice();

    @CommandLine.Mixin
    FashionMnistDataOptions fashionMnist = new FashionMnistDataOptions();

    @Option(names = "--start", defaultValue = "" + ScheduleSpec.Defaults.LR_FIND_START,
            description = "First learning rate (default: ${DEFAULT-VALUE}).")
    double start;

    @Option(names = "--end", defaultValue = "" + ScheduleSpec.Defaults.LR_FIND_END,
            description = "Learning rate reached after the last batch (default: ${DEFAULT-VALUE}).")
    double end;

    @Option(names = "--iterations", description = "Batches to train (default " + ScheduleSpec.Defaults.LR_FIND_ITERATIONS
            + ").")
    Integer iterations;

    @Option(names = "--fraction", paramLabel = "F", description = "Train this fraction of an epoch instead of --iterations.")
    Double fraction;

    @Option(names = "--linear-lr", description = "Raise the learning rate linearly (default: exponentially).")
    boolean linearLr;

    @Option(names = "--linear", description = "Plot with a linear learning-rate axis (default: log).")
    boolean linearAxis;

    @Option(names = "--stop-div", defaultValue = "" + StopDiv.DEFAULT_FACTOR,
            description = "Stop when the smoothed loss exceeds this many times its best; 0 never stops early"
                    + " (default: ${DEFAULT-VALUE}).")
    double stopDiv;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "lr-find.png",
            description = "Plot file; .svg for SVG, else PNG (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--svg", description = "Also write an SVG next to the PNG (same name, .svg).")
    boolean svg;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!"fashion-mnist".equals(dataset)) {
            throw new InvalidInputException("unknown dataset '" + dataset + "' (lr-find supports fashion-mnist)");
        }
        if (iterations != null && fraction != null) {
            throw new InvalidInputException("give --iterations or --fraction, not both");
        }
        StopDiv stop = stopDiv();
        model.check();
        loader.check();
        OptimizerKind kind = optim.optimizer;
        LrRangeMode mode = linearLr ? LrRangeMode.LINEAR : LrRangeMode.EXPONENTIAL;
        // the range test's phase as --iterations asks for it: checked before any data is loaded
        optim.applyTo(new LrRangeSchedule(start, end, requestedIterations(), mode).toPhase()).checked();
        fashionMnist.check();
        OutputLocation.checkFile("plot", output);
        PrecisionSupport.require(loader.precision);
        PrintWriter out = spec.commandLine().getOut();
        Path dir = fashionMnist.locate(out);

        Engine engine = Engine.getInstance(); // loads the native library before any JNI call
        JniUtils.setNumThreads(loader.threadCount());
        engine.setRandomSeed((int) loader.seed);
        ImageSet images = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        BatchLoader train = BatchLoader.builder().setImages(images).setBatchSize(loader.batchSize)
                .optAugmentation(loader.augmentation()).optNormalization(Normalization.of(images))
                .optSeed(loader.seed).build();
        int n = fraction != null ? LrRangeSchedule.iterationsForFraction(fraction, train.batchesPerEpoch())
                : requestedIterations();
        TrainingPhase phase = optim.applyTo(new LrRangeSchedule(start, end, n, mode).toPhase());
        out.printf(Locale.ROOT, "range test: %s lr %.3g -> %.3g over %d batches of %d (%.2f epochs), %s, stop-div %s%n",
                mode.name().toLowerCase(Locale.ROOT), start, end, n, loader.batchSize, (double) n / train.batchesPerEpoch(),
                kind.name().toLowerCase(Locale.ROOT), stopDiv == 0 ? "off" : String.valueOf(stopDiv));
        out.flush();

        LrFinderResult result;
        try (NDManager manager = ActiveDevice.newManager()) {
            SequentialBlock block = model.arch.build(images.classes().size(), model.width, model.inceptionStem);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, images.channels(), images.height(), images.width()));
            try (Learner learner = Learner.builder().setModel(block).setData(LearnerData.of(train, train))
                    .optLayerGroups(Architecture.layerGroups(block)).optManager(manager)
                    .optPrecision(loader.precision).optProgressBar(noProgress ? null : System.err).build()) {
                result = LrFinder.builder().setPhase(phase).optStopDiv(stop).optProgressBar(!noProgress).build().run(learner);
            }
        }
        out.printf(Locale.ROOT, "%d of %d batches, stopped: %s%n", result.iterations(), n,
                result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        List<LrSuggestion> suggestions = result.suggestions();
        if (suggestions.isEmpty()) {
            out.println("no suggestion: the curve is too short (raise --iterations or --stop-div)");
        }
        for (LrSuggestion s : suggestions) {
            out.printf(Locale.ROOT, "suggestion %-11s lr %.2e  (smoothed loss %.4f at lr %.2e)%n", s.name() + ":",
                    s.lr(), s.markerLoss(), s.markerLr());
        }
        LrFinderPlot plot = new LrFinderPlot(result).optLinearX(linearAxis);
        plot.write(output);
        out.println("plot: " + output);
        if (svg && LrFinderPlot.Format.of(output) == LrFinderPlot.Format.PNG) {
            String name = output.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path svgFile = output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".svg");
            plot.write(svgFile, LrFinderPlot.Format.SVG);
            out.println("plot: " + svgFile);
        }
        out.flush();
        return 0;
    }

    private int requestedIterations() {
        return iterations != null ? iterations : ScheduleSpec.Defaults.LR_FIND_ITERATIONS;
    }

    /** {@code --stop-div}: 0 never stops early, any other value is the library's divergence factor. */
    private StopDiv stopDiv() {
        if (stopDiv == 0) {
            return StopDiv.never();
        }
        try {
            return StopDiv.factor(stopDiv);
        } catch (SettingException e) {
            throw new InvalidInputException(e.render("--stop-div") + " (or 0 to never stop early)");
        }
    }
}
