package dev.atelier.cli.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.train.data.Augmentation;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.learner.EpochResult;
import dev.atelier.train.learner.Evaluation;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.FitResult;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.model.Architecture;
import dev.atelier.train.precision.PrecisionSupport;
import dev.atelier.train.schedule.TrainingPhase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One {@code atelier train} invocation: checks every option, builds the phases, loads the data, builds
 * the model and the {@link Learner}, trains, and reports. Everything the user can get wrong fails
 * with one {@link InvalidInputException} line before any data is loaded or any batch trained.
 */
final class TrainingRun {
    /** Data keys of the form {@code 14px}: the images resized to 14×14. */
    private static final Pattern SIZE_KEY = Pattern.compile("(\\d{1,4})px");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainingOptions o;
    private final PrintWriter out;
    private final String commandLine;
    private long resumedIterations;

    TrainingRun(TrainingOptions options, PrintWriter out, String commandLine) {
        this.o = options;
        this.out = out;
        this.commandLine = commandLine;
    }

    /** Runs the command described by {@code spec} with {@code options} on the data of {@code source}. */
    static void start(CommandLine.Model.CommandSpec spec, TrainingOptions options, DatasetSource source) throws IOException {
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        String line = "atelier " + String.join(" ", args);
        new TrainingRun(options, spec.commandLine().getOut(), line.trim()).run(source);
    }

