package dev.atelier.train.learner;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.model.LayerGroups;
import dev.atelier.train.precision.LossScaler;
import dev.atelier.train.precision.Precision;
import dev.atelier.train.precision.PrecisionSupport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Learner} ({@link Learner#builder()}); {@code setModel} and {@code setData} are
 * required, every {@code opt...} setting has a default.
 */
public final class LearnerBuilder {
    // what was set, read by the learner's constructor
    Block block;
    Loss loss = new SoftmaxCrossEntropyLoss();
    LearnerData data;
    LayerGroups groups;
    NDManager manager;
    Path checkpointDir;
    final List<LearnerCallback> callbacks = new ArrayList<>();
    Consumer<String> log = s -> {};
    PrintStream progressOut;
    Shape inputShape;
    Precision precision = Precision.FP32;
    LossScaler lossScaler;

    LearnerBuilder() {}

    /**
     * The model. If it is not initialised yet, the learner initialises it for {@link #optInputShape}, or
     * else for the image shape of the {@code "default"} dataset.
     */
    public LearnerBuilder setModel(Block block) {
        this.block = block;
        return this;
    }

    /** Input shape ({@code N×C×H×W}) to initialise an uninitialised model with. */
    public LearnerBuilder optInputShape(Shape inputShape) {
        this.inputShape = inputShape;
        return this;
    }

    public LearnerBuilder setData(LearnerData data) {
        this.data = data;
        return this;
    }

    /** Default: softmax cross-entropy on logits and integer labels. */
    public LearnerBuilder optLoss(Loss loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /** Default: one group holding every parameter. */
    public LearnerBuilder optLayerGroups(LayerGroups groups) {
        this.groups = groups;
        return this;
    }

    /** The manager the model's parameters live in, if not a fresh one (it is not closed). */
    public LearnerBuilder optManager(NDManager manager) {
        this.manager = manager;
        return this;
    }

    /** Write {@code epoch-NNN.ckpt} and {@code last.ckpt} here after every epoch. */
    public LearnerBuilder optCheckpointDir(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    public LearnerBuilder addCallback(LearnerCallback callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /** Receives one line per phase start, optimizer switch and epoch. */
    public LearnerBuilder optLog(Consumer<String> log) {
        this.log = Objects.requireNonNull(log, "log");
        return this;
    }

    /** Where the per-epoch progress bar goes (e.g. {@code System.err}); default none. */
    public LearnerBuilder optProgressBar(PrintStream out) {
        this.progressOut = out;
        return this;
    }

    /**
     * The precision of the forward and backward passes (default fp32). Master weights, optimizer
     * state and batch-norm parameters and statistics stay fp32; fp16 uses dynamic loss scaling.
     * Whether the engine can do it is checked at {@link #build()}.
     */
    public LearnerBuilder optPrecision(Precision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
        return this;
    }

    /** fp16's loss scaler (default {@link LossScaler#defaults()}). */
    public LearnerBuilder optLossScaler(LossScaler scaler) {
        this.lossScaler = Objects.requireNonNull(scaler, "scaler");
        return this;
    }

    /**
     * The learner.
     *
     * @throws InvalidInputException when the engine cannot train in the chosen precision
     */
    public Learner build() {
        Objects.requireNonNull(block, "a model is required (setModel)");
        Objects.requireNonNull(data, "data are required (setData)");
        PrecisionSupport.require(precision);
        return new Learner(this);
    }
}
