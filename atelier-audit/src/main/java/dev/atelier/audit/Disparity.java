package dev.atelier.audit;

/**
 * How one group's rate compares with the reference group's.
 *
 * @param metric the rate compared
 * @param group the group
 * @param ratio group rate ÷ reference rate; NaN when undefined (a rate missing, or both 0),
 *     +∞ when only the reference rate is 0
 * @param difference group rate − reference rate (NaN when a rate is undefined)
 * @param beyondBounds the ratio lies outside the audit's bounds and the metric is judged: a flag
 * @param uncertain either rate's interval is wider than the audit's limit, so the comparison is weak
 */
public record Disparity(
        Metric metric, String group, double ratio, double difference, boolean beyondBounds, boolean uncertain) {}
