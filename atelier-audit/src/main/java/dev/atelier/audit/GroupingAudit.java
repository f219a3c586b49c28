package dev.atelier.audit;

import java.util.List;
import java.util.Optional;

/**
 * The audit of one way of splitting the cases: one group column, or the intersection of two.
 *
 * @param name e.g. {@code "race"} or {@code "race & sex"}
 * @param columns the group columns it splits on (one or two)
 * @param reference the group the others are compared with
 * @param groups every group, largest first
 * @param disparities every non-reference group against the reference, for every metric
 */
public record GroupingAudit(
        String name, List<String> columns, String reference, List<GroupStats> groups, List<Disparity> disparities) {
    public GroupingAudit {
        columns = List.copyOf(columns);
        groups = List.copyOf(groups);
        disparities = List.copyOf(disparities);
    }

    /** The reference group's statistics. */
    public GroupStats referenceStats() {
        return group(reference);
    }

    /** The statistics of the named group. */
    public GroupStats group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + name + " in " + this.name));
    }

    /** The disparity of {@code metric} for {@code group}; empty for the reference group itself. */
    public Optional<Disparity> disparity(String group, Metric metric) {
        return disparities.stream().filter(d -> d.group().equals(group) && d.metric() == metric).findFirst();
    }
}
