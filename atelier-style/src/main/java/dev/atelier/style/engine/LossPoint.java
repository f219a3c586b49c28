package dev.atelier.style.engine;

/**
 * The losses of one evaluation, per batch item, after weighting (so {@code total = content + style +
 * totalVariation}); zero for a term that is switched off.
 *
 * @param evaluation 1-based, as the lesson's {@code n_iter}
 * @param seconds time since the optimisation began
 * @param scale the index of the scale in the run's {@link ScaleLadder}, 0 for the coarsest
 */
public record LossPoint(int evaluation, double seconds, double[] total, double[] content, double[] style,
        double[] totalVariation, int scale) {
    /** The sum over batch items of the total loss: what the optimiser minimises. */
    public double batchTotal() {
        double s = 0;
        for (double v : total) {
            s += v;
        }
        return s;
    }
}
