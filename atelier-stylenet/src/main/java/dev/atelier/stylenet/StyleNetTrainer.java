package dev.atelier.stylenet;

import ai.djl.ndarray.NDManager;
import dev.atelier.style.image.RgbImage;
import dev.atelier.train.data.Augmentation;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.learner.FitOptions;
import dev.atelier.train.learner.FitResult;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.learner.LearnerData;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.GroupLearningRates;
import dev.atelier.train.schedule.PhaseLength;
import dev.atelier.train.schedule.ScheduleSpec;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a {@link TransformerNetwork} with a {@link StyleNetLoss} through the project's
 * {@link Learner}: its phases and schedule, its Adam, its checkpoints and exact resume. The data are
 * the {@link PhotoCrops} at two sizes, {@value #HALF} (half the crop side) and {@value #FULL}, for
 * progressive resizing as the lesson's {@code data_list}: the default schedule is a 1cycle whose
 * first phase (the warm-up) trains on half-size crops, four times cheaper, and the rest on full-size.
 *
 * <pre>{@code
 * try (StyleNetTrainer t = new StyleNetTrainer(training, crops, loss, manager)) {
 *     t.fit(t.defaultPhases(), listener);
 *     StyleNetFile.write(out, t.network(), metadata);
 * }
 * }</pre>
 */
public final class StyleNetTrainer implements AutoCloseable {
    /** The data key of the half-size crops. */
    public static final String HALF = "half";
    /** The data key of the full-size crops ({@code default} names them too). */
    public static final String FULL = "full";

    /** What a training run reports, and how it is asked to stop. */
    public interface Listener {
        /** After each batch; {@code trainer} may be asked for a checkpoint or a preview here. */
        default void onIteration(StyleNetTrainer trainer, IterationRecord record, long totalIterations) {}

        /** Polled after each batch: true ends the fit there (its position is kept for a checkpoint). */
        default boolean stopRequested() {
            return false;
        }
    }

    private final StyleNetTraining training;
    private final TransformerNetwork network;
    private final Learner learner;
    private final NDManager manager;

    /**
     * A fresh network of the training's architecture (seeded), and a Learner over it.
     *
     * @param manager owns the network's parameters and the optimizer state
     */
    public StyleNetTrainer(StyleNetTraining training, PhotoCrops crops, StyleNetLoss loss, NDManager manager,
            Consumer<String> log) {
        this.training = training;
        this.manager = manager;
        this.network = TransformerNetwork.create(training.architecture(), training.seed(), manager);
        ImageSet full = crops.images();
        // small crops cut at the paint scale, not the full crops shrunk: shrinking would show the first phase
        // the photos' detail at half the scale the style is matched to
        ImageSet half = crops.smallImages();
        BatchLoader fullLoader = loader(full, 0);
        BatchLoader halfLoader = loader(half, 1);
        Map<String, BatchLoader> byKey = Map.of(FULL, fullLoader, TrainingPhase.DEFAULT_DATA, fullLoader, HALF, halfLoader);
        this.learner = Learner.builder().setModel(new StyleNetTrainingBlock(network, loss))
                .setData(LearnerData.byKey(byKey, byKey)).optLoss(new SummedTerms()).optManager(manager)
                .optLog(log).build();
    }

    private BatchLoader loader(ImageSet images, long seedOffset) {
        // mirrored photos are as good photos; shifted ones would bring black borders, so no padding
        return BatchLoader.builder().setImages(images).setBatchSize(Math.min(training.batchSize(), images.size()))
                .optAugmentation(new Augmentation(0, true)).optNormalization(Normalization.unit(3))
                .optSeed(training.seed() * 31 + seedOffset).build();
    }

    /**
     * The default schedule: {@link ScheduleSpec.OneCycle} with Adam (peak {@code lr}, from and to a tenth of
     * it, 10 % annealing), its phases measured in iterations to add up to the training's, the first on
     * the half-size crops.
     */
    public List<TrainingPhase> defaultPhases() {
        List<TrainingPhase> cycle = new ScheduleSpec.OneCycle(training.lr(), 1, 10, 10, 0.95, 0.85, OptimizerKind.ADAM,
                0, GroupLearningRates.SAME).toPhases();
        List<TrainingPhase> out = new ArrayList<>();
        long total = training.iterations();
        long done = 0;
        for (int i = 0; i < cycle.size(); i++) {
            TrainingPhase p = cycle.get(i);
            double fraction = ((PhaseLength.Epochs) p.length()).count();
            long n = i == cycle.size() - 1 ? total - done : Math.round(fraction * total);
            n = Math.min(n, total - done);
            if (n <= 0) {
                continue;
            }
            done += n;
            out.add(p.length(new PhaseLength.Iterations(n)).data(out.isEmpty() && total > 1 ? HALF : FULL));
        }
        return out;
    }

    /** Batches per epoch (one pass over the crops), what a phases file's epochs are measured in. */
    public int batchesPerEpoch() {
        return learner.data().train(FULL).batchesPerEpoch();
    }

    /** Checks {@code phases} against the data, without training. */
    public TrainingSchedule compile(List<TrainingPhase> phases) {
        return learner.compile(phases);
    }

    /**
     * Trains through {@code phases} (continuing from a {@link #resume}d position when it belongs to
     * them), until their end or until the listener asks to stop.
     */
    public FitResult fit(List<TrainingPhase> phases, Listener listener) {
        long total = compile(phases).totalIterations();
        LearnerCallback callback = new LearnerCallback() {
            @Override
            public void onIterationEnd(Learner l, IterationRecord record) {
                listener.onIteration(StyleNetTrainer.this, record, total);
                if (listener.stopRequested()) {
                    l.requestStop();
                }
            }
        };
        return learner.fit(phases, new FitOptions(false, false, false, true), List.of(callback));
    }

    /** Loads a checkpoint written by {@link #saveCheckpoint} for the same training; the next fit continues it exactly. */
    public void resume(Path checkpoint) throws IOException {
        learner.resume(checkpoint);
    }

    /** Writes the network, the optimizer state and the position to {@code file}, atomically. */
    public void saveCheckpoint(Path file) {
        learner.saveCheckpoint(file);
    }

    /** Iterations trained so far in the current schedule. */
    public long iteration() {
        return learner.position().iteration();
    }

    /** The network being trained (its parameters are the Learner's). */
    public TransformerNetwork network() {
        return network;
    }

    public StyleNetTraining training() {
        return training;
    }

    /** The network's picture of {@code photo} now, in evaluation mode. */
    public RgbImage preview(RgbImage photo) {
        return new StyleNetApplier(network, false, manager).apply(photo);
    }

    @Override
    public void close() {
        learner.close();
    }
}
