package dev.atelier.train.optim;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The optimizers a phase can use. What "momentum" means depends on the kind: SGD's heavy-ball
 * momentum, Adam's and AdamW's β1, RMSProp's momentum on the normalised step.
 */
public enum OptimizerKind {
    /** Stochastic gradient descent with (optionally Nesterov) momentum and coupled L2 weight decay. */
    SGD("sgd", 0.9),
    /** Adam with bias correction and coupled L2 weight decay (PyTorch's {@code Adam}). */
    ADAM("adam", 0.9),
    /** Adam with decoupled weight decay (PyTorch's {@code AdamW}). */
    ADAMW("adamw", 0.9),
    /** RMSProp, PyTorch's uncentred variant, with optional momentum. */
    RMSPROP("rmsprop", 0.0);

    private final String label;
    private final double defaultMomentum;

    OptimizerKind(String label, double defaultMomentum) {
        this.label = label;
        this.defaultMomentum = defaultMomentum;
    }

    /** Lower-case name used in phase files, plots and logs. */
    public String label() {
        return label;
    }

    /** Momentum (β1 for Adam types) used when a phase does not set one: fastai's 0.9, RMSProp's 0. */
    public double defaultMomentum() {
        return defaultMomentum;
    }

    /** True for Adam and AdamW, whose "momentum" is β1 of a bias-corrected moving average. */
    public boolean isAdamType() {
        return this == ADAM || this == ADAMW;
    }

    /** Parses a {@link #label()} (case-insensitive; {@code -} and {@code _} ignored). */
    public static OptimizerKind parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (OptimizerKind k : values()) {
            if (k.label.equals(s)) {
                return k;
            }
        }
        throw new InvalidInputException("unknown optimizer '" + text + "' (expected "
                + Arrays.stream(values()).map(OptimizerKind::label).collect(Collectors.joining(", ")) + ")");
    }
}
