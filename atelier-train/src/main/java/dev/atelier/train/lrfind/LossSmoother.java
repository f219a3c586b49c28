package dev.atelier.train.lrfind;

/**
 * Exponential moving average of the loss with bias correction, as fastai smooths the loss it plots
 * and stops on.
 *
 * <p>After losses {@code l_1..l_t}: {@code avg_t = beta*avg_{t-1} + (1-beta)*l_t} with
 * {@code avg_0 = 0}, and the smoothed loss is {@code avg_t / (1 - beta^t)}. The correction removes
 * the pull towards 0 of the zero start, so the first smoothed value equals the first loss.
 */
public final class LossSmoother {
    /** fastai's smoothing factor. */
    public static final double DEFAULT_BETA = 0.98;

    private final double beta;
    private double average;
    private double betaPower = 1;

    public LossSmoother(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
        }
        this.beta = beta;
    }

    public LossSmoother() {
        this(DEFAULT_BETA);
    }

    /** Adds one loss and returns the smoothed loss including it. */
    public double add(double loss) {
        average = beta * average + (1 - beta) * loss;
        betaPower *= beta;
        return average / (1 - betaPower);
    }
}
