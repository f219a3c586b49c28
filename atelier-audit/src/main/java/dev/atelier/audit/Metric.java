package dev.atelier.audit;

import java.util.function.Function;

/**
 * The rates an audit reports for every group, each a proportion of confusion-matrix cells.
 *
 * <p>The base rate describes the data, not the classifier, so a gap in it is context for the other
 * rates rather than a fault of the model: it is shown but never flagged.
 */
public enum Metric {
    /** Share of cases whose true label is positive. */
    BASE_RATE("base rate", "base_rate", false,
            c -> Rate.of(c.actualPositives(), c.total())),
    /** Share of cases the classifier selects (predicts positive): the four-fifths rule's rate. */
    SELECTION_RATE("selection rate", "selection_rate", true,
            c -> Rate.of(c.predictedPositives(), c.total())),
    /** Share of cases predicted correctly. */
    ACCURACY("accuracy", "accuracy", true,
            c -> Rate.of(c.correct(), c.total())),
    /** Among actual negatives, the share predicted positive ("labelled higher risk but did not re-offend"). */
    FALSE_POSITIVE_RATE("FPR", "false_positive_rate", true,
            c -> Rate.of(c.falsePositives(), c.actualNegatives())),
    /** Among actual positives, the share predicted negative ("labelled lower risk yet did re-offend"). */
    FALSE_NEGATIVE_RATE("FNR", "false_negative_rate", true,
            c -> Rate.of(c.falseNegatives(), c.actualPositives())),
    /** Among predicted positives, the share that are actually positive. */
    PRECISION("precision", "precision", true,
            c -> Rate.of(c.truePositives(), c.predictedPositives()));

    private final String label;
    private final String key;
    private final boolean judged;
    private final Function<ConfusionCounts, Rate> formula;

    Metric(String label, String key, boolean judged, Function<ConfusionCounts, Rate> formula) {
        this.label = label;
        this.key = key;
        this.judged = judged;
        this.formula = formula;
    }

    /** The short name used in report headers. */
    public String label() {
        return label;
    }

    /** The snake_case name used as a JSON key. */
    public String key() {
        return key;
    }

    /** Whether a disparity in this rate is flagged (true for all rates about the classifier's decisions). */
    public boolean judged() {
        return judged;
    }

    /** This rate measured on {@code counts}. */
    public Rate of(ConfusionCounts counts) {
        return formula.apply(counts);
    }
}
