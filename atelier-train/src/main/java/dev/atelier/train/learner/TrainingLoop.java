package dev.atelier.train.learner;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.Batch;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.schedule.CompiledPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The loop of one {@link Learner#fit}: for each batch of the compiled schedule, ask it for the
 * hyper-parameters, train the batch ({@link BatchStep}), record it, and at each epoch's end validate
 * ({@link Evaluator}) and checkpoint ({@link LearnerCheckpoints}); callbacks hear about every step.
 */
final class TrainingLoop {
    private final Learner learner;
    private final BatchStep step;
    private final Evaluator evaluator;
    private final LearnerCheckpoints checkpoints;
    private final Path checkpointDir;
    private final Consumer<String> log;

    TrainingLoop(Learner learner, BatchStep step, Evaluator evaluator, LearnerCheckpoints checkpoints,
            Path checkpointDir, Consumer<String> log) {
        this.learner = learner;
        this.step = step;
        this.evaluator = evaluator;
        this.checkpoints = checkpoints;
        this.checkpointDir = checkpointDir;
        this.log = log;
    }

    FitResult fit(TrainingSchedule schedule, FitOptions options, List<LearnerCallback> callbacks,
            boolean resumedFromCheckpoint) {
        String fingerprint = schedule.fingerprint();
        LearnerData data = learner.data();
        for (CompiledPhase p : schedule.phases()) {
            data.train(p.data());
            if (options.validate()) {
                data.valid(p.data());
            }
        }
        TrainingPosition position = learner.position();
        if (resumedFromCheckpoint && !position.schedule().equals(fingerprint)) {
            throw new InvalidInputException("the checkpoint was written for another schedule; resume with the same"
                    + " phases (same schedule, learning rates, epochs, batch size and phases file)");
        }
        if (resumedFromCheckpoint && position.iteration() >= schedule.totalIterations()) {
            throw new InvalidInputException("the checkpoint is at the end of its schedule (iteration "
                    + position.iteration() + "); there is nothing left to resume");
        }
        if (!position.schedule().equals(fingerprint) || position.iteration() >= schedule.totalIterations()) {
            learner.moveTo(new TrainingPosition(fingerprint, 0, position.cursors(), 0));
        } else if (position.iteration() > 0) {
            log.accept(String.format(Locale.ROOT, "resuming at iteration %d of %d (phase %d)", position.iteration(),
                    schedule.totalIterations(), schedule.phaseIndexAt(position.iteration()) + 1));
        }
        for (LearnerCallback c : callbacks) {
            c.onFitStart(learner, schedule);
        }
        List<EpochResult> epochs = new ArrayList<>();
        EpochAccumulator acc = new EpochAccumulator();
        long trainedIterations = 0;
        double trainSeconds = 0;
        long trainedImages = 0;
        Evaluation last = null;
        long startIteration = learner.position().iteration();
        HyperParameters previous = startIteration > 0 ? schedule.valueAt(startIteration - 1) : null;
        int currentPhase = -1;
        while (learner.position().iteration() < schedule.totalIterations() && !learner.stopRequested()) {
            TrainingPosition at = learner.position();
            long it = at.iteration();
            HyperParameters hp = schedule.valueAt(it);
            CompiledPhase phase = schedule.phases().get(hp.phaseIndex());
            if (hp.phaseIndex() != currentPhase) {
                currentPhase = hp.phaseIndex();
                enterPhase(schedule, phase, previous, hp, callbacks);
            }
            BatchLoader loader = data.train(phase.data());
            learner.rememberSeed(phase.data(), loader.seed());
            DataCursor cursor = at.cursor(phase.data());
            long t0 = System.nanoTime();
            BatchStep.Outcome outcome;
            int n;
            try (NDManager sub = learner.manager().newSubManager()) {
                Batch batch = loader.batch(sub, cursor.epoch(), cursor.batch());
                n = batch.size();
                outcome = step.train(sub, batch, hp);
            }
            double batchLoss = outcome.loss();
            if (options.stopOnNonFinite() && !Double.isFinite(batchLoss)) {
                throw diverged("training loss", batchLoss, hp.phaseIndex(), it, at.epochsCompleted() + 1);
            }
            double dt = (System.nanoTime() - t0) / 1e9;
            acc.add(batchLoss, outcome.correct(), n);
            acc.addSeconds(dt);
            trainSeconds += dt;
            trainedImages += n;
            trainedIterations++;
            IterationRecord rec = new IterationRecord(it, hp.phaseIndex(), hp.lr(), hp.momentum(), batchLoss);
            learner.recorder().add(rec);
            previous = hp;
            DataCursor next = cursor.next(loader.batchesPerEpoch());
            boolean epochEnd = next.epoch() != cursor.epoch();
            boolean scheduleEnd = it + 1 == schedule.totalIterations();
            int epochsDone = at.epochsCompleted() + (epochEnd ? 1 : 0);
            learner.moveTo(at.with(phase.data(), next, it + 1, epochsDone));
            EpochProgress progress = new EpochProgress(at.epochsCompleted() + 1, cursor.batch() + 1L,
                    loader.batchesPerEpoch(), acc.loss(), acc.accuracy(), epochEnd || scheduleEnd);
            for (LearnerCallback c : callbacks) {
                c.onIterationEnd(learner, rec);
                c.onProgress(learner, progress);
            }
            if (epochEnd || scheduleEnd) {
                EpochResult result = endEpoch(options, phase.data(), epochEnd ? epochsDone : epochsDone + 1, acc,
                        hp.phaseIndex(), it);
                acc = new EpochAccumulator();
                epochs.add(result);
                if (result.valid() != null) {
                    last = result.valid();
                }
                for (LearnerCallback c : callbacks) {
                    c.onEpochEnd(learner, result);
                }
            }
        }
        if (step.scaler() != null && step.scaler().skippedSteps() > 0) {
            log.accept(String.format(Locale.ROOT, "fp16 loss scaling: %d steps skipped on overflow so far, scale now %s",
                    step.scaler().skippedSteps(), step.scaler().scale()));
        }
        FitResult result = new FitResult(epochs, trainedIterations, trainSeconds, trainedImages,
                learner.stopRequested(), last);
        for (LearnerCallback c : callbacks) {
            c.onFitEnd(learner, result);
        }
        return result;
    }

    private void enterPhase(TrainingSchedule schedule, CompiledPhase phase, HyperParameters previous,
            HyperParameters hp, List<LearnerCallback> callbacks) {
        log.accept(String.format(Locale.ROOT, "phase %d/%d: iterations %d..%d: %s", phase.index() + 1,
                schedule.phases().size(), phase.startIteration(), phase.endIteration() - 1, phase.phase().describe()));
        if (previous != null && previous.optimizer() != hp.optimizer()) {
            var policy = phase.phase().switchPolicy();
            for (var p : learner.trainable().named()) {
                policy.apply(learner.optimizerState(p.getKey()), previous, hp);
            }
            log.accept(policy.describe(previous, hp));
        }
        for (LearnerCallback c : callbacks) {
            c.onPhaseStart(learner, phase);
        }
    }

    private EpochResult endEpoch(FitOptions options, String key, int epochNumber, EpochAccumulator acc, int phase,
            long iteration) {
        Evaluation valid = null;
        double validSeconds = 0;
        if (options.validate()) {
            long t0 = System.nanoTime();
            valid = evaluator.evaluate(learner.data().valid(key), false);
            validSeconds = (System.nanoTime() - t0) / 1e9;
            // a finite last batch can still leave non-finite weights behind: never checkpoint those
            if (options.stopOnNonFinite() && !Double.isFinite(valid.loss())) {
                throw diverged("validation loss", valid.loss(), phase, iteration, epochNumber);
            }
        }
        EpochResult result = new EpochResult(epochNumber, key, acc.loss(), acc.accuracy(), valid, acc.seconds(),
                validSeconds, acc.images());
        learner.recorder().add(result);
        log.accept(String.format(Locale.ROOT, "epoch %d (%s): train loss %.4f acc %.4f%s | %.1f s, %.0f images/s",
                epochNumber, key, result.trainLoss(), result.trainAccuracy(),
                valid == null ? "" : String.format(Locale.ROOT, " | valid loss %.4f acc %.4f", valid.loss(), valid.accuracy()),
                result.seconds(), result.imagesPerSecond()));
        if (options.checkpoint() && checkpointDir != null) {
            checkpoints.writeEpoch(checkpointDir, epochNumber);
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
}
