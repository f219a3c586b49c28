package dev.atelier.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Converts option values to {@code double}s that are finite: {@code nan}, {@code inf} or an overflow
 * such as {@code 1e999} are refused at parse time, so that no learning rate, weight or scale can
 * silently poison a run. Registered for every {@code double}/{@code Double} option of the CLI.
 */
final class FiniteDoubleConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN; // Java spells it NaN; nan, 1,5 and abc all end up here
        }
        if (!Double.isFinite(d)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a finite number");
        }
        return d;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
