package dev.atelier.train.lrfind;

/**
 * Rules that read a learning rate off a range test's smoothed loss curve, as in fastai v2
 * ({@code fastai.callback.schedule}), valley first (fastai v2's default). Each takes the learning rates and the smoothed losses of the
 * window the suggester kept (finite values only, at least 2 points) and returns a suggestion.
 */
public enum SuggestionMethod {
    /**
     * fastai v2's "valley" (its default since 2.4): find the longest valley, the longest strictly
     * decreasing subsequence of the loss (not necessarily contiguous: small bumps are bridged), and
     * suggest the point about two thirds along it, where the loss still falls but the danger zone past
     * the minimum is far. With {@code len[i]} the length of the longest decreasing subsequence ending
     * at {@code i}, {@code end} the first index with the largest {@code len}, {@code start = end - len[end]}
     * and {@code s = (end - start)/3}, the index is {@code start + floor(s) + floor(s/2)} (clamped to
     * 0 in the degenerate 2-point case where fastai would index from the end).
     */
    VALLEY("valley") {
        @Override
        LrSuggestion suggest(double[] lrs, double[] losses) {
            int n = losses.length;
            int[] lengths = new int[n];
            java.util.Arrays.fill(lengths, 1);
            int maxEnd = 0;
            int maxStart = 0;
            // Same double loop and update order as fastai, so ties resolve identically.
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (losses[i] < losses[j] && lengths[i] < lengths[j] + 1) {
                        lengths[i] = lengths[j] + 1;
                    }
                    if (lengths[maxEnd] < lengths[i]) {
                        maxEnd = i;
                        maxStart = maxEnd - lengths[maxEnd];
                    }
                }
            }
            double sections = (maxEnd - maxStart) / 3.0;
            int idx = maxStart + (int) sections + (int) (sections / 2);
            idx = Math.max(0, Math.min(n - 1, idx));
            return new LrSuggestion(this, lrs[idx], lrs[idx], losses[idx]);
        }
    },

    /**
     * Steepest descent: the learning rate where the smoothed loss falls fastest against
     * {@code log(lr)}. With {@code g_i = (loss_{i+1} - loss_i) / (ln lr_{i+1} - ln lr_i)} for each
     * pair of neighbours, suggests {@code lr_i} for the {@code i} with the smallest (most negative)
     * {@code g_i}: the left end of the steepest segment, as fastai does.
     */
    STEEP("steep") {
        @Override
        LrSuggestion suggest(double[] lrs, double[] losses) {
            int best = 0;
            double bestSlope = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < lrs.length; i++) {
                double slope = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
                if (slope < bestSlope) {
                    bestSlope = slope;
                    best = i;
                }
            }
            return new LrSuggestion(this, lrs[best], lrs[best], losses[best]);
        }
    },
    /**
     * A tenth of the learning rate at the minimum smoothed loss: the minimum is already too high
     * (the loss is about to rise), one order of magnitude less is still fast and safe.
     */
    MINIMUM("minimum/10") {
        @Override
        LrSuggestion suggest(double[] lrs, double[] losses) {
            int best = 0;
            for (int i = 1; i < losses.length; i++) {
                if (losses[i] < losses[best]) {
                    best = i;
                }
            }
            return new LrSuggestion(this, lrs[best] / 10, lrs[best], losses[best]);
        }
    };

    private final String displayName;

    SuggestionMethod(String displayName) {
        this.displayName = displayName;
    }

    /** The name printed and shown in the plot legend. */
    public String displayName() {
        return displayName;
    }

    abstract LrSuggestion suggest(double[] lrs, double[] losses);
}
