package dev.atelier.audit;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Exact area under the ROC curve by the Mann–Whitney rank-sum formula.
 *
 * <p>AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋), where R₊ is the sum of the positives' ranks among all scores
 * and tied scores share the mean of the ranks they span. That equals the probability that a random
 * positive outscores a random negative, counting ties as one half, with no curve approximation.
 */
public final class RocAuc {
    private RocAuc() {}

    /**
     * The AUC of {@code scores} for separating {@code positive} cases from the rest; empty when either
     * class is absent, since the AUC is then undefined.
     */
    public static OptionalDouble of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        int n = scores.length;
        long positives = 0;
        for (boolean p : positive) {
            if (p) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return OptionalDouble.empty();
        }
        // Primitive sorts of all scores and of the positives' scores: for each run of tied scores in the
        // first, the second says how many of the run are positives.
        double[] all = scores.clone();
        double[] positiveScores = new double[(int) positives];
        for (int i = 0, k = 0; i < n; i++) {
            if (positive[i]) {
                positiveScores[k++] = scores[i];
            }
        }
        Arrays.sort(all);
        Arrays.sort(positiveScores);
        double positiveRankSum = 0;
        int p = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && all[end + 1] == all[start]) {
                end++;
            }
            // Ranks are 1-based; a run of ties from start to end shares their mean rank.
            double midRank = (start + end) / 2.0 + 1;
            int positivesInRun = 0;
            while (p < positiveScores.length && positiveScores[p] == all[start]) {
                positivesInRun++;
                p++;
            }
            positiveRankSum += midRank * positivesInRun;
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return OptionalDouble.of(u / ((double) positives * negatives));
    }
}
