package dev.atelier.train.swa;

/**
 * When stochastic weight averaging takes in the weights, on a fit's iteration axis: pure answers to
 * "is batch k in the SWA period, and is the average updated after it?".
 *
 * @param startIteration batches trained before the SWA period
 * @param frequency when the average takes in the weights
 */
public record SwaPlan(long startIteration, SwaFrequency frequency) {
    public SwaPlan {
        if (startIteration < 0) {
            throw new IllegalArgumentException("start iteration must be >= 0");
        }
    }

    /** True if batch {@code iteration} (from 0) trains in the SWA period. */
    public boolean inPeriod(long iteration) {
        return iteration >= startIteration;
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
