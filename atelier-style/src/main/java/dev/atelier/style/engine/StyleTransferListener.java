package dev.atelier.style.engine;

import dev.atelier.style.image.RgbImage;
import java.util.List;

/** Follows a run: progress bars, previews, snapshots, Ctrl-C. Every method has a do-nothing default. */
public interface StyleTransferListener {
    /** The run is set up and about to optimise {@code maxEvaluations} in all, at a final {@code width x height}. */
    default void onStart(int maxEvaluations, int width, int height, int batch) {}

    /** A scale of the ladder begins: {@code index} of {@code count}, its size and evaluation budget. */
    default void onScale(int index, int count, int width, int height, int evaluations) {}

    /** The scale that just began ({@link #onScale}) is optimised in tiles, as described. */
    default void onTiling(ScaleTiling tiling) {}

    /** After every evaluation. */
    default void onEvaluation(LossPoint point) {}

    /**
     * A scale is done: its result, one image per batch item. The coarsest scale's result is the run's
     * first preview.
     */
    default void onScaleFinished(int index, List<RgbImage> images) {}

    /** Every {@code saveEvery} evaluations: the images just evaluated, one per batch item. */
    default void onSnapshot(int evaluation, List<RgbImage> images) {}

    /** Asked after every evaluation; true stops the run, keeping the best images so far. */
    default boolean stopRequested() {
        return false;
    }
}
