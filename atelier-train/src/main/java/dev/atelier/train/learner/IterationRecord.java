package dev.atelier.train.learner;

/**
 * What one training batch did: the values the {@link Recorder} keeps for plots.
 *
 * @param iteration batch index in the schedule
 * @param phase phase index
 * @param lr learning rate of each layer group
 * @param momentum momentum (β1 for Adam types)
 * @param loss the batch's training loss
 */
public record IterationRecord(long iteration, int phase, double[] lr, double momentum, double loss) {
    public IterationRecord {
        lr = lr.clone();
    }

    @Override
    public double[] lr() {
        return lr.clone();
    }
}
