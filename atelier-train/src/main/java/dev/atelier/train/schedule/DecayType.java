package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/**
 * How a scheduled value moves from its start to its end over one phase: a pure function of
 * {@code pos = i/n}, where {@code i} is the iteration within the phase and {@code n} its length.
 *
 * <p>The formulas (from the fast.ai lesson 13 notes, with the cosine one corrected):
 * <ul>
 *   <li>{@link #NONE}: {@code start} throughout;
 *   <li>{@link #LINEAR}: {@code start + (end - start)·pos};
 *   <li>{@link #COSINE}: {@code end + (start - end)/2·(1 + cos(π·pos))};
 *   <li>{@link #EXPONENTIAL}: {@code start·(end/start)^pos} (needs a non-zero end of the same sign);
 *   <li>{@link #polynomial(double) POLYNOMIAL(p)}: {@code end + (start - end)·(1 - pos)^p}.
 * </ul>
 */
public sealed interface DecayType {
    /** The value stays at its start. */
    DecayType NONE = new None();
    /** Straight line from start to end. */
    DecayType LINEAR = new Linear();
    /** Half a cosine wave from start to end: flat at both ends, steepest in the middle. */
    DecayType COSINE = new Cosine();
    /** Geometric interpolation: equal ratios in equal times. */
    DecayType EXPONENTIAL = new Exponential();

    /** {@code end + (start - end)·(1 - pos)^power}; {@code power} must be positive. */
    static DecayType polynomial(double power) {
        return new Polynomial(power);
    }

    /**
     * The value at {@code pos ∈ [0, 1]}; {@code value(s, e, 0) == s} and {@code value(s, e, 1) == e}
     * (except {@link #NONE}, which never leaves {@code start}).
     */
    double value(double start, double end, double pos);

    /** The name used in phase files and logs: {@code none}, {@code cosine}, {@code polynomial(2)}... */
    String label();

    /**
     * Parses a {@link #label()}: {@code none}, {@code linear}, {@code cosine}, {@code exponential},
     * {@code polynomial(p)}, case-insensitive. The power is
     * required because fastai's default differed between versions.
     */
    static DecayType parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "none", "constant" -> {
                return NONE;
            }
            case "linear" -> {
                return LINEAR;
            }
            case "cosine", "cos" -> {
                return COSINE;
            }
            case "exponential", "exp" -> {
                return EXPONENTIAL;
            }
            default -> {
                if (s.startsWith("polynomial(") && s.endsWith(")")) {
                    String p = s.substring("polynomial(".length(), s.length() - 1).trim();
                    try {
                        return polynomial(Double.parseDouble(p));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("bad polynomial power '" + p + "' in decay '" + text + "'");
                    }
                }
                throw new InvalidInputException("unknown decay '" + text
                        + "' (expected none, linear, cosine, exponential or polynomial(p))");
            }
        }
    }

    /** See {@link DecayType#NONE}. */
    record None() implements DecayType {
        @Override
        public double value(double start, double end, double pos) {
            return start;
        }

        @Override
        public String label() {
            return "none";
        }
    }

    /** See {@link DecayType#LINEAR}. */
    record Linear() implements DecayType {
        @Override
        public double value(double start, double end, double pos) {
            return start + (end - start) * pos;
        }

        @Override
        public String label() {
            return "linear";
        }
    }

    /** See {@link DecayType#COSINE}. */
    record Cosine() implements DecayType {
        @Override
        public double value(double start, double end, double pos) {
            return end + (start - end) / 2 * (1 + Math.cos(Math.PI * pos));
        }

        @Override
        public String label() {
            return "cosine";
        }
    }

    /** See {@link DecayType#EXPONENTIAL}. */
    record Exponential() implements DecayType {
        @Override
        public double value(double start, double end, double pos) {
            return start * Math.pow(end / start, pos);
        }

        @Override
        public String label() {
            return "exponential";
        }
    }

    /** See {@link DecayType#polynomial(double)}. */
    record Polynomial(double power) implements DecayType {
        public Polynomial {
            if (!(power > 0) || Double.isInfinite(power)) {
                throw new InvalidInputException("polynomial decay needs a positive finite power, got " + power);
            }
        }

        @Override
        public double value(double start, double end, double pos) {
            return end + (start - end) * Math.pow(1 - pos, power);
        }

        @Override
        public String label() {
            return "polynomial(" + ScheduledValue.format(power) + ")";
        }
    }
}
