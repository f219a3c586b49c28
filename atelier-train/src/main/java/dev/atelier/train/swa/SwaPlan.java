package dev.atelier.train.swa;

import dev.atelier.core.InvalidInputException;
import java.util.OptionalDouble;

/**
 * Stochastic weight averaging laid out on a fit's iteration axis: pure answers to "is batch k in the
 * SWA period, with which learning rate, and is the average updated after it?".
 *
 * @param startIteration batches trained before the SWA period
 * @param totalIterations batches of the whole fit
 * @param frequency when the average takes in the weights
 * @param lr learning rate during the period
 * @param cycleIterations the averaging period in batches (for {@link SwaLearningRate.Cyclic}):
 *     {@link SwaFrequency.EveryIterations#iterations()} or the batches of one epoch
 */
public record SwaPlan(
        long startIteration, long totalIterations, SwaFrequency frequency, SwaLearningRate lr, long cycleIterations) {
    public SwaPlan {
        if (startIteration >= totalIterations) {
            throw new InvalidInputException("SWA starts after batch " + startIteration
                    + " but the fit has only " + totalIterations + " batches");
        }
        if (cycleIterations < 1) {
            throw new IllegalArgumentException("cycle must be at least 1 iteration");
        }
    }

    /** True if batch {@code iteration} (from 0) trains in the SWA period. */
    public boolean inPeriod(long iteration) {
        return iteration >= startIteration;
    }

    /** The learning rate batch {@code iteration} trains with, if SWA overrides the fit's schedule. */
    public OptionalDouble lrAt(long iteration) {
        if (!inPeriod(iteration)) {
            return OptionalDouble.empty();
        }
        if (lr instanceof SwaLearningRate.Constant c) {
            return OptionalDouble.of(c.lr());
        }
        if (lr instanceof SwaLearningRate.Cyclic c) {
            long j = (iteration - startIteration) % cycleIterations;
            double t = (double) (j + 1) / cycleIterations;
            return OptionalDouble.of((1 - t) * c.max() + t * c.min());
        }
        return OptionalDouble.empty();
    }

    /** With per-iteration averaging: whether to update the average once {@code iterationsDone} batches are done. */
    public boolean updateAfterBatch(long iterationsDone) {
        return frequency instanceof SwaFrequency.EveryIterations every
                && iterationsDone > startIteration
                && (iterationsDone - startIteration) % every.iterations() == 0;
    }

    /** With per-epoch averaging: whether to update at an epoch end reached after {@code iterationsDone} batches. */
    public boolean updateAtEpochEnd(long iterationsDone) {
        return frequency instanceof SwaFrequency.EveryEpoch && iterationsDone > startIteration;
    }
}
