package dev.atelier.train.learner;

/**
 * One finished epoch of a fit.
 *
 * @param epoch epoch number within the fit, from 1
 * @param data the dataset key trained on
 * @param trainLoss mean training loss over the epoch's batches (weighted by batch size)
 * @param trainAccuracy training accuracy over the epoch (with augmentation, in training mode)
 * @param valid validation result after the epoch
 * @param seconds wall-clock seconds of training (validation excluded)
 * @param validSeconds wall-clock seconds of validation
 * @param images images trained on in the epoch
 */
public record EpochResult(int epoch, String data, double trainLoss, double trainAccuracy, Evaluation valid,
        double seconds, double validSeconds, long images) {
    /** Training throughput: images per second of training time. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
