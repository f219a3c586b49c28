package dev.atelier.audit;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit of one way of splitting the cases: one group column, or the intersection of two.
 *
 * <p>Groups and disparities are indexed by group name when the audit is built, so that looking one
 * up costs the same with 100,000 groups as with two: reports look up every group's disparities, and
 * a scan per lookup made them quadratic in the number of groups.
 */
public final class GroupingAudit {
    private final String name;
    private final List<String> columns;
    private final String reference;
    private final List<GroupStats> groups;
    private final List<Disparity> disparities;
    private final Map<String, GroupStats> groupsByName;
    private final Map<String, Map<Metric, Disparity>> disparitiesByGroup;

    /**
     * @param name e.g. {@code "race"} or {@code "race & sex"}
     * @param columns the group columns it splits on (one or two)
     * @param reference the group the others are compared with
     * @param groups every group, largest first
     * @param disparities every non-reference group against the reference, for every metric
     */
    public GroupingAudit(String name, List<String> columns, String reference, List<GroupStats> groups,
            List<Disparity> disparities) {
        this.name = Objects.requireNonNull(name);
        this.columns = List.copyOf(columns);
        this.reference = Objects.requireNonNull(reference);
        this.groups = List.copyOf(groups);
        this.disparities = List.copyOf(disparities);
        this.groupsByName = new HashMap<>(this.groups.size() * 2);
        for (GroupStats g : this.groups) {
            groupsByName.putIfAbsent(g.group(), g);
        }
        this.disparitiesByGroup = new HashMap<>(this.groups.size() * 2);
        for (Disparity d : this.disparities) {
            disparitiesByGroup.computeIfAbsent(d.group(), k -> new EnumMap<>(Metric.class)).putIfAbsent(d.metric(), d);
        }
    }

    /** E.g. {@code "race"} or {@code "race & sex"}. */
    public String name() {
        return name;
    }

    /** The group columns it splits on (one or two). */
    public List<String> columns() {
        return columns;
    }

    /** The group the others are compared with. */
    public String reference() {
        return reference;
    }

    /** Every group, largest first. */
    public List<GroupStats> groups() {
        return groups;
    }

    /** Every non-reference group against the reference, for every metric. */
    public List<Disparity> disparities() {
        return disparities;
    }

    /** The reference group's statistics. */
    public GroupStats referenceStats() {
        return group(reference);
    }

    /** The statistics of the named group. */
    public GroupStats group(String name) {
        GroupStats g = groupsByName.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no group " + name + " in " + this.name);
        }
        return g;
    }

    /** The disparity of {@code metric} for {@code group}; empty for the reference group itself. */
    public Optional<Disparity> disparity(String group, Metric metric) {
        Map<Metric, Disparity> byMetric = disparitiesByGroup.get(group);
        return byMetric == null ? Optional.empty() : Optional.ofNullable(byMetric.get(metric));
    }

    /** The disparities of {@code group} beyond the ratio bounds, in metric order; empty for the reference. */
    public List<Disparity> beyondBounds(String group) {
        Map<Metric, Disparity> byMetric = disparitiesByGroup.get(group);
        return byMetric == null ? List.of()
                : byMetric.values().stream().filter(Disparity::beyondBounds).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupingAudit g && name.equals(g.name) && columns.equals(g.columns)
                && reference.equals(g.reference) && groups.equals(g.groups) && disparities.equals(g.disparities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, columns, reference, groups, disparities);
    }

    @Override
    public String toString() {
        return "GroupingAudit[" + name + ", reference " + reference + ", " + groups.size() + " groups]";
    }
}
