package dev.atelier.audit;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the per-group error crosstabs: for each positive class, each group column and each pair
 * of group columns, the confusion counts and rates of every group with 95% Wilson intervals, and
 * every group's disparity from a reference group; then flags what a reader must not miss.
 */
public final class BiasAudit {
    /** Separates the two values of an intersection group, and the two column names of its grouping. */
    public static final String INTERSECTION = " & ";

    /** Binary label spellings whose positive value needs no {@code --positive}: negative first. */
    private static final List<List<String>> OBVIOUS_PAIRS = List.of(
            List.of("0", "1"), List.of("false", "true"), List.of("no", "yes"), List.of("n", "y"),
            List.of("negative", "positive"), List.of("neg", "pos"), List.of("-1", "1"));

    private static final int LISTED_VALUES = 8;

    private BiasAudit() {}

    /** Audits {@code input} with default options. */
    public static AuditReport run(AuditInput input) {
        return run(input, AuditOptions.defaults());
    }

    /**
     * Audits {@code input}.
     *
     * @throws SettingException about {@code positive} when the labels do not say which class is positive
     *     (and {@link AuditOptions.Builder#optOneVsRest} is not set)
     * @throws InvalidInputException when a reference group does not exist, or predictions cannot be made
     */
    public static AuditReport run(AuditInput input, AuditOptions options) {
        List<String> classes = positiveClasses(input, options);
        Map<String, List<String>> groupings = groupings(input);
        Map<String, String> references = references(input, groupings, options);
        List<ClassAudit> audits = new ArrayList<>();
        List<Flag> flags = new ArrayList<>();
        boolean hasAuc = false;
        // Group membership does not depend on the positive class: work it out once.
        Map<String, ColumnCodes> codes = new HashMap<>();
        input.groups().forEach((column, values) -> codes.put(column, new ColumnCodes(values)));
        Map<String, Map<String, int[]>> members = new LinkedHashMap<>();
        groupings.forEach((name, columns) -> members.put(name, members(input, columns, codes)));
        for (String positive : classes) {
            ClassAudit audit = auditClass(input, options, positive, groupings, members, references);
            hasAuc |= audit.overall().auc().isPresent();
            audits.add(audit);
            flags.addAll(flags(audit, options));
        }
        OptionalDouble threshold = input.predictions().isEmpty()
                ? OptionalDouble.of(input.threshold()) : OptionalDouble.empty();
        return new AuditReport(input.description(), input.size(), audits, options.ratioLower(),
                options.ratioUpper(), options.maxIntervalWidth(), threshold, hasAuc, flags);
    }

    private static ClassAudit auditClass(AuditInput input, AuditOptions options, String positive,
            Map<String, List<String>> groupings, Map<String, Map<String, int[]>> members,
            Map<String, String> references) {
        int n = input.size();
        boolean[] actual = new boolean[n];
        boolean[] predicted = new boolean[n];
        List<String> predictions = input.predictions().orElse(null);
        for (int i = 0; i < n; i++) {
            actual[i] = input.labels().get(i).equals(positive);
            predicted[i] = predictions != null ? predictions.get(i).equals(positive)
                    : input.score(i) >= input.threshold();
        }
        double[] scores = input.classScores().get(positive);
        if (scores == null && input.hasScores()) {
            scores = input.scores().orElseThrow();
        }
        GroupStats overall = stats("all", allIndices(n), actual, predicted, scores);
        List<GroupingAudit> audits = new ArrayList<>();
        for (Map.Entry<String, List<String>> grouping : groupings.entrySet()) {
            String name = grouping.getKey();
            List<String> columns = grouping.getValue();
            List<GroupStats> groups = new ArrayList<>();
            for (Map.Entry<String, int[]> m : members.get(name).entrySet()) {
                groups.add(stats(m.getKey(), m.getValue(), actual, predicted, scores));
            }
            groups.sort(Comparator.comparingLong(GroupStats::size).reversed());
            String reference = references.getOrDefault(name, groups.get(0).group());
            GroupStats ref = groups.stream().filter(g -> g.group().equals(reference)).findFirst().orElse(null);
            if (ref == null) {
                // Only possible for an intersection of two chosen references that share no case.
                throw new InvalidInputException("no case belongs to reference group '" + reference + "' of "
                        + name + "; choose references whose intersection is not empty");
            }
            List<Disparity> disparities = new ArrayList<>();
            for (GroupStats g : groups) {
                if (g != ref) {
                    for (Metric metric : Metric.values()) {
                        disparities.add(disparity(metric, g, ref, options));
                    }
                }
            }
            audits.add(new GroupingAudit(name, columns, reference, groups, disparities));
        }
        return new ClassAudit(positive, overall, audits);
    }

