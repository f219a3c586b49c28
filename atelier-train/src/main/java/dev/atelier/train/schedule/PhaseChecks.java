package dev.atelier.train.schedule;

import dev.atelier.train.limits.TrainingLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of one phase that need neither a model nor data: non-negative learning rates and weight
 * decay, momentum (β1) in [0, 1), and a length within {@link TrainingLimits#ITERATIONS} (an epoch is at
 * least one batch, so more epochs than that limit can never fit). {@link PhasesFile} reports every
 * problem of every phase at once; {@link TrainingSchedule#compile} refuses a phase with any.
 */
final class PhaseChecks {
    private PhaseChecks() {}

    /** One message per problem (without a location prefix); empty when the phase is fine. */
    static List<String> problems(TrainingPhase p) {
        List<String> out = new ArrayList<>();
        long max = TrainingLimits.ITERATIONS.value();
        if (p.length() instanceof PhaseLength.Epochs e && e.count() > max) {
            out.add(String.format(Locale.ROOT, "a phase of %s is longer than the limit of %,d iterations (each epoch"
                    + " is at least one batch; raise the limit with -D%s=N or %s=N)", e, max,
                    TrainingLimits.ITERATIONS.property(), TrainingLimits.ITERATIONS.envVar()));
        }
        if (p.length() instanceof PhaseLength.Iterations it && it.count() > max) {
            out.add(String.format(Locale.ROOT, "%s is longer than the limit of %,d iterations (raise it with -D%s=N"
                    + " or %s=N)", it, max, TrainingLimits.ITERATIONS.property(), TrainingLimits.ITERATIONS.envVar()));
        }
        for (ScheduledValue v : p.learningRates()) {
            if (v.start() < 0 || v.end() < 0) {
                out.add("learning rates must not be negative, got " + v);
                break;
            }
        }
        ScheduledValue m = p.effectiveMomentum();
        if (Math.min(m.start(), m.end()) < 0 || Math.max(m.start(), m.end()) >= 1) {
            out.add((p.optimizer().isAdamType() ? "beta1" : "momentum") + " must be in [0, 1), got " + m);
        }
        if (p.weightDecay().start() < 0 || p.weightDecay().end() < 0) {
            out.add("weight decay must not be negative, got " + p.weightDecay());
        }
        return out;
    }
}
