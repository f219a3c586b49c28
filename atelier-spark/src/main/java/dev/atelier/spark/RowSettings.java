package dev.atelier.spark;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings a manifest row, a sweep grid or the command line may set: the style-transfer settings Spark
 * offers ({@link StyleTransferSettingsTable}, by their keys, which are the CSV headers, {@code --set} and
 * {@code --grid} names and the sidecar's), as text so that a row travels as plain strings.
 */
public final class RowSettings {
    /** Every key a row may set, in the table's order. */
    public static final List<String> KEYS = StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.SPARK).stream()
            .map(Setting::key).toList();

    private RowSettings() {}

    /** Whether a key's values are numbers (sweep plots put those on a numeric axis). */
    public static boolean isNumeric(String key) {
        return StyleTransferSettingsTable.TABLE.find(key).map(s -> s.type().isNumeric()).orElse(false);
    }

    /**
     * The key {@code key} names, checked to be one a row may set.
     *
     * @param where what names it, for the message
     * @throws InvalidInputException naming the known keys
     */
    public static String requireKnown(String key, String where) {
        try {
            return StyleTransferSettingsTable.TABLE.require(key, FrontEnd.SPARK).key();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage(), e);
        }
    }

    /** Job defaults overlaid with a row's overrides: the row wins. */
    public static Map<String, String> merge(Map<String, String> defaults, Map<String, String> row) {
        Map<String, String> m = new TreeMap<>(defaults);
        m.putAll(row);
        return m;
    }

    /**
     * The settings builder for these values, from the front ends' defaults (unset and empty keys keep them).
     *
     * @throws InvalidInputException for an unknown key
     * @throws dev.atelier.core.SettingException for a value that is not a valid setting
     */
    public static StyleTransferSettings.Builder builder(Map<String, String> values) {
        return StyleTransferSettingsTable.TABLE.apply(StyleTransferSettings.frontEndBuilder(), values, FrontEnd.SPARK);
    }
}
