package dev.atelier.style.engine;

import dev.atelier.style.image.RgbImage;
import dev.atelier.style.optim.StopReason;
import java.util.List;

/**
 * What a run produced.
 *
 * @param images the best image for each batch item, in input order
 * @param curve the losses of every evaluation
 * @param best per batch item, the evaluation its image comes from (null if none was finite)
 * @param reason why the optimiser stopped; {@link StopReason#NON_FINITE_LOSS} means the images are the
 *     last good ones before the loss became NaN or infinite
 * @param setupSeconds time to build the network and compute the targets
 * @param optimizeSeconds time spent optimising
 * @param judged per batch item, the {@link StyleJudge}'s losses of the image as written (null entries when
 *     the run has no single unmasked style and content to judge against, or its finest scale was tiled)
 * @param tiling the scales that were optimised in tiles, and how (empty when none was)
 */
public record StyleTransferResult(List<RgbImage> images, List<LossPoint> curve, List<LossPoint> best, StopReason reason,
        double setupSeconds, double optimizeSeconds, List<JudgeLosses> judged, List<ScaleTiling> tiling) {
    public int evaluations() {
        return curve.size();
    }

    public double secondsPerEvaluation() {
        return curve.isEmpty() ? Double.NaN : optimizeSeconds / curve.size();
    }
}
