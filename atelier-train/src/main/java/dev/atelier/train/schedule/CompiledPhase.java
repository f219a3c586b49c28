package dev.atelier.train.schedule;

import dev.atelier.train.optim.HyperParameters;
import java.util.List;

/**
 * A {@link TrainingPhase} placed on the iteration axis: it trains batches
 * {@code [startIteration, endIteration())} of the whole schedule, with every hyper-parameter
 * resolved for the model's layer groups.
 *
 * <p>Batch {@code k} of the phase ({@code 0 ≤ k < n}) trains with the value at {@code pos = k/n}: the
 * first batch uses the start value, and the end value is where the curve arrives at {@code pos = 1},
 * i.e. at the first batch of the next phase (fastai's convention). Phases that meet continuously, like
 * 1cycle's, therefore never repeat or skip a value at a boundary.
 *
 * @param index position in the schedule, from 0
 * @param phase the phase as the user wrote it
 * @param startIteration the phase's first batch in the whole schedule
 * @param iterations its length in batches, at least 1
 * @param batchesPerEpoch batches in one epoch of the phase's dataset (0 for iteration-length phases
 *     whose dataset size was not asked for)
 * @param learningRates one schedule per layer group
 * @param momentum momentum (β1) schedule, defaults resolved
 * @param weightDecay weight decay schedule
 */
public record CompiledPhase(
        int index,
        TrainingPhase phase,
        long startIteration,
        long iterations,
        long batchesPerEpoch,
        List<ScheduledValue> learningRates,
        ScheduledValue momentum,
        ScheduledValue weightDecay) {

    public CompiledPhase {
        learningRates = List.copyOf(learningRates);
    }

    /** One past the phase's last batch: the next phase's {@link #startIteration}. */
    public long endIteration() {
        return startIteration + iterations;
    }

    /** The dataset key this phase trains on. */
    public String data() {
        return phase.data();
    }

    /** True if {@code iteration} (schedule-wide) is one of this phase's batches. */
    public boolean contains(long iteration) {
        return iteration >= startIteration && iteration < endIteration();
    }

    /**
     * Hyper-parameters for batch {@code k} of this phase, {@code 0 ≤ k ≤ n}; {@code k = n} gives the end
     * values (no batch trains with them in this phase).
     */
    public HyperParameters valueAt(long k) {
        if (k < 0 || k > iterations) {
            throw new IllegalArgumentException("iteration " + k + " is outside phase " + index + " (0.." + iterations + ")");
        }
        double pos = (double) k / iterations;
        double[] lr = new double[learningRates.size()];
        for (int g = 0; g < lr.length; g++) {
            lr[g] = learningRates.get(g).at(pos);
        }
        return new HyperParameters(phase.optimizer(), phase.options(), lr, momentum.at(pos), weightDecay.at(pos),
                index, k, startIteration + k);
    }
}
