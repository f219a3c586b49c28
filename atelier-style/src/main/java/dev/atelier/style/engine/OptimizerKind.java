package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** Which minimiser moves the pixels. */
public enum OptimizerKind {
    /** L-BFGS with a strong-Wolfe line search: the lesson's choice, best loss per evaluation. */
    LBFGS,
    /** Adam: one evaluation per step, less memory, more evaluations for the same loss. */
    ADAM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OptimizerKind parse(String text) {
        for (OptimizerKind k : values()) {
            if (k.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("unknown optimizer '" + text + "'; use lbfgs or adam");
    }
}
