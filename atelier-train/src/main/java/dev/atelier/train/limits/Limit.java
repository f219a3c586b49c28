package dev.atelier.train.limits;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/**
 * An upper bound that protects the process from hostile or mistaken inputs (a header that declares
 * gigabytes, a schedule of 10^300 epochs) and that a user with a real need can raise: the system
 * property {@code property}, else the environment variable {@code envVar}, else {@code fallback}.
 *
 * @param what what is limited, for messages ("IDX data size")
 * @param unit unit of the value in messages ("bytes", "iterations")
 * @param property the system property that overrides the default
 * @param envVar the environment variable that overrides the default
 * @param fallback the default
 */
public record Limit(String what, String unit, String property, String envVar, long fallback) {

    /** The limit in force now (read on every call, so tests and embedders can change it). */
    public long value() {
        String raw = System.getProperty(property);
        String from = "-D" + property;
        if (raw == null) {
            raw = System.getenv(envVar);
            from = envVar;
        }
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.strip().replace("_", ""));
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(from + " must be a positive whole number, got '" + raw + "'");
    }

    /**
     * Refuses {@code declared} when it exceeds the limit.
     *
     * @param source the file or setting that declares it, for the message
     * @throws InvalidInputException one line naming the source, the size, the limit and how to raise it
     */
    public void check(long declared, String source) {
        long max = value();
        if (declared > max) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: %s of %,d %s exceeds the limit of %,d (raise it with -D%s=N or %s=N)", source, what, declared,
                    unit, max, property, envVar));
        }
    }
}
