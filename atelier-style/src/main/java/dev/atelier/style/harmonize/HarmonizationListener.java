package dev.atelier.style.harmonize;

import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.image.RgbImage;

/**
 * Watches a harmonisation. It reports what a style transfer reports, so the same progress bars, previews,
 * snapshots and studio listeners follow both: the start, each scale of the coarse-to-fine ladder, each
 * evaluation (numbered across the whole run, with its scale), each scale's result (blended into the
 * painting; the coarsest is the first preview) and snapshots. On top of that, the two passes each scale runs.
 */
public interface HarmonizationListener extends StyleTransferListener {
    HarmonizationListener NONE = new HarmonizationListener() {};

    /** Pass {@code pass} (1 or 2) of scale {@code scale} (0 = the coarsest) starts, with up to {@code evaluations}. */
    default void onPass(int scale, int pass, int evaluations) {}

    /** A pass ended with this image (unblended, before post-processing), at its scale's size. */
    default void onPassFinished(int scale, int pass, RgbImage image) {}

    /**
     * Right after {@link #onPassFinished}: the same image clipped and blended into the painting at its scale
     * with the scale's tight mask, as the per-scale previews are (without their chroma filter), for showing.
     */
    default void onPassBlended(int scale, int pass, RgbImage blended) {}
}
