package dev.atelier.studio;

import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.harmonize.HarmonizationQuality;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import dev.atelier.style.settings.ValueRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings tables as the page sees them ({@code GET /api/info}): each field's name, label, help, default
 * and range, so the page's fields, their placeholders and its messages come from the same table as the
 * command line's options.
 */
final class StudioSettings {
    private StudioSettings() {}

    /** The page's label for setting {@code key} (a style-transfer or harmonization key), else the key itself. */
    static String label(String key) {
        return StyleTransferSettingsTable.TABLE.find(key).map(Setting::label)
                .or(() -> HarmonizationSettingsTable.TABLE.find(key).map(Setting::label))
                .orElse(switch (key) {
                    case "scale" -> "Object scale";
                    case "style_net" -> "Style network";
                    default -> key;
                });
    }

    /** Each offered setting of {@code table}, in order, described for the page. */
    static List<Map<String, Object>> describe(SettingsTable<?, ?> table, Set<String> steerable) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Setting<?, ?, ?> s : table.offeredBy(FrontEnd.STUDIO)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", FrontEnd.STUDIO.nameOf(s.key()));
            m.put("key", s.key());
            m.put("label", s.label());
            m.put("help", s.help());
            m.put("default", s.defaultText());
            m.put("kind", s.type().kind());
            m.put("numeric", s.type().isNumeric());
            ValueRange r = s.range();
            if (r != ValueRange.ANY) {
                m.put("range", r.describe());
                if (Double.isFinite(r.min())) {
                    m.put("min", r.min());
                }
                if (Double.isFinite(r.max())) {
                    m.put("max", r.max());
                }
            }
            m.put("steerable", steerable.contains(s.key()));
            out.add(m);
        }
        return out;
    }

    /**
     * The harmonization's qualities for the page's choice, each with what it costs in words and the size,
     * evaluations and scales it runs with when those fields are left empty ({@link HarmonizationQuality}).
     */
    static List<Map<String, Object>> qualities() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HarmonizationQuality q : HarmonizationQuality.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", q.id());
            m.put("size", q.size());
            m.put("maxEvals", q.maxEvaluations());
            m.put("scales", q.scales());
            m.put("summary", q.summary());
            m.put("cost", q.cost());
            out.add(m);
        }
        return out;
    }

    /** The defaults the page fills in: the tables' values by field, and the studio's preview interval. */
    static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?, ?, ?> s : StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.STUDIO)) {
            m.put(FrontEnd.STUDIO.nameOf(s.key()), s.defaultValue() == null ? null : s.defaultText());
        }
        m.put("previewEvery", Controls.DEFAULT_PREVIEW_EVERY);
        Map<String, Object> h = new LinkedHashMap<>();
        for (Setting<?, ?, ?> s : HarmonizationSettingsTable.TABLE.offeredBy(FrontEnd.STUDIO)) {
            h.put(FrontEnd.STUDIO.nameOf(s.key()), s.defaultText());
        }
        m.put("harmonize", h);
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
