package dev.atelier.train.learner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.Batch;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.lrfind.LrFinder;
import dev.atelier.train.lrfind.LrFinderResult;
import dev.atelier.train.model.LayerGroups;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.optim.ParameterState;
import dev.atelier.train.optim.UpdateRule;
import dev.atelier.train.schedule.CompiledPhase;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains a DJL {@link Block} through a list of {@link TrainingPhase}s, fastai style:
 *
 * <pre>{@code
 * try (Learner learner = Learner.builder().setModel(block).setData(LearnerData.of(train, valid))
 *         .optLayerGroups(Architecture.layerGroups(block)).optCheckpointDir(dir).build()) {
 *     FitResult r = learner.fit(PhaseBuilders.oneCycle(0.1, 5, 10, 0.3, 0.95, 0.85));
 * }
 * }</pre>
 *
 * <p>Every batch asks the compiled {@link TrainingSchedule} for its hyper-parameters, computes the
 * gradients with a {@link GradientCollector} and applies our {@link UpdateRule} to each trainable
 * parameter with its layer group's learning rate (DJL's optimizers cannot change momentum per step).
 * When the optimizer changes between phases, the new phase's
 * {@link dev.atelier.train.optim.OptimizerSwitchPolicy} converts the state, and the log says how.
 *
 * <p>An epoch ends when the cursor of the phase's dataset wraps around; then the model is validated,
 * a checkpoint is written, and callbacks run. All randomness of training (shuffling, augmentation)
 * is a function of the data seeds and the position, so {@link #resume(Path)} continues bit for bit.
 */
public final class Learner implements AutoCloseable {
    private final Block block;
    private final Loss loss;
    private final LearnerData data;
    private final LayerGroups groups;
    private final NDManager manager;
    private final boolean ownsManager;
    private final Path checkpointDir;
    private List<LearnerCallback> callbacks;
    private final Consumer<String> log;
    private final PrintStream progressOut;
    private final List<Pair<String, Parameter>> trainable;
    private final Map<String, ParameterState> optimizerState = new LinkedHashMap<>();
    private final Recorder recorder = new Recorder();
    private final Map<String, Long> dataSeeds = new TreeMap<>();

    private TrainingPosition position = TrainingPosition.START;
    private boolean resumedFromCheckpoint;
    private volatile boolean stopRequested;

    private Learner(Builder b) {
        this.block = b.block;
        this.loss = b.loss;
        this.data = b.data;
        this.manager = b.manager != null ? b.manager : NDManager.newBaseManager();
        this.ownsManager = b.manager == null;
        this.checkpointDir = b.checkpointDir;
        this.callbacks = List.copyOf(b.callbacks);
        this.log = b.log;
        this.progressOut = b.progressOut;
        if (!block.isInitialized()) {
            Shape input = b.inputShape;
            if (input == null) {
                var images = data.train(TrainingPhase.DEFAULT_DATA).images();
                input = new Shape(1, images.channels(), images.height(), images.width());
            }
            block.initialize(manager, DataType.FLOAT32, input);
        }
        this.groups = b.groups != null ? b.groups : LayerGroups.single(block);
        List<Pair<String, Parameter>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            groups.groupOf(p.getKey());
            if (p.getValue().requiresGradient()) {
                params.add(p);
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        this.trainable = Collections.unmodifiableList(params);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model being trained. */
    public Block block() {
        return block;
    }

    /** The manager owning the optimizer state (a child of the model's). */
    public NDManager manager() {
        return manager;
    }

    public LayerGroups layerGroups() {
        return groups;
    }

    public LearnerData data() {
        return data;
    }

    /** Per-iteration and per-epoch history of every fit so far. */
    public Recorder recorder() {
        return recorder;
    }

    /** Where the next {@link #fit} continues from (a fresh schedule starts at iteration 0). */
    public TrainingPosition position() {
        return position;
    }

    /** The trainable parameters of layer group {@code group}, in model order. */
    public List<Parameter> parameters(int group) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : trainable) {
            if (groups.groupOf(p.getKey()) == group) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** The optimizer state of the trainable parameter called {@code name} (created empty if new). */
    public ParameterState optimizerState(String name) {
        return optimizerState.computeIfAbsent(name, n -> new ParameterState(manager));
    }

    /** Ends the current fit after the batch in progress (callbacks use this). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Compiles {@code phases} against this learner's data and layer groups, without training. */
    public TrainingSchedule compile(List<TrainingPhase> phases) {
        return TrainingSchedule.compile(phases, key -> data.train(key).batchesPerEpoch(), groups.count());
    }

    /** Trains through {@code phases} with validation, checkpoints and a progress bar. */
    public FitResult fit(List<TrainingPhase> phases) {
        return fit(phases, FitOptions.DEFAULT);
    }

    /**
     * Trains through {@code phases} with {@code onlyCallbacks} instead of the builder's callbacks, for
     * tools that run their own short fit (the LR finder: the user's SWA or logging callbacks must not
     * see it).
     */
    public FitResult fit(List<TrainingPhase> phases, FitOptions options, List<LearnerCallback> onlyCallbacks) {
        List<LearnerCallback> builderCallbacks = callbacks;
        callbacks = List.copyOf(onlyCallbacks);
        try {
            return fit(phases, options);
        } finally {
            callbacks = builderCallbacks;
        }
    }

    /**
     * Runs an LR range test and puts the model, optimizer state, data position and recorder back as
     * they were, so a fit after it trains exactly as without it. See {@link LrFinder}.
     */
    public LrFinderResult lrFind(LrFinder finder) {
        return finder.run(this);
    }

    /**
     * Trains through {@code phases}. If the learner's position belongs to the same schedule and lies
     * inside it (after {@link #resume}, {@link #restore} or a stopped fit), training continues from
     * there; otherwise it starts at the schedule's first batch (data cursors carry on, so a second
     * fit sees new shuffles).
     *
     * @throws InvalidInputException when the phases do not fit the data or the model (before training)
     */
    public FitResult fit(List<TrainingPhase> phases, FitOptions options) {
        TrainingSchedule schedule = compile(phases);
        String fingerprint = fingerprint(schedule);
        for (CompiledPhase p : schedule.phases()) {
            data.train(p.data());
            if (options.validate()) {
                data.valid(p.data());
            }
        }
        if (resumedFromCheckpoint && !position.schedule().equals(fingerprint)) {
            throw new InvalidInputException("the checkpoint was written for another schedule; resume with the same"
                    + " phases (same --schedule, --lr, --epochs, --batch-size or --phases file)");
        }
        if (resumedFromCheckpoint && position.iteration() >= schedule.totalIterations()) {
            throw new InvalidInputException("the checkpoint is at the end of its schedule (iteration "
                    + position.iteration() + "); there is nothing left to resume");
        }
        resumedFromCheckpoint = false;
        if (!position.schedule().equals(fingerprint) || position.iteration() >= schedule.totalIterations()) {
            position = new TrainingPosition(fingerprint, 0, position.cursors(), 0);
        } else if (position.iteration() > 0) {
            log.accept(String.format(Locale.ROOT, "resuming at iteration %d of %d (phase %d)", position.iteration(),
                    schedule.totalIterations(), schedule.phaseIndexAt(position.iteration()) + 1));
        }
        stopRequested = false;
        for (LearnerCallback c : callbacks) {
            c.onFitStart(this, schedule);
        }
        List<EpochResult> epochs = new ArrayList<>();
        EpochAccumulator acc = new EpochAccumulator();
        long trainedIterations = 0;
        double trainSeconds = 0;
        long trainedImages = 0;
        Evaluation last = null;
        ProgressBar bar = null;
        ParameterStore store = new ParameterStore(manager, false);
        try {
            HyperParameters previous = position.iteration() > 0 ? schedule.valueAt(position.iteration() - 1) : null;
            int currentPhase = -1;
            while (position.iteration() < schedule.totalIterations() && !stopRequested) {
                long it = position.iteration();
                HyperParameters hp = schedule.valueAt(it);
                CompiledPhase phase = schedule.phases().get(hp.phaseIndex());
                if (hp.phaseIndex() != currentPhase) {
                    currentPhase = hp.phaseIndex();
                    enterPhase(schedule, phase, previous, hp);
                }
                BatchLoader loader = data.train(phase.data());
                rememberSeed(phase.data(), loader.seed());
                DataCursor cursor = position.cursor(phase.data());
                if (bar == null && options.progressBar() && progressOut != null) {
                    bar = newBar(loader, cursor, position.epochsCompleted() + 1);
                }
                long t0 = System.nanoTime();
                double batchLoss = step(store, loader, cursor, hp, acc);
                if (options.stopOnNonFinite() && !Double.isFinite(batchLoss)) {
                    throw diverged("training loss", batchLoss, hp.phaseIndex(), it, position.epochsCompleted() + 1);
                }
                double dt = (System.nanoTime() - t0) / 1e9;
                int n = loader.batchLength(cursor.batch());
                acc.seconds += dt;
                trainSeconds += dt;
                trainedImages += n;
                trainedIterations++;
                IterationRecord rec = new IterationRecord(it, hp.phaseIndex(), hp.lr(), hp.momentum(), batchLoss);
                recorder.add(rec);
                previous = hp;
                DataCursor next = cursor.next(loader.batchesPerEpoch());
                boolean epochEnd = next.epoch() != cursor.epoch();
                boolean scheduleEnd = it + 1 == schedule.totalIterations();
                int epochsDone = position.epochsCompleted() + (epochEnd ? 1 : 0);
                position = position.with(phase.data(), next, it + 1, epochsDone);
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.4f", acc.loss(), acc.accuracy()));
                }
                for (LearnerCallback c : callbacks) {
                    c.onIterationEnd(this, rec);
                }
                if (epochEnd || scheduleEnd) {
                    if (bar != null) {
                        bar.close();
                        bar = null;
                    }
                    EpochResult result = endEpoch(options, phase.data(), epochEnd ? epochsDone : epochsDone + 1, acc,
                            hp.phaseIndex(), it);
                    acc = new EpochAccumulator();
                    if (result != null) {
                        epochs.add(result);
                        if (result.valid() != null) {
                            last = result.valid();
                        }
                        for (LearnerCallback c : callbacks) {
                            c.onEpochEnd(this, result);
                        }
                    }
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        FitResult result = new FitResult(epochs, trainedIterations, trainSeconds, trainedImages, stopRequested, last);
        for (LearnerCallback c : callbacks) {
            c.onFitEnd(this, result);
        }
        return result;
    }

    private void enterPhase(TrainingSchedule schedule, CompiledPhase phase, HyperParameters previous, HyperParameters hp) {
        log.accept(String.format(Locale.ROOT, "phase %d/%d: iterations %d..%d: %s", phase.index() + 1,
                schedule.phases().size(), phase.startIteration(), phase.endIteration() - 1, phase.phase().describe()));
        if (previous != null && previous.optimizer() != hp.optimizer()) {
            var policy = phase.phase().switchPolicy();
            for (Pair<String, Parameter> p : trainable) {
                policy.apply(optimizerState(p.getKey()), previous, hp);
            }
            log.accept(policy.describe(previous, hp));
        }
        for (LearnerCallback c : callbacks) {
            c.onPhaseStart(this, phase);
        }
    }

    /** Forward, backward and update on one batch; returns the batch's loss. */
    private double step(ParameterStore store, BatchLoader loader, DataCursor cursor, HyperParameters hp,
            EpochAccumulator acc) {
        UpdateRule rule = UpdateRule.of(hp.optimizer());
        try (NDManager sub = manager.newSubManager()) {
            Batch batch = loader.batch(sub, cursor.epoch(), cursor.batch());
            NDArray lossValue;
            NDArray logits;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logits = block.forward(store, new NDList(batch.images()), true).singletonOrThrow();
                lossValue = loss.evaluate(new NDList(batch.labels()), new NDList(logits));
                collector.backward(lossValue);
            }
            double value = lossValue.getFloat();
            long correct = logits.argMax(1).eq(batch.labels()).countNonzero().getLong();
            acc.add(value, correct, batch.size());
            for (Pair<String, Parameter> p : trainable) {
                NDArray weight = p.getValue().getArray();
                NDArray grad = weight.getGradient();
                grad.attach(sub);
                rule.update(weight, grad, optimizerState(p.getKey()), hp, groups.groupOf(p.getKey()));
                zeroGradient(weight, grad);
            }
            return value;
        }
    }

    private static void zeroGradient(NDArray weight, NDArray grad) {
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            grad.subi(grad);
        }
    }

    private EpochResult endEpoch(FitOptions options, String key, int epochNumber, EpochAccumulator acc, int phase,
            long iteration) {
        Evaluation valid = null;
        double validSeconds = 0;
        if (options.validate()) {
            long t0 = System.nanoTime();
            valid = evaluate(data.valid(key));
            validSeconds = (System.nanoTime() - t0) / 1e9;
            // a finite last batch can still leave non-finite weights behind: never checkpoint those
            if (options.stopOnNonFinite() && !Double.isFinite(valid.loss())) {
                throw diverged("validation loss", valid.loss(), phase, iteration, epochNumber);
            }
        }
        EpochResult result = new EpochResult(epochNumber, key, acc.loss(), acc.accuracy(), valid, acc.seconds,
                validSeconds, acc.images);
        recorder.add(result);
        log.accept(String.format(Locale.ROOT, "epoch %d (%s): train loss %.4f acc %.4f%s | %.1f s, %.0f images/s",
                epochNumber, key, result.trainLoss(), result.trainAccuracy(),
                valid == null ? "" : String.format(Locale.ROOT, " | valid loss %.4f acc %.4f", valid.loss(), valid.accuracy()),
                result.seconds(), result.imagesPerSecond()));
        if (options.checkpoint() && checkpointDir != null) {
            saveCheckpoint(checkpointDir.resolve(String.format(Locale.ROOT, "epoch-%03d.ckpt", epochNumber)));
            saveCheckpoint(checkpointDir.resolve("last.ckpt"));
        }
        return result;
    }

    private TrainingDivergedException diverged(String what, double value, int phase, long iteration, int epoch) {
        String kept = checkpointDir == null ? "no checkpoint folder was given"
                : "the last checkpoint in " + checkpointDir + " (if any) is from before";
        return new TrainingDivergedException(String.format(Locale.ROOT, "training diverged: %s is %s at iteration %d"
                + " (phase %d, epoch %d); stopped, %s; lower the learning rate, or let training go on past"
                + " non-finite losses", what, value, iteration, phase + 1, epoch, kept), phase + 1, iteration);
    }

    /** Loss and accuracy on every batch of {@code loader}, in evaluation mode. */
    public Evaluation evaluate(BatchLoader loader) {
        return evaluate(loader, false);
    }

    /**
     * Loss and accuracy on every batch of {@code loader}, in evaluation mode; with {@code mirrorTta} the
     * prediction is the mean of the softmax of each image and of its left-right mirror (test-time
     * augmentation), and the loss is the negative log of that mean probability of the label.
     */
    public Evaluation evaluate(BatchLoader loader, boolean mirrorTta) {
        ParameterStore store = new ParameterStore(manager, false);
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        for (int b = 0; b < loader.batchesPerEpoch(); b++) {
            try (NDManager sub = manager.newSubManager()) {
                Batch batch = loader.batch(sub, 0, b);
                NDArray logits = block.forward(store, new NDList(batch.images()), false).singletonOrThrow();
                NDArray predicted;
                double l;
                if (mirrorTta) {
                    NDArray mirrored = block.forward(store, new NDList(batch.images().flip(3)), false).singletonOrThrow();
                    NDArray p = logits.softmax(1).add(mirrored.softmax(1)).div(2);
                    l = p.log().neg().gather(batch.labels().reshape(-1, 1), 1).mean().getFloat();
                    predicted = p;
                } else {
                    l = loss.evaluate(new NDList(batch.labels()), new NDList(logits)).getFloat();
                    predicted = logits;
                }
                lossSum += l * batch.size();
                correct += predicted.argMax(1).eq(batch.labels()).countNonzero().getLong();
                images += batch.size();
            }
        }
        return new Evaluation(lossSum / images, (double) correct / images, images);
    }

    /** Writes a checkpoint of the current state to {@code file} (atomically). */
    public void saveCheckpoint(Path file) {
        try (LearnerState state = snapshot()) {
            Checkpoint.write(file, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /**
     * Loads a checkpoint written by a learner over the same model and data; the next {@link #fit} of
     * the same phases continues exactly where it was written.
     *
     * @throws InvalidInputException when the checkpoint does not match this model or these data
     */
    public void resume(Path checkpoint) throws IOException {
        resumedFromCheckpoint = false;
        try (LearnerState state = Checkpoint.read(checkpoint, manager)) {
            restore(state);
        }
        resumedFromCheckpoint = true;
    }

    /** A deep copy of the model, optimizer, position, seeds and recorder (close it when done). */
    public LearnerState snapshot() {
        NDManager m = manager.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(m);
            params.put(p.getKey(), copy);
        }
        Map<String, LearnerState.OptimizerSlot> slots = new LinkedHashMap<>();
        optimizerState.forEach((name, state) -> {
            Map<String, NDArray> buffers = new LinkedHashMap<>();
            Map<String, Long> ages = new LinkedHashMap<>();
            for (String buffer : state.names()) {
                NDArray copy = state.get(buffer).duplicate();
                copy.attach(m);
                buffers.put(buffer, copy);
                ages.put(buffer, state.age(buffer));
            }
            slots.put(name, new LearnerState.OptimizerSlot(state.steps(), buffers, ages));
        });
        return new LearnerState(m, params, slots, position, recorder.copy(), dataSeeds);
    }

    /**
     * Puts {@code state} back: parameters, optimizer buffers, position, seeds and recorder. The state
     * stays usable (its arrays are copied).
     *
     * @throws InvalidInputException when its parameters do not match this model's names and shapes
     */
    public void restore(LearnerState state) {
        Map<String, NDArray> params = state.parameters();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray saved = params.get(p.getKey());
            NDArray current = p.getValue().getArray();
            if (saved == null || !saved.getShape().equals(current.getShape())) {
                throw new InvalidInputException("checkpoint does not match the model: parameter " + p.getKey()
                        + (saved == null ? " is missing" : " has shape " + saved.getShape() + ", model has "
                                + current.getShape()));
            }
        }
        if (params.size() != block.getParameters().size()) {
            throw new InvalidInputException("checkpoint has " + params.size() + " parameters, the model has "
                    + block.getParameters().size());
        }
        state.dataSeeds().forEach((key, seed) -> {
            BatchLoader loader;
            try {
                loader = data.train(key);
            } catch (InvalidInputException e) {
                return;
            }
            if (loader.seed() != seed) {
                throw new InvalidInputException("checkpoint was trained on dataset '" + key + "' with seed " + seed
                        + " but this run uses seed " + loader.seed() + "; use the same --seed to resume");
            }
        });
        for (Pair<String, Parameter> p : block.getParameters()) {
            ParameterCopy.into(p.getValue().getArray(), params.get(p.getKey()));
        }
        optimizerState.values().forEach(ParameterState::close);
        optimizerState.clear();
        state.optimizer().forEach((name, slot) -> {
            ParameterState ps = optimizerState(name);
            slot.buffers().forEach((buffer, value) -> ps.put(buffer, value.duplicate(), slot.ages().getOrDefault(buffer, 0L)));
            ps.setSteps(slot.steps());
        });
        position = state.position();
        dataSeeds.clear();
        dataSeeds.putAll(state.dataSeeds());
        recorder.replaceWith(state.recorder());
    }

    private void rememberSeed(String key, long seed) {
        dataSeeds.put(key, seed);
    }

    private ProgressBar newBar(BatchLoader loader, DataCursor cursor, int epoch) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(loader.batchesPerEpoch())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(progressOut)).build();
        bar.stepTo(cursor.batch());
        return bar;
    }

    /** Identifies a schedule: its phases' descriptions and iteration layout. */
    private static String fingerprint(TrainingSchedule schedule) {
        return schedule.describe().replace(System.lineSeparator(), "\n");
    }

    @Override
    public void close() {
        optimizerState.values().forEach(ParameterState::close);
        optimizerState.clear();
        if (ownsManager) {
            manager.close();
        }
    }

    /** Running sums over one epoch's batches. */
    private static final class EpochAccumulator {
        double lossSum;
        long correct;
        long images;
        double seconds;

        void add(double loss, long correct, int n) {
            lossSum += loss * n;
            this.correct += correct;
            images += n;
        }

        double loss() {
            return images == 0 ? Double.NaN : lossSum / images;
        }

        double accuracy() {
            return images == 0 ? Double.NaN : (double) correct / images;
        }
    }

    /** Builds a {@link Learner}; {@code setModel} and {@code setData} are required. */
    public static final class Builder {
        private Block block;
        private Loss loss = new SoftmaxCrossEntropyLoss();
        private LearnerData data;
        private LayerGroups groups;
        private NDManager manager;
        private Path checkpointDir;
        private final List<LearnerCallback> callbacks = new ArrayList<>();
        private Consumer<String> log = s -> {};
        private PrintStream progressOut;
        private Shape inputShape;

        private Builder() {}

        /**
         * The model. If it is not initialised yet, the learner initialises it for {@link #optInputShape}, or
         * else for the image shape of the {@code "default"} dataset.
         */
        public Builder setModel(Block block) {
            this.block = block;
            return this;
        }

        /** Input shape ({@code N×C×H×W}) to initialise an uninitialised model with. */
        public Builder optInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        public Builder setData(LearnerData data) {
            this.data = data;
            return this;
        }

        /** Default: softmax cross-entropy on logits and integer labels. */
        public Builder optLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** Default: one group holding every parameter. */
        public Builder optLayerGroups(LayerGroups groups) {
            this.groups = groups;
            return this;
        }

        /** The manager the model's parameters live in, if not a fresh one (it is not closed). */
        public Builder optManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        /** Write {@code epoch-NNN.ckpt} and {@code last.ckpt} here after every epoch. */
        public Builder optCheckpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        public Builder addCallback(LearnerCallback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /** Receives one line per phase start, optimizer switch and epoch. */
        public Builder optLog(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Where the per-epoch progress bar goes (e.g. {@code System.err}); default none. */
        public Builder optProgressBar(PrintStream out) {
            this.progressOut = out;
            return this;
        }

        public Learner build() {
            Objects.requireNonNull(block, "a model is required (setModel)");
            Objects.requireNonNull(data, "data are required (setData)");
            return new Learner(this);
        }
    }
}