    void run(DatasetSource source) throws IOException {
        List<TrainingPhase> phases = o.schedule.phases(o.optimizer);
        SwaRun swa = SwaRun.of(o.swa);
        o.model.check();
        o.loader.check();
        Augmentation augmentation = o.loader.augmentation();
        if (o.resume != null) {
            InputFiles.requireRegularFile("checkpoint", o.resume); // /dev/zero or a folder: said so, not "missing"
        }
        checkOutputs();
        Set<String> keys = new LinkedHashSet<>();
        phases.forEach(p -> keys.add(p.data()));
        for (String key : keys) {
            check(key.equals(TrainingPhase.DEFAULT_DATA) || SIZE_KEY.matcher(key).matches(),
                    "phase data '" + key + "' is not known: use 'default' (stored size) or NNpx (images resized to NN×NN)");
        }
        // before any data is loaded: a precision the engine cannot do is one line, not a crash
        PrecisionSupport.require(o.loader.precision);

        int threads = o.loader.threadCount();
        Engine engine = Engine.getInstance();
        JniUtils.setNumThreads(threads);
        engine.setRandomSeed((int) o.loader.seed);

        DatasetSource.Loaded data = source.load();
        out.printf(Locale.ROOT, "data: %s: %d training, %d validation images of %dx%dx%d, %d classes%n",
                data.description(), data.train().size(), data.valid().size(), data.train().channels(),
                data.train().height(), data.train().width(), data.train().classes().size());
        Normalization norm = Normalization.of(data.train());
        Map<String, BatchLoader> train = new LinkedHashMap<>();
        Map<String, BatchLoader> valid = new LinkedHashMap<>();
        int batchSize = o.loader.batchSize;
        for (String key : keys) {
            ImageSet t = resized(data.train(), key);
            ImageSet v = resized(data.valid(), key);
            train.put(key, BatchLoader.builder().setImages(t).setBatchSize(batchSize).optAugmentation(augmentation)
                    .optNormalization(norm).optSeed(o.loader.seed).build());
            valid.put(key, BatchLoader.builder().setImages(v).setBatchSize(Math.max(batchSize, 512)).optShuffle(false)
                    .optNormalization(norm).build());
        }
        String lastKey = phases.get(phases.size() - 1).data();
        List<TrainingPhase> mainPhases = phases;
        phases = swa.extend(phases, train.get(lastKey));

        try (NDManager manager = ActiveDevice.newManager()) {
            SequentialBlock model = o.model.arch.build(data.train().classes().size(), o.model.width,
                    o.model.inceptionStem);
            model.initialize(manager, DataType.FLOAT32,
                    new Shape(1, data.train().channels(), data.train().height(), data.train().width()));
            long params = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    params += p.getValue().getArray().size();
                }
            }
            String modelName = o.model.describe();
            out.printf(Locale.ROOT, "model: %s, %,d parameters; %d threads; batch %d; augmentation %s; precision %s%n",
                    modelName, params, threads, batchSize, o.loader.augment, o.loader.precision);
            out.flush();
            List<TrainingMetrics.Epoch> epochs = new ArrayList<>();
            long startNanos = System.nanoTime();
            long finalParams = params;
            LearnerCallback metrics = new LearnerCallback() {
                @Override
                public void onEpochEnd(Learner learner, EpochResult epoch) {
                    epochs.add(TrainingMetrics.Epoch.of(epoch));
                    out.flush();
                    writeMetrics(modelName, finalParams, threads, epochs, null, startNanos, null, learner);
                }
            };
            try (Learner learner = Learner.builder().setModel(model).setData(LearnerData.byKey(train, valid))
                    .optLayerGroups(Architecture.layerGroups(model)).optManager(manager)
                    .optPrecision(o.loader.precision)
                    .optCheckpointDir(o.checkpointDir).optLog(line -> {
                        out.println(line);
                        out.flush();
                    }).optProgressBar(o.noProgress ? null : System.err).addCallback(metrics)
                    .addCallback(swa.callback(mainPhases, key -> train.get(key).batchesPerEpoch(),
                            Architecture.layerGroups(model).count(), o.checkpointDir)).build()) {
                out.println(learner.compile(phases).describe());
                if (o.resume != null) {
                    learner.resume(o.resume);
                    // the checkpoint carries the epochs trained before it: the metrics cover the whole run
                    learner.recorder().epochs().forEach(e -> epochs.add(TrainingMetrics.Epoch.of(e)));
                    out.println("resumed from " + o.resume + " at iteration " + learner.position().iteration());
                    resumedIterations = learner.position().iteration();
                    swa.resume(learner, o.resume, out);
                }
                FitResult result = learner.fit(phases, FitOptions.DEFAULT.withStopOnNonFinite(!o.continueOnNan));
                Double tta = null;
                if (o.tta) {
                    Evaluation e = learner.evaluate(valid.get(lastKey), true);
                    tta = e.accuracy();
                    out.printf(Locale.ROOT, "mirror TTA: valid loss %.4f, accuracy %.4f%n", e.loss(), e.accuracy());
                }
                out.printf(Locale.ROOT, "done: %d epochs, %.1f s training, %.0f images/s%s%n", result.epochs().size(),
                        result.seconds(), result.imagesPerSecond(), result.last() == null ? ""
                                : String.format(Locale.ROOT, ", final valid accuracy %.4f", result.last().accuracy()));
                writeMetrics(modelName, params, threads, epochs, result, startNanos, tta, learner);
                swa.finish(learner, train.get(lastKey), valid.get(lastKey), out);
            }
        }
    }

    /** Every output must be writable, and none may be an input, before any data is loaded. */
    private void checkOutputs() {
        if (o.metricsJson != null) {
            OutputLocation.checkFile("metrics JSON", o.metricsJson, o.schedule.phases, o.resume);
        }
        if (o.checkpointDir != null) {
            OutputLocation.checkFolder("checkpoint folder", o.checkpointDir, o.schedule.phases, o.resume);
        }
        if (o.swa.model != null) {
            OutputLocation.checkFile("averaged model", o.swa.model, o.schedule.phases, o.resume, o.metricsJson);
        }
    }

    private void writeMetrics(String model, long params, int threads, List<TrainingMetrics.Epoch> epochs,
            FitResult result, long startNanos, Double tta, Learner learner) {
        if (o.metricsJson == null) {
            return;
        }
        double seconds = epochs.stream().mapToDouble(TrainingMetrics.Epoch::seconds).sum();
        // iterations of the whole run, those before a --resume included
        long iterations = result == null ? 0 : resumedIterations + result.iterations();
        long images = epochs.stream().mapToLong(TrainingMetrics.Epoch::images).sum();
        TrainingMetrics.Epoch last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        TrainingMetrics.Totals totals = new TrainingMetrics.Totals(result != null, epochs.size(),
                result != null ? iterations : 0, seconds, (System.nanoTime() - startNanos) / 1e9, images,
                seconds > 0 ? images / seconds : 0, epochs.isEmpty() ? 0 : seconds / epochs.size(),
                last == null ? null : last.validLoss(), last == null ? null : last.validAccuracy(), tta);
        List<TrainingMetrics.Iteration> batches = learner.recorder().iterations().stream()
                .map(TrainingMetrics.Iteration::of).toList();
        TrainingMetrics m = new TrainingMetrics(commandLine, model, params, threads, o.loader.precision.label(),
                List.copyOf(epochs), totals, batches);
        try {
            AtomicFiles.write(o.metricsJson, JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + o.metricsJson + ": " + e.getMessage(), e);
        }
    }

    private static ImageSet resized(ImageSet images, String key) {
        Matcher m = SIZE_KEY.matcher(key);
        if (!m.matches()) {
            return images;
        }
        int size = Integer.parseInt(m.group(1));
        check(size >= 4, "phase data '" + key + "': images must be at least 4px");
        return images.resized(size, size);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
