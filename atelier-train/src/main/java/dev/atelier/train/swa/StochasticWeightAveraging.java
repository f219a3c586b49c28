package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.learner.EpochResult;
import dev.atelier.train.learner.IterationRecord;
import dev.atelier.train.learner.Learner;
import dev.atelier.train.learner.LearnerCallback;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Stochastic weight averaging as a {@link LearnerCallback}: from the SWA start on, keeps the
 * equal-weight average of the model's weights, taken at every epoch end (default) or every N batches.
 * Register it on the Learner's builder; after the fit, {@link #applyTo} puts the average into the
 * model and recomputes its batch-norm statistics, ready to evaluate and save.
 *
 * <pre>{@code
 * var swa = StochasticWeightAveraging.builder().setStart(SwaStart.epoch(3)).build();
 * try (Learner learner = Learner.builder()...addCallback(swa).build()) {
 *     learner.fit(phases);
 *     Evaluation last = learner.evaluate(valid);
 *     swa.applyTo(learner, train);
 *     Evaluation averaged = learner.evaluate(valid);
 * }
 * }</pre>
 *
 * <p>With {@link Builder#optStateDir}, the accumulator is written at every epoch end next to the
 * Learner's checkpoints ({@code swa-epoch-NNN.state} and {@code swa-last.state}, see
 * {@link #stateFileFor}), so {@link #resume} after {@code learner.resume} continues the average
 * exactly.
 */
public final class StochasticWeightAveraging implements LearnerCallback, AutoCloseable {
    /** File name of the accumulator written at each epoch end, next to the Learner's {@code last.ckpt}. */
    public static final String STATE_FILE = "swa-last.state";

    private final SwaStart start;
    private final SwaFrequency frequency;
    private final Path stateDir;
    private SwaAverager averager;
    private SwaPlan plan;

    private StochasticWeightAveraging(Builder b) {
        this.start = b.start;
        this.frequency = b.frequency;
        this.stateDir = b.stateDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many models the average holds so far. */
    public long modelsAveraged() {
        return averager == null ? 0 : averager.modelsAveraged();
    }

    /** The first batch of the SWA period, once known. */
    public long startIteration() {
        return plan == null ? -1 : plan.startIteration();
    }

    @Override
    public void onFitStart(Learner learner, TrainingSchedule schedule) {
        if (averager == null) {
            averager = SwaAverager.create(learner.manager());
        }
        if (plan == null) {
            if (start instanceof SwaStart.AtIteration at) {
                plan = new SwaPlan(at.iteration(), frequency);
            } else if (start instanceof SwaStart.AtEpoch at && at.epoch() == 1) {
                plan = new SwaPlan(0, frequency);
            }
        }
    }

    @Override
    public void onIterationEnd(Learner learner, IterationRecord record) {
        if (plan != null && plan.updateAfterBatch(record.iteration() + 1)) {
            averager.update(learner.block());
        }
    }

    @Override
    public void onEpochEnd(Learner learner, EpochResult epoch) {
        long done = learner.position().iteration();
        if (plan == null && start instanceof SwaStart.AtEpoch at && epoch.epoch() == at.epoch() - 1) {
            plan = new SwaPlan(done, frequency);
        }
        if (plan != null && plan.updateAtEpochEnd(done)) {
            averager.update(learner.block());
        }
        if (stateDir != null) {
            try {
                SwaCheckpoint state = new SwaCheckpoint(done, startIteration(), averager.toStateDict());
                state.write(stateDir.resolve(String.format(Locale.ROOT, "swa-epoch-%03d.state", epoch.epoch())));
                state.write(stateDir.resolve(STATE_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write SWA state in " + stateDir, e);
            }
        }
    }

    /**
     * The SWA state written with a Learner checkpoint: {@code swa-epoch-NNN.state} for
     * {@code epoch-NNN.ckpt}, {@code swa-last.state} for any other name, in the same folder.
     */
    public static Path stateFileFor(Path learnerCheckpoint) {
        String name = learnerCheckpoint.getFileName().toString();
        String state = name.matches("epoch-\\d+\\.ckpt") ? "swa-" + name.replace(".ckpt", ".state") : STATE_FILE;
        Path dir = learnerCheckpoint.toAbsolutePath().getParent();
        return dir.resolve(state);
    }

    /**
     * Continues from an accumulator written with the Learner checkpoint the learner was just resumed
     * from.
     *
     * @throws InvalidInputException if the two were written at different iterations
     */
    public void resume(Path stateFile, Learner learner) throws IOException {
        SwaCheckpoint state = SwaCheckpoint.read(stateFile);
        if (state.iteration() != learner.position().iteration()) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "SWA state %s was written at iteration %d but the learner resumed at iteration %d; "
                            + "use the SWA state saved with the same checkpoint",
                    stateFile, state.iteration(), learner.position().iteration()));
        }
        if (averager != null) {
            averager.close();
        }
        averager = state.averager(learner.manager());
        plan = state.startIteration() < 0 ? null : new SwaPlan(state.startIteration(), frequency);
    }

    /**
     * Replaces the model's weights with the average and recomputes its batch-norm statistics with one
     * pass over {@code bnData} (see {@link BatchNormRecalibration}).
     *
     * @return the number of batch-norm layers recalibrated
     * @throws InvalidInputException if no model has been averaged (the SWA start was never reached)
     */
    public int applyTo(Learner learner, BatchLoader bnData) {
        if (modelsAveraged() == 0) {
            throw new InvalidInputException("SWA averaged no model: the fit ended before the SWA start ("
                    + start + ")");
        }
        averager.copyInto(learner.block());
        return BatchNormRecalibration.recompute(learner.block(), bnData, learner.manager());
    }

    @Override
    public void close() {
        if (averager != null) {
            averager.close();
        }
    }

    /** Builder: {@code setStart} is required. */
    public static final class Builder {
        private SwaStart start;
        private SwaFrequency frequency = SwaFrequency.everyEpoch();
        private Path stateDir;

        private Builder() {}

        public Builder setStart(SwaStart start) {
            this.start = start;
            return this;
        }

        /** Default: every epoch. */
        public Builder optFrequency(SwaFrequency frequency) {
            this.frequency = frequency;
            return this;
        }

        /** Write the accumulator here at every epoch end (use the Learner's checkpoint folder). */
        public Builder optStateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public StochasticWeightAveraging build() {
            Objects.requireNonNull(start, "setStart is required");
            Objects.requireNonNull(frequency, "frequency");
            return new StochasticWeightAveraging(this);
        }
    }
}