    private static Disparity disparity(Metric metric, GroupStats group, GroupStats reference, AuditOptions options) {
        Rate r = group.rate(metric);
        Rate ref = reference.rate(metric);
        double ratio;
        double difference;
        if (!r.defined() || !ref.defined()) {
            ratio = Double.NaN;
            difference = Double.NaN;
        } else {
            difference = r.value() - ref.value();
            if (ref.value() == 0) {
                ratio = r.value() == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
            } else {
                ratio = r.value() / ref.value();
            }
        }
        boolean beyond = metric.judged() && options.beyondBounds(ratio);
        boolean uncertain = r.interval().width() > options.maxIntervalWidth()
                || ref.interval().width() > options.maxIntervalWidth();
        return new Disparity(metric, group.group(), ratio, difference, beyond, uncertain);
    }

    private static List<Flag> flags(ClassAudit audit, AuditOptions options) {
        List<Flag> flags = new ArrayList<>();
        String bounds = "[" + AuditNumbers.decimal(options.ratioLower()) + ", "
                + AuditNumbers.decimal(options.ratioUpper()) + "]";
        String widthLimit = AuditNumbers.decimal(options.maxIntervalWidth());
        for (GroupingAudit grouping : audit.groupings()) {
            GroupStats ref = grouping.referenceStats();
            for (GroupStats g : grouping.groups()) {
                // An indexed lookup: a scan of all disparities per group made flagging quadratic.
                List<Disparity> beyond = grouping.beyondBounds(g.group());
                if (!beyond.isEmpty()) {
                    String detail = beyond.stream().map(d -> d.metric().label() + " "
                            + AuditNumbers.percent(g.rate(d.metric()).value()) + " vs "
                            + AuditNumbers.percent(ref.rate(d.metric()).value()) + " ("
                            + AuditNumbers.ratio(d.ratio(), options.ratioLower(), options.ratioUpper()) + ")")
                            .collect(Collectors.joining(", "));
                    flags.add(new Flag(Flag.Kind.DISPARITY, audit.positiveClass(), grouping.name(), g.group(),
                            beyond.stream().map(Disparity::metric).toList(),
                            grouping.name() + " = " + g.group() + " vs " + grouping.reference() + ": " + detail
                                    + ", ratio outside " + bounds));
                }
                List<Metric> wide = new ArrayList<>();
                for (Metric m : Metric.values()) {
                    if (g.rate(m).interval().width() > options.maxIntervalWidth()) {
                        wide.add(m);
                    }
                }
                if (!wide.isEmpty()) {
                    flags.add(new Flag(Flag.Kind.TOO_SMALL, audit.positiveClass(), grouping.name(), g.group(), wide,
                            grouping.name() + " = " + g.group() + " (n = " + g.size() + "): 95% interval wider than "
                                    + widthLimit + " for "
                                    + wide.stream().map(Metric::label).collect(Collectors.joining(", "))
                                    + "; too few cases to judge"));
                }
            }
        }
        return flags;
    }

