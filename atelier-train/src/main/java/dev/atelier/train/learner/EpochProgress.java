package dev.atelier.train.learner;

/**
 * Where training stands inside the current epoch, after a batch: for progress displays.
 *
 * @param epoch the epoch number (from 1, over the whole fit)
 * @param batch batches of this epoch done, from 1
 * @param batchesPerEpoch batches in an epoch of the dataset being trained
 * @param loss mean training loss of this epoch's batches so far
 * @param accuracy training accuracy of this epoch's batches so far
 * @param lastBatch true after the epoch's (or the schedule's) last batch, before its validation
 */
public record EpochProgress(int epoch, long batch, long batchesPerEpoch, double loss, double accuracy,
        boolean lastBatch) {}
