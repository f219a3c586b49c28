package dev.atelier.train.lrfind;

import java.util.List;
import java.util.Optional;

/**
 * The curve of a range test and what it suggests.
 *
 * @param lrs learning rate of each iteration that ran
 * @param losses raw batch loss of each iteration
 * @param smoothedLosses bias-corrected moving average of the losses (what the suggestions read and
 *     the plot shows)
 * @param plannedIterations iterations the schedule had
 * @param stopReason why the test ended
 * @param suggestions one per suggestion method, empty when the curve is too short
 */
public record LrFinderResult(
        double[] lrs,
        double[] losses,
        double[] smoothedLosses,
        int plannedIterations,
        StopReason stopReason,
        List<LrSuggestion> suggestions) {
    public LrFinderResult {
        if (lrs.length != losses.length || lrs.length != smoothedLosses.length) {
            throw new IllegalArgumentException("lrs, losses and smoothed losses differ in length");
        }
        lrs = lrs.clone();
        losses = losses.clone();
        smoothedLosses = smoothedLosses.clone();
        suggestions = List.copyOf(suggestions);
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public double[] smoothedLosses() {
        return smoothedLosses.clone();
    }

    /** Iterations that ran (including the one that triggered a stop). */
    public int iterations() {
        return lrs.length;
    }

    /** The suggestion of one method, if the curve allowed one. */
    public Optional<LrSuggestion> suggestion(SuggestionMethod method) {
        return suggestions.stream().filter(s -> s.method() == method).findFirst();
    }
}
