package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings part of a JSON request: one field per setting of a {@link SettingsTable} that the studio
 * offers, named by its key in camel case ({@code maxEvals}), each a string or a number. Kept by table key;
 * a field the table does not know is refused, so a typo is an error rather than a silent default.
 */
final class SettingFields {
    private final SettingsTable<?, ?> table;
    private final Map<String, Object> values = new LinkedHashMap<>();

    SettingFields(SettingsTable<?, ?> table) {
        this.table = table;
    }

    /** A copy with {@code more} (by table key) over these. */
    SettingFields with(Map<String, ?> more) {
        SettingFields f = new SettingFields(table);
        f.values.putAll(values);
        more.forEach(f::putKey);
        return f;
    }

    /**
     * Sets the field the page calls {@code field}.
     *
     * @throws InvalidInputException for a field that names no setting the studio offers
     */
    void putField(String field, Object value) {
        Setting<?, ?, ?> s = table.offeredBy(FrontEnd.STUDIO).stream()
                .filter(x -> FrontEnd.STUDIO.nameOf(x.key()).equals(field)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown field '" + field + "'"));
        putKey(s.key(), value);
    }

    /** Sets setting {@code key}; a null value leaves it at its default. */
    void putKey(String key, Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw new SettingException(key, "must be a string or a number");
        }
        values.put(table.require(key, FrontEnd.STUDIO).key(), value);
    }

    /** The values by table key, as sent. */
    Map<String, Object> byKey() {
        return Collections.unmodifiableMap(values);
    }

    /** The values by the page's field names, for JSON. */
    Map<String, Object> byField() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(FrontEnd.STUDIO.nameOf(k), v));
        return m;
    }

    /** The values as text by table key, for {@link SettingsTable#apply}. */
    Map<String, String> texts() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.toString()));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingFields f && f.table == table && f.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
