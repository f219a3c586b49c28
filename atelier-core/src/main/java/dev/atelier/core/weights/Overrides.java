package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A setting that a user may override with a system property or, failing that, an environment
 * variable; the property wins so that tests and embedding programs can set it per JVM. A value that
 * cannot be parsed is reported (one line, naming where it came from) rather than silently ignored.
 */
final class Overrides {
    private Overrides() {}

    /** The raw value of {@code property}, else of {@code env}, when either is set and not blank. */
    static Optional<Setting> lookup(String property, String env) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank()) {
            return Optional.of(new Setting("system property " + property, p.strip()));
        }
        String e = System.getenv(env);
        if (e != null && !e.isBlank()) {
            return Optional.of(new Setting("environment variable " + env, e.strip()));
        }
        return Optional.empty();
    }

    /**
     * A positive byte count: digits with an optional binary suffix {@code k}, {@code m}, {@code g}
     * or {@code t} ({@code 512m}, {@code 4g}).
     */
    static long bytes(String property, String env, long defaultValue) {
        return lookup(property, env).map(Overrides::parseBytes).orElse(defaultValue);
    }

    /** A positive whole number. */
    static long positive(String property, String env, long defaultValue) {
        return lookup(property, env).map(s -> parsePositive(s, s.value())).orElse(defaultValue);
    }

    /** A non-negative whole number. */
    static long nonNegative(String property, String env, long defaultValue) {
        return lookup(property, env).map(s -> {
            long v = parseLong(s, s.value());
            if (v < 0) {
                throw s.invalid("a whole number, 0 or more");
            }
            return v;
        }).orElse(defaultValue);
    }

    /** A positive duration in (possibly fractional) seconds: {@code 30}, {@code 0.5}. */
    static Duration seconds(String property, String env, Duration defaultValue) {
        return lookup(property, env).map(s -> {
            double v;
            try {
                v = Double.parseDouble(s.value());
            } catch (NumberFormatException e) {
                throw s.invalid("a number of seconds");
            }
            if (!(v > 0) || v > 86_400) {
                throw s.invalid("a number of seconds above 0 and at most 86400");
            }
            return Duration.ofMillis(Math.max(1, Math.round(v * 1000)));
        }).orElse(defaultValue);
    }

    /** Where a value came from and what it says. */
    record Setting(String source, String value) {
        InvalidInputException invalid(String expected) {
            return new InvalidInputException(source + " is '" + value + "', expected " + expected);
        }
    }

    private static long parseBytes(Setting s) {
        String v = s.value().toLowerCase(Locale.ROOT);
        int shift = 0;
        char last = v.charAt(v.length() - 1);
        if ("kmgt".indexOf(last) >= 0) {
            shift = 10 * ("kmgt".indexOf(last) + 1);
            v = v.substring(0, v.length() - 1);
        }
        long n = parsePositive(s, v);
        if (n > (Long.MAX_VALUE >> shift)) {
            throw s.invalid("a byte count below 8 EiB");
        }
        return n << shift;
    }

    private static long parsePositive(Setting s, String digits) {
        long n = parseLong(s, digits);
        if (n <= 0) {
            throw s.invalid("a positive whole number");
        }
        return n;
    }

    private static long parseLong(Setting s, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw s.invalid("a whole number (bytes may end in k, m, g or t)");
        }
    }
}
