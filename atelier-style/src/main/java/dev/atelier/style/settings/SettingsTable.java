package dev.atelier.style.settings;

import dev.atelier.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of one kind of run, each declared once. Front ends are derived from it: the command
 * line's options, the studio's fields and JSON, Spark's columns, presets and the sidecar; what the
 * builder is given by any of them is parsed, applied and checked here.
 *
 * @param <B> the settings builder
 * @param <S> the built settings
 */
public final class SettingsTable<B, S> {
    private final String what;
    private final List<Setting<?, B, S>> settings;
    private final Map<String, Setting<?, B, S>> byKey = new LinkedHashMap<>();

    /**
     * @param what the kind of run, for messages ({@code style transfer})
     * @param settings in the order help texts and sidecars list them
     */
    public SettingsTable(String what, List<Setting<?, B, S>> settings) {
        this.what = what;
        this.settings = List.copyOf(settings);
        for (Setting<?, B, S> s : settings) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting " + s.key() + " is declared twice");
            }
        }
    }

    /** Every setting, in order. */
    public List<Setting<?, B, S>> settings() {
        return settings;
    }

    /** The settings {@code frontEnd} offers, in order. */
    public List<Setting<?, B, S>> offeredBy(FrontEnd frontEnd) {
        return settings.stream().filter(s -> s.isOfferedBy(frontEnd)).toList();
    }

    /** The setting {@code key} names (case, dashes and surrounding spaces ignored). */
    public Optional<Setting<?, B, S>> find(String key) {
        return Optional.ofNullable(byKey.get(normalize(key)));
    }

    /**
     * The setting {@code key} names, offered by {@code frontEnd}.
     *
     * @throws InvalidInputException naming the known keys
     */
    public Setting<?, B, S> require(String key, FrontEnd frontEnd) {
        Setting<?, B, S> s = byKey.get(normalize(key));
        if (s == null || !s.isOfferedBy(frontEnd)) {
            List<String> known = offeredBy(frontEnd).stream().map(x -> frontEnd.nameOf(x.key())).toList();
            throw new InvalidInputException("unknown setting '" + key + "' for a " + what + "; known: " + String.join(", ", known));
        }
        return s;
    }

    /** Applies every default that has a value. */
    public void applyDefaults(B builder) {
        for (Setting<?, B, S> s : settings) {
            s.applyDefault(builder);
        }
    }

    /**
     * Parses and applies settings given as text by key; blank values are skipped (an empty cell means
     * "the default").
     *
     * @throws InvalidInputException for an unknown key (or one {@code frontEnd} does not offer)
     * @throws dev.atelier.core.SettingException for a value that is not of the setting's type
     */
    public B apply(B builder, Map<String, String> texts, FrontEnd frontEnd) {
        for (Map.Entry<String, String> e : texts.entrySet()) {
            Setting<?, B, S> s = require(e.getKey(), frontEnd);
            if (e.getValue() != null && !e.getValue().isBlank()) {
                s.applyText(builder, e.getValue());
            }
        }
        return builder;
    }

    /**
     * Checks every resolved value.
     *
     * @throws dev.atelier.core.SettingException for the first one out of range
     */
    public void check(S settings) {
        for (Setting<?, B, S> s : this.settings) {
            s.check(settings);
        }
    }

    /** Every resolved value by its sidecar name, in order; settings that do not apply (null) are left out. */
    public Map<String, Object> describe(S resolved) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?, B, S> s : settings) {
            Object v = s.sidecarValueIn(resolved);
            if (v != null) {
                m.put(s.sidecarName(), v);
            }
        }
        return m;
    }

    /** {@code Max-Evals} as {@code max_evals}. */
    public static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
