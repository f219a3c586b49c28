package dev.atelier.train.optim;

import dev.atelier.core.InvalidInputException;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What happens to a parameter's optimizer state (moment buffers, step counts) when a phase uses a
 * different optimizer than the phase before it. fastai 0.7 silently threw the state away; here the
 * choice is explicit and {@link #describe} says what happened, for the log.
 *
 * <p>Buffers have canonical names ({@link ParameterState#MOMENTUM}, {@link ParameterState#FIRST_MOMENT},
 * {@link ParameterState#SECOND_MOMENT}, {@link ParameterState#RMS_MOMENTUM}), and two optimizers share
 * a name only where the buffer means the same thing: Adam and AdamW share both moments; Adam-type and
 * RMSProp share the exponential average of squared gradients. SGD's momentum buffer is a running sum
 * (≈ g/(1-μ)), not an average (≈ g), so it is never kept as Adam's first moment as-is.
 */
public enum OptimizerSwitchPolicy {
    /** Drop every buffer: the new optimizer starts from scratch. */
    RESET,
    /** Keep the buffers the new optimizer also uses with the same meaning; drop the rest. */
    KEEP_COMPATIBLE,
    /**
     * Like {@link #KEEP_COMPATIBLE}, and also convert between SGD's momentum buffer and an Adam-type
     * first moment: {@code m = (1 - μ_old)·buf} into Adam, {@code buf = m / (1 - μ_new)} into SGD,
     * keeping the buffer's age so bias correction stays right.
     */
    MOMENTUM_TO_BETA1;

    /** Lower-case name used in phase files: {@code reset}, {@code keep-compatible}, {@code momentum-to-beta1}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #label()} (case-insensitive, {@code _} or {@code -}). */
    public static OptimizerSwitchPolicy parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (OptimizerSwitchPolicy p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new InvalidInputException("unknown optimizer switch policy '" + text
                + "' (expected reset, keep-compatible or momentum-to-beta1)");
    }

    /**
     * Prepares {@code state}, last updated under {@code from}, for updates under {@code to}. Does
     * nothing when both use the same optimizer (its state simply continues).
     */
    public void apply(ParameterState state, HyperParameters from, HyperParameters to) {
        if (from.optimizer() == to.optimizer()) {
            return;
        }
        if (this == RESET) {
            state.clear();
            return;
        }
        if (this == MOMENTUM_TO_BETA1) {
            convertMomentum(state, from, to);
        }
        Set<String> wanted = UpdateRule.of(to.optimizer()).stateNames();
        for (String name : Set.copyOf(state.names())) {
            if (!wanted.contains(name)) {
                state.remove(name);
            }
        }
    }

    private static void convertMomentum(ParameterState state, HyperParameters from, HyperParameters to) {
        if (from.optimizer() == OptimizerKind.SGD && to.optimizer().isAdamType()
                && state.has(ParameterState.MOMENTUM)) {
            NDArray buf = state.get(ParameterState.MOMENTUM);
            // SGD's buffer sums gradients (≈ g/(1-μ)); Adam's first moment averages them (≈ g).
            state.put(ParameterState.FIRST_MOMENT, buf.mul(1 - from.momentum()), state.age(ParameterState.MOMENTUM));
        } else if (from.optimizer().isAdamType() && to.optimizer() == OptimizerKind.SGD
                && state.has(ParameterState.FIRST_MOMENT) && to.momentum() > 0) {
            long age = state.age(ParameterState.FIRST_MOMENT);
            double unbias = age > 0 ? 1 - Math.pow(from.beta1(), age) : 1;
            NDArray m = state.get(ParameterState.FIRST_MOMENT);
            state.put(ParameterState.MOMENTUM, m.div(unbias * (1 - to.momentum())), age);
        }
    }

    /**
     * One line for the training log saying what {@link #apply} does to every parameter's state, e.g.
     * {@code optimizer sgd -> adam (keep-compatible): dropped momentum_buffer; fresh exp_avg, exp_avg_sq}.
     */
    public String describe(HyperParameters from, HyperParameters to) {
        String head = "optimizer " + from.optimizer().label() + " -> " + to.optimizer().label() + " at iteration "
                + to.iteration() + " (" + label() + "): ";
        if (from.optimizer() == to.optimizer()) {
            return head + "same optimizer, state continues";
        }
        Set<String> had = new TreeSet<>(UpdateRule.of(from.optimizer()).stateNames());
        Set<String> wanted = new TreeSet<>(UpdateRule.of(to.optimizer()).stateNames());
        Set<String> kept = new TreeSet<>();
        Set<String> converted = new TreeSet<>();
        if (this != RESET) {
            kept.addAll(had);
            kept.retainAll(wanted);
        }
        if (this == MOMENTUM_TO_BETA1) {
            if (from.optimizer() == OptimizerKind.SGD && to.optimizer().isAdamType()) {
                converted.add(ParameterState.MOMENTUM + " -> " + ParameterState.FIRST_MOMENT + " (x(1-momentum))");
                wanted.remove(ParameterState.FIRST_MOMENT);
            } else if (from.optimizer().isAdamType() && to.optimizer() == OptimizerKind.SGD && to.momentum() > 0) {
                converted.add(ParameterState.FIRST_MOMENT + " -> " + ParameterState.MOMENTUM + " (unbiased, /(1-momentum))");
                wanted.remove(ParameterState.MOMENTUM);
            }
        }
        Set<String> dropped = new TreeSet<>(had);
        dropped.removeAll(kept);
        Set<String> fresh = new TreeSet<>(wanted);
        fresh.removeAll(kept);
        List<String> parts = new ArrayList<>();
        parts.add(kept.isEmpty() ? "kept nothing" : "kept " + String.join(", ", kept));
        if (!converted.isEmpty()) {
            parts.add("converted " + String.join(", ", converted));
        }
        if (!dropped.isEmpty()) {
            parts.add("dropped " + String.join(", ", dropped));
        }
        if (!fresh.isEmpty()) {
            parts.add("fresh " + String.join(", ", fresh));
        }
        return head + String.join("; ", parts);
    }
}
