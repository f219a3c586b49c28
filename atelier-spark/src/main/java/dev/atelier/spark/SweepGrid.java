package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid of settings, {@code --grid style_weight=1e3,1e4 --grid size=48,64}: every combination of the
 * values, applied to every manifest row. The grid point is part of each row's id
 * ({@code ROW__style_weight=1e3_size=48}), so outputs are named from the settings that made them.
 */
public final class SweepGrid {
    /** The grid's setting key. */
    static final String KEY = "grid";

    /** More grid points than this is a typo, not a sweep. */
    public static final int MAX_POINTS = 100_000;

    private final Map<String, List<String>> axes;

    private SweepGrid(Map<String, List<String>> axes) {
        this.axes = axes;
    }

    /** The swept keys, in the order given. */
    public List<String> keys() {
        return List.copyOf(axes.keySet());
    }

    /**
     * Parses {@code KEY=V1,V2,...} specs.
     *
     * @throws InvalidInputException for an unknown key, a key given twice, or no values
     */
    public static SweepGrid parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw bad("a sweep needs at least one axis KEY=V1,V2 (e.g. style_weight=1e3,1e4)");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        long points = 1;
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw bad(spec + ": expected KEY=V1,V2,... e.g. style_weight=1e3,1e4");
            }
            String key;
            try {
                key = RowSettings.requireKnown(spec.substring(0, eq), spec);
            } catch (InvalidInputException e) {
                throw bad(e.getMessage());
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",")) {
                if (!v.isBlank() && !values.contains(v.trim())) {
                    values.add(v.trim());
                }
            }
            if (values.isEmpty()) {
                throw bad(spec + ": no values");
            }
            if (axes.put(key, values) != null) {
                throw bad(key + " is given twice; list all its values in one axis");
            }
            points *= values.size();
            if (points > MAX_POINTS) {
                throw bad("more than " + MAX_POINTS + " points");
            }
            for (String v : values) {
                RowSettings.builder(Map.of(key, v)).build();
            }
        }
        return new SweepGrid(axes);
    }

    /**
     * Bad input about the grid, by its setting key: each front end names it its own way (the command line as
     * {@code --grid}).
     */
    private static SettingException bad(String detail) {
        return new SettingException(KEY, detail);
    }

    /** Every grid point, the last key varying fastest. */
    public List<Map<String, String>> points() {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : axis.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    /** Every row at every grid point. */
    public List<ManifestRow> expand(List<ManifestRow> rows) {
        List<ManifestRow> out = new ArrayList<>();
        for (ManifestRow r : rows) {
            for (Map<String, String> p : points()) {
                StringBuilder id = new StringBuilder(r.id()).append("_");
                p.forEach((k, v) -> id.append('_').append(k).append('=').append(v.replaceAll("[^A-Za-z0-9.-]", "_")));
                out.add(r.with(id.toString(), p));
            }
        }
        if (out.size() > Manifest.MAX_ROWS) {
            throw new InvalidInputException("the sweep has " + out.size() + " rows; at most " + Manifest.MAX_ROWS);
        }
        return out;
    }
}
