package dev.atelier.train.lrfind;

/** Trains on one batch at a given learning rate and reports that batch's loss. */
@FunctionalInterface
public interface LrTrainingStep {
    /**
     * @param iteration 0-based iteration of the range test
     * @param lr learning rate for this batch
     * @return the batch's training loss (before the update, as usual)
     */
    double train(int iteration, double lr);
}
