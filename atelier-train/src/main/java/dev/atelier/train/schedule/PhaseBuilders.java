package dev.atelier.train.schedule;

import dev.atelier.train.optim.OptimizerKind;
import java.util.List;

/**
 * Shorthands for the classic schedules of fast.ai lesson 13 as plain phase lists, in code; each is the
 * matching {@link ScheduleSpec} turned into phases (that is where the shapes and defaults live).
 */
public final class PhaseBuilders {
    private PhaseBuilders() {}

    /** {@link #sgdr(OptimizerKind, double, int, double, double)} with SGD. */
    public static List<TrainingPhase> sgdr(double lr, int cycles, double cycleLen, double cycleMult) {
        return sgdr(OptimizerKind.SGD, lr, cycles, cycleLen, cycleMult);
    }

    /** {@link ScheduleSpec.Sgdr}: {@code cycles + 1} phases, the optimizer's default momentum. */
    public static List<TrainingPhase> sgdr(OptimizerKind optimizer, double lr, int cycles, double cycleLen,
            double cycleMult) {
        return new ScheduleSpec.Sgdr(lr, cycles, cycleLen, cycleMult, optimizer, null, 0, GroupLearningRates.SAME)
                .toPhases();
    }

    /** {@link ScheduleSpec.OneCycle} with SGD. */
    public static List<TrainingPhase> oneCycle(double lr, double epochs, double div, double pct, double maxMom,
            double minMom) {
        return new ScheduleSpec.OneCycle(lr, epochs, div, pct, maxMom, minMom, OptimizerKind.SGD, 0,
                GroupLearningRates.SAME).toPhases();
    }

    /** {@link ScheduleSpec.Stepwise}: {@code epochs[i]} epochs at {@code lrs[i]}, SGD with its default momentum. */
    public static List<TrainingPhase> stepwise(double[] epochs, double[] lrs) {
        return new ScheduleSpec.Stepwise(epochs, lrs, OptimizerKind.SGD, null, 0, GroupLearningRates.SAME).toPhases();
    }
}
