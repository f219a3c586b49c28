package dev.atelier.style.settings;

import dev.atelier.core.SettingException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of a run, declared once in its {@link SettingsTable}: its key, label, type, default, range
 * check, how it is applied to the settings builder and how the resolved value is written in the sidecar.
 * Every front end derives its own spelling from it (see {@link FrontEnd#nameOf}).
 *
 * @param <T> the value's type
 * @param <B> the settings builder it is applied to
 * @param <S> the built settings it is read from
 */
public final class Setting<T, B, S> {
    private final String key;
    private final SettingType<T> type;
    private final BiConsumer<B, T> apply;
    private final Function<S, T> resolved;
    private final String label;
    private final String valueLabel;
    private final String help;
    private final T defaultValue;
    private final String defaultText;
    private final boolean defaultParsed;
    private final ValueRange range;
    private final BiConsumer<String, T> check;
    private final String sidecarName;
    private final Function<S, Object> sidecarValue;
    private final Set<FrontEnd> frontEnds;
    private final boolean look;

    private Setting(Definition<T, B, S> d) {
        this.key = d.key;
        this.type = d.type;
        this.apply = d.apply;
        this.resolved = d.resolved;
        this.label = Objects.requireNonNull(d.label, "label of " + d.key);
        this.valueLabel = d.valueLabel;
        this.help = Objects.requireNonNull(d.help, "help of " + d.key);
        this.defaultValue = d.defaultValue;
        this.defaultText = d.defaultText != null ? d.defaultText
                : d.defaultValue != null ? d.type.format(d.defaultValue) : null;
        Objects.requireNonNull(defaultText, "default of " + d.key);
        this.defaultParsed = d.defaultParsed;
        this.range = d.range;
        this.check = d.check;
        this.sidecarName = d.sidecarName == null ? d.key : d.sidecarName;
        this.sidecarValue = d.sidecarValue == null ? s -> d.resolved.apply(s) : d.sidecarValue;
        this.frontEnds = Set.copyOf(d.frontEnds);
        this.look = d.look;
    }

    /**
     * Starts the declaration of a setting.
     *
     * @param key snake case; also Spark's column name and, in kebab case, the command-line option
     * @param apply sets the value on a builder
     * @param resolved the value a built settings object resolved (the user's or the default)
     */
    public static <T, B, S> Definition<T, B, S> define(String key, SettingType<T> type, BiConsumer<B, T> apply,
            Function<S, T> resolved) {
        return new Definition<>(key, type, apply, resolved);
    }

    public String key() {
        return key;
    }

    public SettingType<T> type() {
        return type;
    }

    /** What people call it: the studio's field label, the start of the command line's help line. */
    public String label() {
        return label;
    }

    /** The placeholder for its value in usage texts, e.g. {@code N}, {@code auto|fp32|bf16}. */
    public String valueLabel() {
        return valueLabel;
    }

    /** What it does, in a sentence that names no front end's spelling. */
    public String help() {
        return help;
    }

    /** The value used when none is given, or null when the default depends on other settings. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as shown to users: the value's text, or a phrase such as {@code the recipe's}. */
    public String defaultText() {
        return defaultText;
    }

    /** The accepted numeric range; {@link ValueRange#ANY} for non-numeric settings. */
    public ValueRange range() {
        return range;
    }

    /** The key the sidecar uses for its resolved value. */
    public String sidecarName() {
        return sidecarName;
    }

    /** Whether {@code frontEnd} offers this setting. */
    public boolean isOfferedBy(FrontEnd frontEnd) {
        return frontEnds.contains(frontEnd);
    }

    /**
     * Whether it is part of a picture's look and so may travel in a shared preset; inputs, outputs and
     * anything that reads or writes files may not.
     */
    public boolean isLook() {
        return look;
    }

    /**
     * Reads {@code text} and applies it to {@code builder}.
     *
     * @throws SettingException keyed by this setting when the text is not a value of its type
     */
    public void applyText(B builder, String text) {
        apply.accept(builder, type.parse(key, text.trim()));
    }

    /** Applies the default, when there is a value for it. */
    void applyDefault(B builder) {
        if (defaultValue != null) {
            apply.accept(builder, defaultValue);
        } else if (defaultParsed) {
            applyText(builder, defaultText);
        }
    }

    /** The value {@code settings} resolved. */
    public T valueIn(S settings) {
        return resolved.apply(settings);
    }

    /** The resolved value as the sidecar records it. */
    public Object sidecarValueIn(S settings) {
        return sidecarValue.apply(settings);
    }

    /**
     * Checks the resolved value against the range and the setting's own rule.
     *
     * @throws SettingException keyed by this setting
     */
    public void check(S settings) {
        T v = resolved.apply(settings);
        if (v instanceof Number n) {
            range.check(key, n);
        }
        if (check != null && v != null) {
            check.accept(key, v);
        }
    }

    @Override
    public String toString() {
        return key;
    }

    /** The declaration of a {@link Setting}, finished by {@link #build}. */
    public static final class Definition<T, B, S> {
        private final String key;
        private final SettingType<T> type;
        private final BiConsumer<B, T> apply;
        private final Function<S, T> resolved;
        private String label;
        private String valueLabel = "X";
        private String help;
        private T defaultValue;
        private String defaultText;
        private boolean defaultParsed;
        private ValueRange range = ValueRange.ANY;
        private BiConsumer<String, T> check;
        private String sidecarName;
        private Function<S, Object> sidecarValue;
        private final EnumSet<FrontEnd> frontEnds = EnumSet.allOf(FrontEnd.class);
        private boolean look = true;

        private Definition(String key, SettingType<T> type, BiConsumer<B, T> apply, Function<S, T> resolved) {
            if (!key.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
                throw new IllegalArgumentException("a setting key is snake case, got " + key);
            }
            this.key = key;
            this.type = Objects.requireNonNull(type);
            this.apply = Objects.requireNonNull(apply);
            this.resolved = Objects.requireNonNull(resolved);
        }

        /** Label and help text. */
        public Definition<T, B, S> described(String label, String valueLabel, String help) {
            this.label = label;
            this.valueLabel = valueLabel;
            this.help = help;
            return this;
        }

        public Definition<T, B, S> byDefault(T value) {
            this.defaultValue = value;
            return this;
        }

        /** A default that depends on other settings, described in words ({@code "the recipe's"}). */
        public Definition<T, B, S> byDefaultDescribed(String description) {
            this.defaultText = description;
            return this;
        }

        /**
         * A default given as text, read when it is applied: for values that depend on the machine
         * ({@code auto}), which the help text shows as written.
         */
        public Definition<T, B, S> byDefaultParsed(String text) {
            this.defaultText = text;
            this.defaultParsed = true;
            return this;
        }

        public Definition<T, B, S> range(ValueRange range) {
            this.range = Objects.requireNonNull(range);
            return this;
        }

        /** A rule beyond a numeric range; throws {@link SettingException} with the key it is given. */
        public Definition<T, B, S> check(BiConsumer<String, T> check) {
            this.check = check;
            return this;
        }

        /** The sidecar's name and value for it, when they differ from the key and the resolved value. */
        public Definition<T, B, S> sidecar(String name, Function<S, Object> value) {
            this.sidecarName = name;
            this.sidecarValue = value;
            return this;
        }

        /** Leaves this setting out of {@code frontEnd}. */
        public Definition<T, B, S> notIn(FrontEnd... frontEnd) {
            for (FrontEnd f : frontEnd) {
                frontEnds.remove(f);
            }
            return this;
        }

        /** Not part of a picture's look: presets may not carry it. */
        public Definition<T, B, S> notLook() {
            this.look = false;
            return this;
        }

        public Setting<T, B, S> build() {
            return new Setting<>(this);
        }
    }
}
