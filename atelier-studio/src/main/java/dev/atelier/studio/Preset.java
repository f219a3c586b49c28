package dev.atelier.studio;

import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.SettingsPreset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's look saved as a preset ({@link SettingsPreset}), for {@code atelier stylize --preset} or another
 * artist: the settings of its controls that make the look, without what it painted.
 */
final class Preset {
    private Preset() {}

    static Map<String, Object> of(Controls c) {
        Map<String, Object> look = new LinkedHashMap<>();
        c.settings().forEach((k, v) -> {
            if (StyleTransferSettingsTable.TABLE.find(k).orElseThrow().isLook()) {
                look.put(k, v);
            }
        });
        return SettingsPreset.of(StyleTransferSettingsTable.TABLE, look);
    }
}
