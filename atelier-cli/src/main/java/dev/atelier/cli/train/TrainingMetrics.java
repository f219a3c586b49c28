package dev.atelier.cli.train;

import dev.atelier.train.learner.EpochResult;
import java.util.List;

/**
 * What {@code --metrics-json} contains: the run's settings, one entry per epoch, and the totals.
 *
 * @param command the command line (to reproduce the run)
 * @param model architecture description
 * @param parameters number of trainable parameters
 * @param threads engine intra-op threads
 * @param epochs per-epoch results
 * @param totals over the whole run (this invocation)
 */
record TrainingMetrics(String command, String model, long parameters, int threads, List<Epoch> epochs, Totals totals) {
    /** One epoch, flattened for plotting tools. */
    record Epoch(int epoch, String data, double trainLoss, double trainAccuracy, Double validLoss,
            Double validAccuracy, double seconds, double validSeconds, long images, double imagesPerSecond) {
        static Epoch of(EpochResult r) {
            return new Epoch(r.epoch(), r.data(), r.trainLoss(), r.trainAccuracy(),
                    r.valid() == null ? null : r.valid().loss(), r.valid() == null ? null : r.valid().accuracy(),
                    r.seconds(), r.validSeconds(), r.images(), r.imagesPerSecond());
        }
    }

    /**
     * @param complete false while training is still running (the file is rewritten after every epoch)
     * @param ttaAccuracy accuracy with mirror test-time augmentation, if asked for
     */
    record Totals(boolean complete, int epochs, long iterations, double trainSeconds, double wallSeconds,
            long images, double imagesPerSecond, double secondsPerEpoch, Double finalValidLoss,
            Double finalValidAccuracy, Double ttaAccuracy) {}
}
