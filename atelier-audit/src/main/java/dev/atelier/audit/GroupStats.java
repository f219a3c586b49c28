package dev.atelier.audit;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything measured on one group (or on all cases, for the overall row).
 *
 * @param group the group's name, e.g. {@code "Caucasian"} or {@code "Caucasian & Female"}
 * @param counts its confusion matrix
 * @param rates every {@link Metric}, with 95% Wilson intervals
 * @param auc ROC AUC of the scores within the group; empty without scores or with one class only
 */
public record GroupStats(String group, ConfusionCounts counts, Map<Metric, Rate> rates, OptionalDouble auc) {
    public GroupStats {
        rates = Collections.unmodifiableMap(new EnumMap<>(rates));
    }

    /** Measures every metric on {@code counts}. */
    public static GroupStats of(String group, ConfusionCounts counts, OptionalDouble auc) {
        Map<Metric, Rate> rates = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            rates.put(m, m.of(counts));
        }
        return new GroupStats(group, counts, rates, auc);
    }

    public Rate rate(Metric metric) {
        return rates.get(metric);
    }

    /** Number of cases in the group. */
    public long size() {
        return counts.total();
    }
}
