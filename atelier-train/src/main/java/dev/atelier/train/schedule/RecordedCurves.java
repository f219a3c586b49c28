package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;

/**
 * The learning rates and momentum a run actually trained with, one entry per batch, as recorded by
 * the learner: what {@link SchedulePlot#chart(RecordedCurves)} draws next to the planned schedule.
 *
 * @param iterations the iteration of each batch
 * @param phases the phase of each batch (from 1)
 * @param lr {@code lr[g][i]}: layer group {@code g}'s learning rate at batch {@code i}
 * @param momentum momentum (β1) at each batch
 */
public record RecordedCurves(long[] iterations, int[] phases, double[][] lr, double[] momentum) {
    public RecordedCurves {
        int n = iterations.length;
        if (phases.length != n || momentum.length != n || lr.length == 0) {
            throw new InvalidInputException("a run's curves need one phase, momentum and lr per batch and at least"
                    + " one layer group");
        }
        for (double[] group : lr) {
            if (group.length != n) {
                throw new InvalidInputException("a run's curves need one lr per batch for every layer group");
            }
        }
    }

    /** Number of batches. */
    public int size() {
        return iterations.length;
    }

    /** Number of layer groups. */
    public int layerGroups() {
        return lr.length;
    }
}
