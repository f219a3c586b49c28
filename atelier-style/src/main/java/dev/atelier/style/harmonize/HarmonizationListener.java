package dev.atelier.style.harmonize;

import dev.atelier.style.image.RgbImage;

/** Watches a harmonisation: its passes, each evaluation, and whether to stop early. */
public interface HarmonizationListener {
    HarmonizationListener NONE = new HarmonizationListener() {};

    /** A pass (1 or 2) starts, with up to {@code evaluations} evaluations. */
    default void onPass(int pass, int evaluations) {}

    /** After each evaluation; {@code evaluation} counts from 1 within the pass. */
    default void onEvaluation(int pass, int evaluation, double loss) {}

    /** A pass ended with this (unblended) image. */
    default void onPassFinished(int pass, RgbImage image) {}

    /** Asked after every evaluation: true ends the current pass and skips what remains (the result is kept). */
    default boolean stopRequested() {
        return false;
    }
}
