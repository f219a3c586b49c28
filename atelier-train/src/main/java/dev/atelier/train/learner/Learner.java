package dev.atelier.train.learner;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.model.LayerGroups;
import dev.atelier.train.optim.ParameterState;
import dev.atelier.train.precision.LossScaler;
import dev.atelier.train.precision.Precision;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Trains a DJL {@link Block} through a list of {@link TrainingPhase}s, fastai style:
 *
 * <pre>{@code
 * try (Learner learner = Learner.builder().setModel(block).setData(LearnerData.of(train, valid))
 *         .optLayerGroups(Architecture.layerGroups(block)).optCheckpointDir(dir).build()) {
 *     FitResult r = learner.fit(new ScheduleSpec.OneCycle(0.1, 5, 10, 10, 0.95, 0.85, OptimizerKind.SGD, 5e-4,
 *             GroupLearningRates.SAME).toPhases());
 * }
 * }</pre>
 *
 * <p>The learner holds the model, the optimizer state, the position in the schedule and the history;
 * the work is done by small parts, one job each:
 * <ul>
 *   <li>{@link LearnerBuilder}: what the learner is made of and how it reports;
 *   <li>{@link TrainableParameters}: the trained parameters, their layer groups and optimizer state;
 *   <li>{@link TrainingLoop}: the loop over batches, epochs and phases, and the callbacks;
 *   <li>{@link BatchStep}: forward, backward and the update of one batch (fp32 or mixed precision);
 *   <li>{@link Evaluator}: validation, with optional mirror test-time augmentation;
 *   <li>{@link LearnerCheckpoints}: snapshots, checkpoint files and resume;
 *   <li>{@link ProgressBarCallback}: the progress bar, a callback like any other.
 * </ul>
 * A phase's learning rate is computed by {@link dev.atelier.train.schedule.CompiledPhase#valueAt}. All
 * randomness of training (shuffling, augmentation) is a function of the data seeds and the position,
 * so {@link #resume(Path)} continues bit for bit. Tools that train briefly (the LR finder, SWA) sit
 * above the learner and use it; it does not know them.
 */
public final class Learner implements AutoCloseable {
    private final Block block;
    private final LearnerData data;
    private final LayerGroups groups;
    private final NDManager manager;
    private final boolean ownsManager;
    private final List<LearnerCallback> callbacks;
    private final PrintStream progressOut;
    private final Precision precision;
    private final TrainableParameters trainable;
    private final Recorder recorder = new Recorder();
    private final Map<String, Long> dataSeeds = new TreeMap<>();
    private final BatchStep step;
    private final Evaluator evaluator;
    private final LearnerCheckpoints checkpoints;
    private final TrainingLoop loop;

    private TrainingPosition position = TrainingPosition.START;
    private boolean resumedFromCheckpoint;
    private volatile boolean stopRequested;

    Learner(LearnerBuilder b) {
        this.block = b.block;
        this.data = b.data;
        this.manager = b.manager != null ? b.manager : ActiveDevice.newManager();
        this.ownsManager = b.manager == null;
        this.callbacks = List.copyOf(b.callbacks);
        this.progressOut = b.progressOut;
        this.precision = b.precision;
        if (!block.isInitialized()) {
            Shape input = b.inputShape;
            if (input == null) {
                var images = data.train(TrainingPhase.DEFAULT_DATA).images();
                input = new Shape(1, images.channels(), images.height(), images.width());
            }
            block.initialize(manager, DataType.FLOAT32, input);
        }
        this.groups = b.groups != null ? b.groups : LayerGroups.single(block);
        this.trainable = TrainableParameters.of(block, groups, manager);
        this.step = new BatchStep(block, b.loss, trainable, manager, precision,
                b.lossScaler != null ? b.lossScaler : LossScaler.defaults());
        this.evaluator = new Evaluator(block, b.loss, manager);
        this.checkpoints = new LearnerCheckpoints(this);
        this.loop = new TrainingLoop(this, step, evaluator, checkpoints, b.checkpointDir, b.log);
    }

    /** A builder of a learner; {@code setModel} and {@code setData} are required. */
    public static LearnerBuilder builder() {
        return new LearnerBuilder();
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

    /** The precision the forward and backward passes run in (master weights are always fp32). */
    public Precision precision() {
        return precision;
    }

    /** Per-iteration and per-epoch history of every fit so far. */
    public Recorder recorder() {
        return recorder;
    }

    /** Where the next {@link #fit} continues from (a fresh schedule starts at iteration 0). */
    public TrainingPosition position() {
        return position;
    }

    /** The optimizer state of the trainable parameter called {@code name} (created empty if new). */
    public ParameterState optimizerState(String name) {
        return trainable.optimizerState(name);
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
     * Trains through {@code phases} with the builder's callbacks (and the progress bar if the options
     * and the builder ask for one). If the learner's position belongs to the same schedule and lies
     * inside it (after {@link #resume}, {@link #restore} or a stopped fit), training continues from
     * there; otherwise it starts at the schedule's first batch (data cursors carry on, so a second
     * fit sees new shuffles).
     *
     * @throws InvalidInputException when the phases do not fit the data or the model (before training)
     */
    public FitResult fit(List<TrainingPhase> phases, FitOptions options) {
        return fit(phases, options, callbacks);
    }

    /**
     * Trains through {@code phases} with exactly {@code callbacks} (plus the progress bar if the
     * options and the builder ask for one) instead of the builder's: tools that run their own short
     * fit, like the LR finder, pass theirs so that the user's SWA or logging callbacks do not see it.
     */
    public FitResult fit(List<TrainingPhase> phases, FitOptions options, List<LearnerCallback> callbacks) {
        TrainingSchedule schedule = compile(phases);
        List<LearnerCallback> all = new ArrayList<>(callbacks);
        ProgressBarCallback bar = options.progressBar() && progressOut != null ? new ProgressBarCallback(progressOut)
                : null;
        if (bar != null) {
            all.add(bar);
        }
        boolean resumed = resumedFromCheckpoint;
        resumedFromCheckpoint = false;
        stopRequested = false;
        try {
            return loop.fit(schedule, options, List.copyOf(all), resumed);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Loss and accuracy on every batch of {@code loader}, in evaluation mode. */
    public Evaluation evaluate(BatchLoader loader) {
        return evaluate(loader, false);
    }

    /**
     * Loss and accuracy on every batch of {@code loader}, in evaluation mode and fp32; with
     * {@code mirrorTta} the prediction is the mean of the softmax of each image and of its left-right
     * mirror (test-time augmentation), and the loss is the negative log of that mean probability.
     */
    public Evaluation evaluate(BatchLoader loader, boolean mirrorTta) {
        return evaluator.evaluate(loader, mirrorTta);
    }

    /** Writes a checkpoint of the current state to {@code file} (atomically). */
    public void saveCheckpoint(Path file) {
        checkpoints.save(file);
    }

    /**
     * Loads a checkpoint written by a learner over the same model and data; the next {@link #fit} of
     * the same phases continues exactly where it was written.
     *
     * @throws InvalidInputException when the checkpoint does not match this model or these data
     */
    public void resume(Path checkpoint) throws IOException {
        resumedFromCheckpoint = false;
        checkpoints.resume(checkpoint);
        resumedFromCheckpoint = true;
    }

    /** A deep copy of the model, optimizer, position, seeds and recorder (close it when done). */
    public LearnerState snapshot() {
        return checkpoints.snapshot();
    }

    /**
     * Puts {@code state} back: parameters, optimizer buffers, position, seeds and recorder. The state
     * stays usable (its arrays are copied).
     *
     * @throws InvalidInputException when its parameters do not match this model's names and shapes
     */
    public void restore(LearnerState state) {
        checkpoints.restore(state);
    }

    // --- for the parts in this package ---

    TrainableParameters trainable() {
        return trainable;
    }

    Map<String, Long> dataSeeds() {
        return dataSeeds;
    }

    /** The fp16 loss scaler; empty in fp32 (and bf16, whose range needs no scaling). */
    Optional<LossScaler> lossScaler() {
        return Optional.ofNullable(step.scaler());
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void moveTo(TrainingPosition next) {
        position = next;
    }

    void rememberSeed(String key, long seed) {
        dataSeeds.put(key, seed);
    }

    /** After a restore: the position, seeds and history of the state, and fresh low-precision copies. */
    void restored(TrainingPosition at, Map<String, Long> seeds, Recorder history) {
        position = at;
        dataSeeds.clear();
        dataSeeds.putAll(seeds);
        recorder.replaceWith(history);
        step.mastersChanged();
    }

    @Override
    public void close() {
        trainable.close();
        if (ownsManager) {
            manager.close();
        }
    }
}
