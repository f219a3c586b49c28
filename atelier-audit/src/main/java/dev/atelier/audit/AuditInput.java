package dev.atelier.audit;

import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cases to audit, one entry per case in every list: true labels, the classifier's predictions
 * (or scores and a threshold), and the group each case belongs to in one or more group columns.
 *
 * <p>Read one from a CSV file with {@link CsvAuditReader}, or build one from a model's validation
 * predictions:
 *
 * <pre>{@code
 * AuditInput input = AuditInput.builder()
 *         .setLabels(validationLabels)             // int class indices
 *         .optPredictions(predictedIndices)
 *         .optClassScores(probabilities)          // n × classes, for a per-class AUC
 *         .optClassNames(List.of("cat", "dog", "bird"))
 *         .addGroup("photographer", photographerOfEachImage)
 *         .build();
 * }</pre>
 */
public final class AuditInput {
    private final String description;
    private final String labelName;
    private final String predictionName;
    private final List<String> labels;
    private final List<String> predictions;
    private final double[] scores;
    private final double threshold;
    private final Map<String, double[]> classScores;
    private final Map<String, List<String>> groups;

    private AuditInput(String description, String labelName, String predictionName, List<String> labels, List<String> predictions, double[] scores,
            double threshold, Map<String, double[]> classScores, Map<String, List<String>> groups) {
        this.description = description;
        this.labelName = labelName;
        this.predictionName = predictionName;
        this.labels = labels;
        this.predictions = predictions;
        this.scores = scores;
        this.threshold = threshold;
        this.classScores = classScores;
        this.groups = groups;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the cases came from, for the report's heading. */
    public String description() {
        return description;
    }

    /** What the labels are called in messages, e.g. the CSV column name. */
    public String labelName() {
        return labelName;
    }

    /** What the predictions are called in messages, e.g. the CSV column name. */
    public String predictionName() {
        return predictionName;
    }

    /** Number of cases. */
    public int size() {
        return labels.size();
    }

    /** The true label of every case. */
    public List<String> labels() {
        return labels;
    }

    /** The predicted label of every case, when predictions were given rather than derived from scores. */
    public Optional<List<String>> predictions() {
        return Optional.ofNullable(predictions);
    }

    /** The score for the positive class of every case, if given (a copy). */
    public Optional<double[]> scores() {
        return Optional.ofNullable(scores).map(double[]::clone);
    }

    /** Scores at or above this are predicted positive when there are no predictions. */
    public double threshold() {
        return threshold;
    }

    /** Per-class scores (e.g. softmax probabilities) by class name, for one-vs-rest AUCs. */
    public Map<String, double[]> classScores() {
        return classScores;
    }

    /** Group column name to the group of every case, in the order the columns were added. */
    public Map<String, List<String>> groups() {
        return groups;
    }

    double score(int i) {
        return scores[i];
    }

    boolean hasScores() {
        return scores != null;
    }

    /** Builder for {@link AuditInput}: labels, predictions or scores, and at least one group column. */
    public static final class Builder {
        private String description = "predictions";
        private String labelName = "label";
        private String predictionName = "prediction";
        private List<String> labels;
        private int[] labelIndices;
        private List<String> predictions;
        private int[] predictionIndices;
        private double[] scores;
        private double threshold = 0.5;
        private double[][] classScoreMatrix;
        private List<String> classNames;
        private final Map<String, List<String>> groups = new LinkedHashMap<>();

        private Builder() {}

        /** The true label of every case. */
        public Builder setLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            this.labelIndices = null;
            return this;
        }

        /** The true class index of every case; named by {@link #optClassNames} if given. */
        public Builder setLabels(int[] classIndices) {
            this.labelIndices = classIndices.clone();
            this.labels = null;
            return this;
        }

        /** The predicted label of every case. */
        public Builder optPredictions(List<String> predictions) {
            this.predictions = List.copyOf(predictions);
            this.predictionIndices = null;
            return this;
        }

        /** The predicted class index of every case; named by {@link #optClassNames} if given. */
        public Builder optPredictions(int[] classIndices) {
            this.predictionIndices = classIndices.clone();
            this.predictions = null;
            return this;
        }

        /**
         * The score of every case for the positive class (higher means more likely positive): gives
         * the ROC AUC, and the predictions too ({@code score >= threshold}) when none are given.
         */
        public Builder optScores(double[] scores) {
            this.scores = scores.clone();
            return this;
        }

        /** The threshold that turns scores into predictions; default 0.5. */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Per-class scores, {@code [case][class index]}, e.g. softmax outputs; gives one AUC per class. */
        public Builder optClassScores(double[][] scoresByCase) {
            this.classScoreMatrix = scoresByCase.clone();
            return this;
        }

        /** Per-class scores as floats, the way a model outputs them. */
        public Builder optClassScores(float[][] scoresByCase) {
            double[][] d = new double[scoresByCase.length][];
            for (int i = 0; i < d.length; i++) {
                d[i] = new double[scoresByCase[i].length];
                for (int k = 0; k < d[i].length; k++) {
                    d[i][k] = scoresByCase[i][k];
                }
            }
            this.classScoreMatrix = d;
            return this;
        }

        /** Names for class indices: index {@code k} becomes {@code names.get(k)}. */
        public Builder optClassNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /** Adds a group column: the group of every case, e.g. {@code "race"} → {@code ["Black", ...]}. */
        public Builder addGroup(String column, List<String> groupOfEachCase) {
            if (groups.containsKey(column)) {
                throw new InvalidInputException("group column '" + column + "' given twice");
            }
            groups.put(column, List.copyOf(groupOfEachCase));
            return this;
        }

        /** Where the cases came from, shown in the report heading. */
        public Builder optDescription(String description) {
            this.description = description;
            return this;
        }

        /** What to call the labels and predictions in messages, e.g. their CSV column names. */
        public Builder optNames(String labelName, String predictionName) {
            this.labelName = labelName;
            this.predictionName = predictionName;
            return this;
        }

        public AuditInput build() {
            List<String> y = labels != null ? labels : labelIndices != null ? named(labelIndices) : null;
            if (y == null) {
                throw new InvalidInputException("no labels given");
            }
            if (y.isEmpty()) {
                throw new InvalidInputException("no cases to audit");
            }
            int n = y.size();
            List<String> yHat = predictions != null ? predictions
                    : predictionIndices != null ? named(predictionIndices) : null;
            if (yHat == null && scores == null) {
                throw new InvalidInputException("give predictions or scores (with a threshold) to audit");
            }
            requireLength("predictions", yHat == null ? n : yHat.size(), n);
            requireLength("scores", scores == null ? n : scores.length, n);
            if (scores != null) {
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(scores[i])) {
                        throw new InvalidInputException("score of case " + (i + 1) + " is " + scores[i]
                                + ", not a finite number");
                    }
                }
            }
            if (!Double.isFinite(threshold)) {
                throw new InvalidInputException("threshold must be a finite number, got " + threshold);
            }
            if (groups.isEmpty()) {
                throw new InvalidInputException("give at least one group column to audit");
            }
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                requireLength("group column '" + g.getKey() + "'", g.getValue().size(), n);
                for (int i = 0; i < n; i++) {
                    String v = g.getValue().get(i);
                    if (v == null || v.isBlank()) {
                        throw new InvalidInputException("case " + (i + 1) + " has no group in column '"
                                + g.getKey() + "'; fill it in (e.g. 'unknown') or drop the case");
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (y.get(i) == null || y.get(i).isBlank()) {
                    throw new InvalidInputException("case " + (i + 1) + " has no label");
                }
                if (yHat != null && (yHat.get(i) == null || yHat.get(i).isBlank())) {
                    throw new InvalidInputException("case " + (i + 1) + " has no prediction");
                }
            }
            Map<String, double[]> byClass = Collections.emptyMap();
            if (classScoreMatrix != null) {
                requireLength("class scores", classScoreMatrix.length, n);
                int k = classScoreMatrix[0].length;
                byClass = new LinkedHashMap<>();
                for (int c = 0; c < k; c++) {
                    double[] column = new double[n];
                    for (int i = 0; i < n; i++) {
                        if (classScoreMatrix[i].length != k) {
                            throw new InvalidInputException("class scores: case " + (i + 1) + " has "
                                    + classScoreMatrix[i].length + " classes, case 1 has " + k);
                        }
                        column[i] = classScoreMatrix[i][c];
                    }
                    byClass.put(className(c), column);
                }
                byClass = Collections.unmodifiableMap(byClass);
            }
            Map<String, List<String>> g = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            return new AuditInput(description, labelName, predictionName, y, yHat, scores == null ? null : scores.clone(), threshold,
                    byClass, g);
        }

        private List<String> named(int[] indices) {
            List<String> out = new ArrayList<>(indices.length);
            for (int index : indices) {
                out.add(className(index));
            }
            return Collections.unmodifiableList(out);
        }

        private String className(int index) {
            if (classNames == null) {
                return Integer.toString(index);
            }
            if (index < 0 || index >= classNames.size()) {
                throw new InvalidInputException("class index " + index + " has no name; names are "
                        + classNames);
            }
            return classNames.get(index);
        }

        private static void requireLength(String what, int length, int expected) {
            if (length != expected) {
                throw new InvalidInputException(what + " has " + length + " entries but there are " + expected
                        + " labels");
            }
        }
    }

    @Override
    public String toString() {
        return "AuditInput[" + description + ", " + size() + " cases, groups " + groups.keySet()
                + (scores != null ? ", scores" : "") + (predictions != null ? ", predictions" : "")
                + (classScores.isEmpty() ? "" : ", class scores " + Arrays.toString(classScores.keySet().toArray()))
                + "]";
    }
}
