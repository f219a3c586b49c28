package dev.atelier.audit;

/**
 * The four cells of a binary confusion matrix for one group.
 *
 * @param truePositives actual positive, predicted positive
 * @param falsePositives actual negative, predicted positive
 * @param trueNegatives actual negative, predicted negative
 * @param falseNegatives actual positive, predicted negative
 */
public record ConfusionCounts(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
    public ConfusionCounts {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("negative count in " + truePositives + "/" + falsePositives
                    + "/" + trueNegatives + "/" + falseNegatives);
        }
    }

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Cases whose true label is the positive class. */
    public long actualPositives() {
        return truePositives + falseNegatives;
    }

    /** Cases whose true label is not the positive class. */
    public long actualNegatives() {
        return falsePositives + trueNegatives;
    }

    /** Cases the classifier selected (predicted positive). */
    public long predictedPositives() {
        return truePositives + falsePositives;
    }

    /** Cases the classifier got right. */
    public long correct() {
        return truePositives + trueNegatives;
    }
}
