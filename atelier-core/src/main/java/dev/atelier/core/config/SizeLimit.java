package dev.atelier.core.config;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/**
 * A numeric limit with a default that a user can override by a system property or an environment
 * variable (the property wins), so that every limit of the project is changed the same way:
 * {@code -Datelier.image.maxPixels=100000000} or {@code ATELIER_IMAGE_MAX_PIXELS=100000000}.
 *
 * <p>Values are whole numbers, optionally with a binary suffix {@code k}, {@code m}, {@code g} or
 * {@code t} (so {@code 8g} is 8 GiB); a value that is not a positive number is an input error naming
 * where it came from, never silently ignored.
 *
 * @param property the system property, e.g. {@code atelier.image.maxPixels}
 * @param environmentVariable the environment variable, e.g. {@code ATELIER_IMAGE_MAX_PIXELS}
 * @param defaultValue the value when neither is set
 */
public record SizeLimit(String property, String environmentVariable, long defaultValue) {
    /** The limit in force now: the property, else the environment variable, else the default. */
    public long value() {
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "system property " + property);
        }
        String fromEnvironment = System.getenv(environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, "environment variable " + environmentVariable);
        }
        return defaultValue;
    }

    /** Whether the property or the environment variable sets this limit. */
    public boolean isOverridden() {
        String p = System.getProperty(property);
        String e = System.getenv(environmentVariable);
        return (p != null && !p.isBlank()) || (e != null && !e.isBlank());
    }

    /** How a user raises this limit, for error messages. */
    public String howToChange() {
        return "set " + environmentVariable + " or -D" + property;
    }

    /** {@code 123}, {@code 64k}, {@code 8g}... as a positive long. */
    static long parse(String text, String source) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
            if (unit != 1) {
                t = t.substring(0, t.length() - 1).trim();
            }
        }
        try {
            long v = Long.parseLong(t);
            if (v > 0) {
                return Math.multiplyExact(v, unit);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new InvalidInputException(source + " is '" + text + "'; expected a positive whole number "
                + "(optionally with k, m, g or t)");
    }
}
