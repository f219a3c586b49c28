package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.learner.Evaluation;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.schedule.TrainingPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import dev.atelier.train.swa.StochasticWeightAveraging;
import dev.atelier.train.swa.SwaFrequency;
import dev.atelier.train.swa.SwaLearningRate;
import dev.atelier.train.swa.SwaStart;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The SWA part of one {@code atelier train} run: checks the options, adds the SWA-lr phases, provides
 * the callback, resumes its state with the Learner's checkpoint and reports the averaged model.
 * Inactive (a no-op at every step) without SWA options.
 */
final class SwaRun {
    private final SwaOptions o;
    private final SwaLearningRate lr;
    private StochasticWeightAveraging swa;

    private SwaRun(SwaOptions o, SwaLearningRate lr) {
        this.o = o;
        this.lr = lr;
    }

    /** Checks the options (before any data is loaded). */
    static SwaRun of(SwaOptions o) {
        if (o == null || !o.enabled()) {
            return new SwaRun(null, null);
        }
        if (o.startEpoch != null && o.startIteration != null) {
            throw new InvalidInputException("give --swa-start or --swa-start-iteration, not both");
        }
        if (o.lr != null && (o.startEpoch != null || o.startIteration != null)) {
            throw new InvalidInputException("--swa-lr adds its own SWA period after the schedule, which is where"
                    + " averaging starts; drop --swa-start/--swa-start-iteration or --swa-lr");
        }
        if (o.epochs < 1) {
            throw new InvalidInputException("--swa-epochs must be at least 1, got " + o.epochs);
        }
        if (o.everyIterations != null) {
            SwaFrequency.everyIterations(o.everyIterations);
        }
        if (o.startEpoch != null) {
            SwaStart.epoch(o.startEpoch);
        }
        if (o.startIteration != null) {
            SwaStart.iteration(o.startIteration);
        }
        return new SwaRun(o, o.lr);
    }

    boolean active() {
        return o != null;
    }

    /**
     * The phases to fit: {@code phases}, plus the SWA period when {@code --swa-lr} is given (same
     * optimizer, momentum and weight decay as the last phase, on its data).
     */
    List<TrainingPhase> extend(List<TrainingPhase> phases, BatchLoader lastData) {
        if (lr == null) {
            return phases;
        }
        long perEpoch = lastData.batchesPerEpoch();
        long cycle = o.everyIterations != null ? o.everyIterations : perEpoch;
        List<TrainingPhase> all = new ArrayList<>(phases);
        all.addAll(lr.phases(phases.get(phases.size() - 1), o.epochs * perEpoch, cycle));
        return List.copyOf(all);
    }

    /**
     * The callback to register (a no-op without SWA). {@code mainPhases} are the phases before
     * {@link #extend}: with {@code --swa-lr} averaging starts where they end.
     */
    LearnerCallback callback(List<TrainingPhase> mainPhases, ToLongFunction<String> batchesPerEpoch, int layerGroups,
            Path checkpointDir) {
        if (!active()) {
            return new LearnerCallback() {};
        }
        long total = TrainingSchedule.compile(mainPhases, batchesPerEpoch, layerGroups).totalIterations();
        SwaStart start;
        if (lr != null) {
            start = SwaStart.iteration(total);
        } else if (o.startIteration != null) {
            if (o.startIteration >= total) {
                throw new InvalidInputException("--swa-start-iteration " + o.startIteration + " is not before the end of"
                        + " the schedule (" + total + " batches): nothing would be averaged");
            }
            start = SwaStart.iteration(o.startIteration);
        } else {
            String key = mainPhases.get(0).data();
            if (mainPhases.stream().allMatch(p -> p.data().equals(key))) {
                long perEpoch = batchesPerEpoch.applyAsLong(key);
                long epochs = (total + perEpoch - 1) / perEpoch;
                if (o.startEpoch > epochs) {
                    throw new InvalidInputException("--swa-start " + o.startEpoch + " is after the last epoch of the"
                            + " schedule (" + epochs + "): nothing would be averaged");
                }
            }
            start = SwaStart.epoch(o.startEpoch);
        }
        swa = StochasticWeightAveraging.builder().setStart(start)
                .optFrequency(o.everyIterations == null ? SwaFrequency.everyEpoch()
                        : SwaFrequency.everyIterations(o.everyIterations))
                .optStateDir(checkpointDir).build();
        return swa;
    }

    /** After {@code learner.resume(checkpoint)}: loads the SWA state written with that checkpoint. */
    void resume(Learner learner, Path checkpoint, PrintWriter out) throws IOException {
        if (swa == null || checkpoint == null) {
            return;
        }
        Path state = StochasticWeightAveraging.stateFileFor(checkpoint);
        if (!Files.isRegularFile(state)) {
            throw new InvalidInputException("--resume with SWA needs the SWA state saved next to the checkpoint ("
                    + state + "); it is written when --checkpoint-dir is given");
        }
        swa.resume(state, learner);
        out.printf(Locale.ROOT, "resumed SWA: %d models averaged so far%n", swa.modelsAveraged());
    }

    /**
     * After the fit: reports the final model's accuracy, puts the average into the model, recomputes
     * its batch-norm statistics over {@code train}, reports its accuracy and saves it if asked.
     *
     * @return the averaged model's evaluation, or null without SWA
     */
    Evaluation finish(Learner learner, BatchLoader train, BatchLoader valid, PrintWriter out) throws IOException {
        if (swa == null) {
            return null;
        }
        Evaluation last = learner.evaluate(valid);
        int bn = swa.applyTo(learner, train);
        Evaluation averaged = learner.evaluate(valid);
        out.printf(Locale.ROOT, "final model:    valid loss %.4f, accuracy %.4f%n", last.loss(), last.accuracy());
        out.printf(Locale.ROOT, "SWA model (%d averaged, %d batch-norm layers recomputed): valid loss %.4f, accuracy %.4f%n",
                swa.modelsAveraged(), bn, averaged.loss(), averaged.accuracy());
        if (o.model != null) {
            AtomicFiles.write(o.model, stream -> learner.block().saveParameters(new DataOutputStream(stream)));
            out.println("saved the SWA model to " + o.model);
        }
        swa.close();
        return averaged;
    }
}
