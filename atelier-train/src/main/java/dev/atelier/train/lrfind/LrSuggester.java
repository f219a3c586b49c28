package dev.atelier.train.lrfind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies {@link SuggestionMethod}s to a range test's smoothed losses, on the window fastai v2 uses:
 * the curve up to its first non-finite value, without the first {@code skipStart} points (noisy while
 * the smoothing warms up) and the last {@code skipEnd} (the divergence that stopped the test).
 *
 * <p>When that window holds fewer than 3 points (a test stopped very early), the whole finite prefix
 * is used instead; with fewer than 2 finite points there is no curve and no suggestion.
 *
 * @param skipStart points dropped at the start (fastai: planned iterations / 10)
 * @param skipEnd points dropped at the end (fastai: 5)
 * @param methods the rules to apply, in order
 */
public record LrSuggester(int skipStart, int skipEnd, List<SuggestionMethod> methods) {
    public LrSuggester {
        if (skipStart < 0 || skipEnd < 0) {
            throw new IllegalArgumentException("skips must be >= 0");
        }
        methods = List.copyOf(methods);
    }

    /** fastai v2's window for a test of {@code plannedIterations}, with all three methods. */
    public static LrSuggester forIterations(int plannedIterations) {
        return new LrSuggester(plannedIterations / 10, 5, List.of(SuggestionMethod.values()));
    }

    /** The suggestions for a curve, one per method, or none if the curve is too short. */
    public List<LrSuggestion> suggest(double[] lrs, double[] smoothedLosses) {
        if (lrs.length != smoothedLosses.length) {
            throw new IllegalArgumentException("lrs and losses differ in length");
        }
        int finite = 0;
        while (finite < smoothedLosses.length && Double.isFinite(smoothedLosses[finite])) {
            finite++;
        }
        int from = skipStart;
        int to = finite - skipEnd;
        if (to - from < 3) {
            from = 0;
            to = finite;
        }
        if (to - from < 2) {
            return List.of();
        }
        double[] x = Arrays.copyOfRange(lrs, from, to);
        double[] y = Arrays.copyOfRange(smoothedLosses, from, to);
        List<LrSuggestion> out = new ArrayList<>();
        for (SuggestionMethod m : methods) {
            out.add(m.suggest(x, y));
        }
        return List.copyOf(out);
    }
}
