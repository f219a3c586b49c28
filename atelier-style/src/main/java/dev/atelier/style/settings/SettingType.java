package dev.atelier.style.settings;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a setting's value is written as text and read back: the one parser every front end uses (the
 * command line's option values, the studio's JSON, Spark's manifest cells, presets), so that "64.0" from a
 * Parquet cell and "64" from a shell read alike and a bad value is reported the same way everywhere.
 *
 * @param <T> the value's Java type
 */
public abstract class SettingType<T> {
    private final String kind;
    private final boolean numeric;

    private SettingType(String kind, boolean numeric) {
        this.kind = kind;
        this.numeric = numeric;
    }

    /** What the values look like, for documentation: {@code whole number}, {@code one of: gatys, lesson13}. */
    public String kind() {
        return kind;
    }

    /** Whether values are numbers (JSON numbers in the studio, a numeric axis in sweep plots). */
    public boolean isNumeric() {
        return numeric;
    }

    /**
     * Reads {@code text} (already trimmed, not empty).
     *
     * @throws SettingException keyed {@code key} when it is not a value of this type
     */
    public abstract T parse(String key, String text);

    /** The value as text that {@link #parse} reads back to the same value. */
    public String format(T value) {
        return String.valueOf(value);
    }

    /** Whole numbers that fit an {@code int}; "64.0" is read as 64 (table readers hand integers over so). */
    public static final SettingType<Integer> INTEGER = new SettingType<>("whole number", true) {
        @Override
        public Integer parse(String key, String text) {
            long v = wholeNumber(key, text);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new SettingException(key, "'" + text + "' is out of range");
            }
            return (int) v;
        }
    };

    /** Whole numbers that fit a {@code long} (seeds). */
    public static final SettingType<Long> LONG = new SettingType<>("whole number", true) {
        @Override
        public Long parse(String key, String text) {
            return wholeNumber(key, text);
        }
    };

    /** Finite decimal numbers. */
    public static final SettingType<Double> NUMBER = new SettingType<>("number", true) {
        @Override
        public Double parse(String key, String text) {
            double d;
            try {
                d = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                boolean spelledInfinite = text.matches("(?i)[+-]?(nan|inf(inity)?)");
                throw new SettingException(key, "'" + text + "' is not a " + (spelledInfinite ? "finite " : "") + "number");
            }
            if (!Double.isFinite(d)) {
                throw new SettingException(key, "'" + text + "' is not a finite number");
            }
            return d;
        }

        @Override
        public String format(Double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                    : String.format(Locale.ROOT, "%s", value);
        }
    };

    /** Free text whose meaning the setting's own check decides (a scale ladder, a tile size or {@code auto}). */
    public static final SettingType<String> TEXT = new SettingType<>("text", false) {
        @Override
        public String parse(String key, String text) {
            return text;
        }
    };

    /**
     * Text read by a domain parser ({@code StyleRecipe::parse}, {@code StyleLayerWeights::parse}); what it
     * refuses is reported keyed by the setting.
     *
     * @param kind what the values look like, e.g. {@code one of: gatys, lesson13}
     * @param parser the domain's parser, throwing {@link InvalidInputException} for bad text
     * @param formatter writes a value as the parser reads it
     */
    public static <T> SettingType<T> parsedBy(String kind, Function<String, T> parser, Function<T, String> formatter) {
        Objects.requireNonNull(parser);
        Objects.requireNonNull(formatter);
        return new SettingType<>(kind, false) {
            @Override
            public T parse(String key, String text) {
                try {
                    return parser.apply(text);
                } catch (SettingException e) {
                    throw e.key().equals(key) ? e : new SettingException(key, e.detail());
                } catch (InvalidInputException e) {
                    throw new SettingException(key, e.getMessage());
                }
            }

            @Override
            public String format(T value) {
                return formatter.apply(value);
            }
        };
    }

    /** One of a few named values (an enum with an id and a parser). */
    public static <T> SettingType<T> choice(List<String> ids, Function<String, T> parser, Function<T, String> id) {
        return parsedBy("one of: " + String.join(", ", ids), parser, id);
    }

    private static long wholeNumber(String key, String text) {
        try {
            double d = Double.parseDouble(text);
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SettingException(key, "'" + text + "' is not a whole number");
    }
}