    private static GroupStats stats(String name, int[] members, boolean[] actual, boolean[] predicted,
            double[] scores) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i : members) {
            if (actual[i]) {
                if (predicted[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        OptionalDouble auc = OptionalDouble.empty();
        if (scores != null) {
            double[] s = new double[members.length];
            boolean[] y = new boolean[members.length];
            for (int k = 0; k < s.length; k++) {
                s[k] = scores[members[k]];
                y[k] = actual[members[k]];
            }
            auc = RocAuc.of(s, y);
        }
        return GroupStats.of(name, new ConfusionCounts(tp, fp, tn, fn), auc);
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * Case indices of every group of the grouping over {@code columns}, in order of first appearance.
     * Linear in the number of cases whatever the number of groups: each column's values are coded
     * once as small integers, a pair of codes is one {@code long}, and the indices are laid out by a
     * counting sort; no per-case strings are built for intersections.
     */
    private static Map<String, int[]> members(AuditInput input, List<String> columns,
            Map<String, ColumnCodes> codes) {
        int n = input.size();
        int[] groupOf = new int[n];
        List<String> names = new ArrayList<>();
        if (columns.size() == 1) {
            ColumnCodes c = codes.get(columns.get(0));
            System.arraycopy(c.codes, 0, groupOf, 0, n);
            names.addAll(c.values);
        } else {
            ColumnCodes a = codes.get(columns.get(0));
            ColumnCodes b = codes.get(columns.get(1));
            Map<Long, Integer> pairs = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long key = (long) a.codes[i] * b.values.size() + b.codes[i];
                Integer group = pairs.get(key);
                if (group == null) {
                    group = names.size();
                    pairs.put(key, group);
                    names.add(a.values.get(a.codes[i]) + INTERSECTION + b.values.get(b.codes[i]));
                }
                groupOf[i] = group;
            }
        }
        int[] counts = new int[names.size()];
        for (int g : groupOf) {
            counts[g]++;
        }
        int[][] indices = new int[names.size()][];
        for (int g = 0; g < indices.length; g++) {
            indices[g] = new int[counts[g]];
        }
        int[] filled = new int[names.size()];
        for (int i = 0; i < n; i++) {
            int g = groupOf[i];
            indices[g][filled[g]++] = i;
        }
        Map<String, int[]> out = new LinkedHashMap<>(names.size() * 2);
        for (int g = 0; g < indices.length; g++) {
            out.put(names.get(g), indices[g]);
        }
        return out;
    }

    /** A group column's values coded as 0, 1, 2... in order of first appearance. */
    private static final class ColumnCodes {
        final int[] codes;
        final List<String> values = new ArrayList<>();

        ColumnCodes(List<String> column) {
            codes = new int[column.size()];
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < codes.length; i++) {
                String v = column.get(i);
                Integer code = index.get(v);
                if (code == null) {
                    code = values.size();
                    index.put(v, code);
                    values.add(v);
                }
                codes[i] = code;
            }
        }
    }

    /** Grouping name → its columns: each column alone, then every pair of columns. */
    private static Map<String, List<String>> groupings(AuditInput input) {
        List<String> columns = new ArrayList<>(input.groups().keySet());
        for (String c : columns) {
            if (c.contains(INTERSECTION)) {
                throw new InvalidInputException("group column name '" + c + "' contains '" + INTERSECTION.strip()
                        + "' with spaces around it, which names intersections; rename the column");
            }
        }
        Map<String, List<String>> groupings = new LinkedHashMap<>();
        for (String c : columns) {
            groupings.put(c, List.of(c));
        }
        for (int a = 0; a < columns.size(); a++) {
            for (int b = a + 1; b < columns.size(); b++) {
                groupings.put(columns.get(a) + INTERSECTION + columns.get(b), List.of(columns.get(a), columns.get(b)));
            }
        }
        return groupings;
    }

    /** Grouping name → chosen reference group, for the groupings the options choose one for. */
    private static Map<String, String> references(AuditInput input, Map<String, List<String>> groupings,
            AuditOptions options) {
        Map<String, String> byColumn = new HashMap<>();
        for (String spec : options.references()) {
            int eq = spec.indexOf('=');
            if (eq > 0 && input.groups().containsKey(spec.substring(0, eq).strip())) {
                String column = spec.substring(0, eq).strip();
                String value = spec.substring(eq + 1).strip();
                if (!input.groups().get(column).contains(value)) {
                    throw new InvalidInputException("reference group '" + value + "' does not occur in group column '"
                            + column + "'; its groups are: " + listed(new TreeSet<>(input.groups().get(column))));
                }
                putReference(byColumn, column, value);
                continue;
            }
            String value = spec.strip();
            boolean found = false;
            for (Map.Entry<String, List<String>> g : input.groups().entrySet()) {
                if (g.getValue().contains(value)) {
                    putReference(byColumn, g.getKey(), value);
                    found = true;
                }
            }
            if (!found) {
                String available = input.groups().entrySet().stream()
                        .map(g -> g.getKey() + ": " + listed(new TreeSet<>(g.getValue())))
                        .collect(Collectors.joining("; "));
                throw new InvalidInputException("reference group '" + value
                        + "' does not occur in any group column; groups are " + available);
            }
        }
        Map<String, String> references = new HashMap<>(byColumn);
        for (Map.Entry<String, List<String>> g : groupings.entrySet()) {
            List<String> parts = g.getValue();
            if (parts.size() == 2 && byColumn.containsKey(parts.get(0)) && byColumn.containsKey(parts.get(1))) {
                references.put(g.getKey(), byColumn.get(parts.get(0)) + INTERSECTION + byColumn.get(parts.get(1)));
            }
        }
        return references;
    }

    private static void putReference(Map<String, String> byColumn, String column, String value) {
        String previous = byColumn.put(column, value);
        if (previous != null && !previous.equals(value)) {
            throw new InvalidInputException("two reference groups for column '" + column + "': '" + previous
                    + "' and '" + value + "'; give one per column, as COLUMN=VALUE");
        }
    }

    /** The classes to audit, each in turn as the positive class. */
    static List<String> positiveClasses(AuditInput input, AuditOptions options) {
        Set<String> labelValues = new LinkedHashSet<>(input.labels());
        Set<String> predictionValues = input.predictions().map(p -> (Set<String>) new LinkedHashSet<>(p))
                .orElse(Set.of());
        if (!predictionValues.isEmpty() && predictionValues.stream().noneMatch(labelValues::contains)) {
            throw new InvalidInputException(input.predictionName() + " values (" + listed(sorted(predictionValues))
                    + ") share no value with " + input.labelName() + " values (" + listed(sorted(labelValues))
                    + "); predictions must use the label's values");
        }
        Set<String> values = new LinkedHashSet<>(labelValues);
        values.addAll(predictionValues);
        if (options.positiveClass().isPresent()) {
            String positive = options.positiveClass().get();
            if (!values.contains(positive)) {
                throw new InvalidInputException("positive class '" + positive + "' does not occur in "
                        + input.labelName() + "; its values are: " + listed(sorted(labelValues)));
            }
            return List.of(positive);
        }
        if (options.oneVsRest()) {
            if (input.predictions().isEmpty()) {
                throw new InvalidInputException("one-vs-rest needs predicted labels: one score column "
                        + "only separates one class from the rest; give the predictions");
            }
            return sorted(values);
        }
        for (List<String> pair : OBVIOUS_PAIRS) {
            if (values.stream().allMatch(v -> pair.contains(v.toLowerCase(Locale.ROOT)))) {
                return List.of(values.stream().filter(v -> v.equalsIgnoreCase(pair.get(1))).findFirst()
                        .orElse(pair.get(1)));
            }
        }
        if (labelValues.size() <= 2 && values.size() <= 2) {
            throw new SettingException("positive", input.labelName() + " has values " + listed(sorted(values))
                    + "; say which is the positive class");
        }
        throw new SettingException("positive", input.labelName() + " is not binary: " + values.size() + " values ("
                + listed(sorted(values)) + "); say which is the positive class");
    }

    /** Values in natural order: numerically when they are all numbers, else alphabetically. */
    static List<String> sorted(Collection<String> values) {
        boolean numeric = values.stream().allMatch(BiasAudit::isNumber);
        Comparator<String> order = numeric ? Comparator.comparing(BigDecimal::new) : Comparator.naturalOrder();
        return values.stream().distinct().sorted(order).toList();
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String listed(Collection<String> values) {
        List<String> all = new ArrayList<>(values);
        String shown = all.stream().limit(LISTED_VALUES).map(v -> "'" + v + "'").collect(Collectors.joining(", "));
        return all.size() > LISTED_VALUES ? shown + ", … (" + all.size() + " in all)" : shown;
    }
}
