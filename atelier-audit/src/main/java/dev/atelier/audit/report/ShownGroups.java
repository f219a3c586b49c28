package dev.atelier.audit.report;

import dev.atelier.audit.Disparity;
import dev.atelier.audit.GroupStats;
import dev.atelier.audit.GroupingAudit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The groups of one grouping that a report for people lists (see {@link ReportLimits}): all of them,
 * or the reference and the worst others. "Worst" ranks groups first by their largest flagged
 * disparity that is not too uncertain to judge, then by their largest flagged one, then by how many rates
 * are flagged, then by size;
 * a disparity's size is |ln ratio|, so 0.5× and 2× weigh the same and a ratio to a zero rate most.
 * The listed groups keep the report's order (largest first).
 */
final class ShownGroups {
    private final List<GroupStats> groups;
    private final Set<String> names;
    private final int total;
    private final int hiddenFlagged;

    private ShownGroups(List<GroupStats> groups, Set<String> names, int total, int hiddenFlagged) {
        this.groups = groups;
        this.names = names;
        this.total = total;
        this.hiddenFlagged = hiddenFlagged;
    }

    static ShownGroups of(GroupingAudit grouping, ReportLimits limits) {
        List<GroupStats> all = grouping.groups();
        if (limits.listsAll(all.size())) {
            return new ShownGroups(all, null, all.size(), 0);
        }
        record Ranked(GroupStats stats, int order, double certain, double flagged, int count) {}
        List<Ranked> candidates = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            GroupStats g = all.get(i);
            if (g.group().equals(grouping.reference())) {
                continue;
            }
            double certain = 0;
            double flagged = 0;
            for (Disparity d : grouping.beyondBounds(g.group())) {
                double size = Math.abs(Math.log(d.ratio())); // ∞ for a ratio of 0 or ∞
                flagged = Math.max(flagged, size);
                if (!d.uncertain()) {
                    certain = Math.max(certain, size);
                }
            }
            candidates.add(new Ranked(g, i, certain, flagged, grouping.beyondBounds(g.group()).size()));
        }
        // Groups come largest first, so a stable sort keeps size as the last tie-breaker.
        candidates.sort(Comparator.comparingDouble(Ranked::certain).reversed()
                .thenComparing(Comparator.comparingDouble(Ranked::flagged).reversed())
                .thenComparing(Comparator.comparingInt(Ranked::count).reversed()));
        List<Ranked> chosen = new ArrayList<>(candidates.subList(0, Math.max(0, limits.maxGroups() - 1)));
        int hiddenFlagged = 0;
        for (Ranked r : candidates.subList(chosen.size(), candidates.size())) {
            if (r.flagged() > 0) {
                hiddenFlagged++;
            }
        }
        chosen.add(new Ranked(grouping.referenceStats(), all.indexOf(grouping.referenceStats()), 0, 0, 0));
        chosen.sort(Comparator.comparingInt(Ranked::order));
        List<GroupStats> shown = chosen.stream().map(Ranked::stats).toList();
        Set<String> names = new HashSet<>();
        shown.forEach(g -> names.add(g.group()));
        return new ShownGroups(shown, names, all.size(), hiddenFlagged);
    }

    /** The listed groups, in the report's order. */
    List<GroupStats> groups() {
        return groups;
    }

    /** Whether {@code group} is listed. */
    boolean lists(String group) {
        return names == null || names.contains(group);
    }

    /** How many groups are not listed. */
    int hidden() {
        return total - groups.size();
    }

    /**
     * One line saying what was left out, or empty when every group is listed; e.g. "Listed: 50 of
     * 100000 groups, the reference and the 49 with the largest disparities; 99950 more (12 of them
     * with a flagged disparity) are in the JSON report."
     */
    String summary() {
        if (hidden() == 0) {
            return "";
        }
        return "Listed: " + groups.size() + " of " + total + " groups, the reference and the " + (groups.size() - 1)
                + " with the largest disparities; " + hidden() + " more (" + hiddenFlagged + " of them with a flagged disparity)"
                + " are in the JSON report.";
    }
}
