package dev.atelier.train.lrfind;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;

/**
 * When a range test stops because the loss has diverged.
 *
 * <p>After iteration {@code t} (1-based count of iterations done) with smoothed loss {@code s_t} and
 * best (smallest) smoothed loss so far {@code b_t = min(s_1..s_t)}, the test stops if
 * <ul>
 *   <li>{@code s_t} is NaN or infinite (at any iteration: the weights are no longer usable), or</li>
 *   <li>{@code t >= minIterations} and {@code s_t > factor * b_t}.</li>
 * </ul>
 * The iteration that triggers the stop is recorded (it is the evidence of divergence); no further
 * iteration runs.
 *
 * @param factor divergence threshold relative to the best smoothed loss (fastai: 4), &gt; 1
 * @param minIterations iterations before the factor test may stop the run, &ge; 1
 * @param enabled false to run every iteration whatever the loss (non-finite losses still stop)
 */
public record StopDiv(double factor, int minIterations, boolean enabled) {
    /** fastai's threshold. */
    public static final double DEFAULT_FACTOR = 4;

    /** @throws SettingException ({@code stop_div}) for a factor that is not a number above 1 */
    public StopDiv {
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new SettingException("stop_div", "must be a number above 1, got " + factor);
        }
        if (minIterations < 1) {
            throw new InvalidInputException("stop-div minimum iterations must be at least 1, got " + minIterations);
        }
    }

    /** Stop when the smoothed loss exceeds 4x its best, checked from the first iteration (fastai). */
    public static StopDiv defaults() {
        return new StopDiv(DEFAULT_FACTOR, 1, true);
    }

    /** Stop when the smoothed loss exceeds {@code factor} times its best. */
    public static StopDiv factor(double factor) {
        return new StopDiv(factor, 1, true);
    }

    /** Never stop early, except on a non-finite loss. */
    public static StopDiv never() {
        return new StopDiv(DEFAULT_FACTOR, 1, false);
    }

    /** The same rule, not applied before {@code minIterations} iterations are done. */
    public StopDiv withMinIterations(int minIterations) {
        return new StopDiv(factor, minIterations, enabled);
    }

    /**
     * Whether to stop after {@code iterationsDone} iterations whose latest smoothed loss is
     * {@code smoothed} and best smoothed loss (including the latest) is {@code bestSmoothed}.
     */
    public boolean shouldStop(int iterationsDone, double smoothed, double bestSmoothed) {
        if (!Double.isFinite(smoothed)) {
            return true;
        }
        return enabled && iterationsDone >= minIterations && smoothed > factor * bestSmoothed;
    }
}
