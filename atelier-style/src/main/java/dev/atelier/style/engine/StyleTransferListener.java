package dev.atelier.style.engine;

import dev.atelier.style.image.RgbImage;
import java.util.List;

/** Follows a run: progress bars, snapshots, Ctrl-C. Every method has a do-nothing default. */
public interface StyleTransferListener {
    /** The run is set up (targets computed) and about to optimise. */
    default void onStart(int maxEvaluations, int width, int height, int batch) {}

    /** After every evaluation. */
    default void onEvaluation(LossPoint point) {}

    /** Every {@code saveEvery} evaluations: the images just evaluated, one per batch item. */
    default void onSnapshot(int evaluation, List<RgbImage> images) {}

    /** Asked after every evaluation; true stops the run, keeping the best images so far. */
    default boolean stopRequested() {
        return false;
    }
}
