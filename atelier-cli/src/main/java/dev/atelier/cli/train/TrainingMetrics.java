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
 * @param precision the compute precision (fp32, bf16, fp16)
 * @param epochs per-epoch results
 * @param totals over the whole run (this invocation)
 * @param iterations what every batch trained with (all of the run's, those before a resume included):
 *     what {@code atelier schedule plot --run} draws
 */
record TrainingMetrics(String command, String model, long parameters, int threads, String precision,
        List<Epoch> epochs, Totals totals, List<Iteration> iterations) {
    /** One batch: its iteration, phase (from 1), lr of each layer group, momentum (beta1) and loss. */
    record Iteration(long iteration, int phase, double[] lr, double momentum, double loss) {
        static Iteration of(dev.atelier.train.learner.IterationRecord r) {
            return new Iteration(r.iteration(), r.phase() + 1, r.lr(), r.momentum(), r.loss());
        }
    }

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
