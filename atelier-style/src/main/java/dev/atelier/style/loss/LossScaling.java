package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Every fixed scaling factor of the losses, in one place: the lesson's ×1e6 factors and the relative
 * normalisation. A term asks this object how to scale its statistic and what to divide its squared
 * error by; the user's weights come on top (see {@link WeightedLoss}).
 *
 * <ul>
 *   <li>{@link LossNormalization#LESSON13}: content = MSE(F, F_c)·1e6 (·1e3 when reconstructing content
 *       alone); style = Σ_layers MSE(G·1e6, G_s·1e6), G = F·Fᵀ/numel. Exactly the lesson's notebook and
 *       the fixed judge.</li>
 *   <li>{@link LossNormalization#RELATIVE}: each layer's squared error divided by the mean square of its
 *       own target, so every layer contributes on the same scale whatever its depth, the image size or
 *       the weights.</li>
 * </ul>
 * The mean-and-covariance (Wasserstein) style term is always relative: the lesson has no factor for it.
 */
public final class LossScaling {
    /** The lesson's factor on Gram matrices (and on content MSE in transfer). */
    public static final double LESSON_FACTOR = 1e6;
    /** The lesson's content factor when reconstructing content alone. */
    public static final double LESSON_CONTENT_ONLY_FACTOR = 1e3;
    private static final double FLOOR = 1e-30;

    private final LossNormalization normalization;
    private final double lessonContentFactor;

    private LossScaling(LossNormalization normalization, double lessonContentFactor) {
        this.normalization = normalization;
        this.lessonContentFactor = lessonContentFactor;
    }

    /**
     * @param normalization the recipe's normalisation
     * @param contentOnly true when the run reconstructs content alone (the lesson then uses ×1e3)
     */
    public static LossScaling of(LossNormalization normalization, boolean contentOnly) {
        return new LossScaling(normalization,
                contentOnly ? LESSON_CONTENT_ONLY_FACTOR : LESSON_FACTOR);
    }

    public LossNormalization normalization() {
        return normalization;
    }

    /** The divisor of each item's content MSE at a layer, shape (N), owned by {@code manager}. */
    public NDArray contentDivisor(NDArray targetFeatures, NDManager manager) {
        NDArray d;
        if (normalization == LossNormalization.RELATIVE) {
            d = MeanSquare.perItem(targetFeatures).maximum(1e-12);
        } else {
            d = manager.full(new Shape(targetFeatures.getShape().get(0)), (float) (1.0 / lessonContentFactor),
                    targetFeatures.getDataType());
        }
        d.attach(manager);
        return d;
    }

    /** The factor Gram-type statistics are multiplied by before their squared error. */
    public double statisticFactor() {
        return normalization == LossNormalization.LESSON13 ? LESSON_FACTOR : 1.0;
    }

    /** The divisor of a (scaled) statistic's squared error, given the scaled target statistic. */
    public double statisticDivisor(NDArray scaledTarget) {
        return normalization == LossNormalization.RELATIVE ? Math.max(MeanSquare.of(scaledTarget), FLOOR) : 1.0;
    }

    /** The divisor of a relative-only term whose target's own size is {@code targetSize}. */
    public static double relativeDivisor(double targetSize) {
        return Math.max(targetSize, FLOOR);
    }
}
