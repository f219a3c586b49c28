package dev.atelier.train.learner;

import java.util.List;

/**
 * What {@link Learner#fit} did.
 *
 * @param epochs every epoch finished during this call
 * @param iterations batches trained during this call
 * @param seconds training seconds (validation excluded) during this call
 * @param images images trained on during this call
 * @param stopped true if a callback asked to stop before the schedule ended
 * @param last the last validation result (null if none ran)
 */
public record FitResult(List<EpochResult> epochs, long iterations, double seconds, long images, boolean stopped,
        Evaluation last) {
    public FitResult {
        epochs = List.copyOf(epochs);
    }

    /** Images per second of training time over the whole call. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
