package dev.atelier.train.lrfind;

/** How the range test moves the learning rate from its start to its end value. */
public enum LrRangeMode {
    /**
     * Equal ratios between consecutive learning rates: evenly spaced on a log axis, so every decade
     * gets the same number of batches. The default, as in fastai.
     */
    EXPONENTIAL,
    /**
     * Equal differences between consecutive learning rates, from the start value to the end value.
     * (fastai 0.7's linear mode ignored the start value and began at 0; this one does not.)
     */
    LINEAR
}
