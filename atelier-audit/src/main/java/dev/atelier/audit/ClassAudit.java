package dev.atelier.audit;

import java.util.List;

/**
 * The audit for one positive class: the only one for a binary task, one per class when one-vs-rest.
 *
 * @param positiveClass the label value treated as positive
 * @param overall all cases together
 * @param groupings one entry per group column, then one per pair of group columns
 */
public record ClassAudit(String positiveClass, GroupStats overall, List<GroupingAudit> groupings) {
    public ClassAudit {
        groupings = List.copyOf(groupings);
    }

    /** The grouping with this name, e.g. {@code "race"} or {@code "race & sex"}. */
    public GroupingAudit grouping(String name) {
        return groupings.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no grouping " + name));
    }
}
