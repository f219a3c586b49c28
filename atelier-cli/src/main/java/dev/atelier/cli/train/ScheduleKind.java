package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** The values of {@code --schedule}: which named schedule the command line builds. */
public enum ScheduleKind {
    ONE_CYCLE("one-cycle"),
    SGDR("sgdr"),
    CONSTANT("constant"),
    STEPWISE("stepwise");

    private final String label;

    ScheduleKind(String label) {
        this.label = label;
    }

    static ScheduleKind parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "one-cycle", "onecycle", "1cycle" -> ONE_CYCLE;
            case "sgdr" -> SGDR;
            case "constant" -> CONSTANT;
            case "stepwise" -> STEPWISE;
            default -> throw new InvalidInputException("unknown --schedule '" + text
                    + "' (expected one-cycle, sgdr, constant or stepwise)");
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
