package dev.atelier.audit.report;

import dev.atelier.audit.AuditInput;
import dev.atelier.audit.AuditOptions;
import dev.atelier.audit.AuditReport;
import dev.atelier.audit.BiasAudit;
import java.util.ArrayList;
import java.util.List;

/** Small audits with every kind of mark: a flagged disparity, a tiny group, an intersection, scores. */
final class SampleReports {
    private SampleReports() {}

    /**
     * 300 cases over race (w 160, b 120, tiny "<x & y>" 20, a name that must be escaped) and sex.
     * Race b is selected far more often than w; the tiny group's rates are too uncertain to judge.
     */
    static AuditReport mixed() {
        List<String> labels = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        List<String> race = new ArrayList<>();
        List<String> sex = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        add(labels, predictions, race, sex, scores, "w", 160, 0.45, 0.30, 0.80);
        add(labels, predictions, race, sex, scores, "b", 120, 0.50, 0.60, 0.75);
        add(labels, predictions, race, sex, scores, "<x & y>", 20, 0.40, 0.40, 0.70);
        double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
        AuditInput input = AuditInput.builder().optDescription("sample \"mixed\" cases").setLabels(labels)
                .optPredictions(predictions).optScores(s).addGroup("race", race).addGroup("sex", sex).build();
        return BiasAudit.run(input, AuditOptions.defaults());
    }

    /**
     * Deterministic cases for one race: a share {@code baseRate} positive; in a share {@code agree} of
     * cases the prediction equals the label, in the rest it is positive for a share {@code selected}.
     */
    private static void add(List<String> labels, List<String> predictions, List<String> race, List<String> sex,
            List<Double> scores, String group, int n, double baseRate, double selected, double agree) {
        for (int i = 0; i < n; i++) {
            double u = (i + 0.5) / n;
            boolean positive = u < baseRate;
            // Low-discrepancy second coordinate so that the counts come out the same on every run.
            double v = ((i * 0.6180339887498949) % 1.0);
            boolean predicted = v < agree ? positive : v < agree + (1 - agree) * selected;
            labels.add(positive ? "1" : "0");
            predictions.add(predicted ? "1" : "0");
            race.add(group);
            sex.add(i % 3 == 0 ? "f" : "m");
            scores.add((predicted ? 0.5 : 0.0) + 0.5 * v);
        }
    }
}
