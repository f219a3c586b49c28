package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.GroupLearningRates;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.ScheduleSpec;
import dev.atelier.train.schedule.TrainingPhase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The schedule of {@code atelier train}: a named one built from options, or a phases file. Both become
 * a {@link ScheduleSpec}, whose defaults ({@link ScheduleSpec.Defaults}) are also the defaults here.
 */
public final class ScheduleOptions {
    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "one-cycle",
            converter = TypedConverters.ScheduleKindConverter.class,
            description = "one-cycle, sgdr, constant or stepwise (default: ${DEFAULT-VALUE}); ignored with --phases.")
    public ScheduleKind schedule;

    @Option(names = "--lr", paramLabel = "LR[,LR...]", defaultValue = "0.1", split = ",",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}); or one per layer group, first layers first"
                    + " (discriminative learning rates, any schedule: every group follows the head's curve, scaled).")
    public double[] lr;

    @Option(names = "--group-ratio", paramLabel = "R",
            description = "Discriminative learning rates by ratio: each layer group trains at the next group's lr / R.")
    public Double groupRatio;

    @Option(names = "--epochs", defaultValue = "5", description = "Length of the generated schedule in epochs (default: ${DEFAULT-VALUE}).")
    public double epochs;

    @Option(names = "--div", defaultValue = "10", description = "one-cycle: the low lr is lr/div (default: ${DEFAULT-VALUE}).")
    public double div;

    @Option(names = "--pct", defaultValue = "10", description = "one-cycle: percent of the epochs for the final annealing (default: ${DEFAULT-VALUE}).")
    public double pct;

    @Option(names = "--cycles", defaultValue = "3", description = "sgdr: number of cycles, together lasting --epochs (default: ${DEFAULT-VALUE}).")
    public int cycles;

    @Option(names = "--cycle-mult", defaultValue = "2", description = "sgdr: each cycle is this many times longer (default: ${DEFAULT-VALUE}).")
    public double cycleMult;

    @Option(names = "--steps", paramLabel = "E:LR,...", converter = TypedConverters.StepsConverter.class,
            description = "stepwise: epochs and lr of each step, e.g. 3:0.1,2:0.01 (default: half at lr, 30%% at lr/10, 20%% at lr/100).")
    public TypedConverters.Steps steps;

    @Option(names = "--phases", paramLabel = "FILE", description = "A phases JSON file (see docs/training-phases.md); replaces --schedule.")
    public Path phases;

    /** The phases of {@code --phases}, or those of the named schedule with {@code optimizer}'s settings. */
    public List<TrainingPhase> phases(OptimizerChoice optimizer) throws IOException {
        if (phases != null) {
            return PhasesFile.read(phases).phases();
        }
        return spec(optimizer).toPhases();
    }

    /** The named schedule these options describe (with {@code --phases}, use {@link #phases}). */
    public ScheduleSpec spec(OptimizerChoice o) {
        for (double v : lr) {
            check(v > 0 && Double.isFinite(v), "--lr must be a positive number, got " + v);
        }
        check(epochs > 0 && Double.isFinite(epochs), "--epochs must be a positive number, got " + epochs);
        o.check();
        GroupLearningRates groups = groups();
        double head = groups.headLr(lr[0]);
        return switch (schedule) {
            case ONE_CYCLE -> new ScheduleSpec.OneCycle(head, epochs, div, pct, ScheduleSpec.Defaults.ONE_CYCLE_MAX_MOMENTUM,
                    ScheduleSpec.Defaults.ONE_CYCLE_MIN_MOMENTUM, o.optimizer, o.wd, groups);
            case SGDR -> {
                check(cycles >= 1, "--cycles must be at least 1, got " + cycles);
                check(cycleMult > 0, "--cycle-mult must be positive, got " + cycleMult);
                yield new ScheduleSpec.Sgdr(head, cycles, ScheduleSpec.Sgdr.cycleLenFor(epochs, cycles, cycleMult),
                        cycleMult, o.optimizer, o.momentum, o.wd, groups);
            }
            case CONSTANT -> new ScheduleSpec.Stepwise(new double[] {epochs}, new double[] {head}, o.optimizer,
                    o.momentum, o.wd, groups);
            case STEPWISE -> steps == null
                    ? ScheduleSpec.Stepwise.standard(head, epochs, o.optimizer, o.momentum, o.wd, groups)
                    : new ScheduleSpec.Stepwise(steps.epochs(), steps.lrs(), o.optimizer, o.momentum, o.wd, groups);
        };
    }

    private GroupLearningRates groups() {
        if (groupRatio != null) {
            check(lr.length == 1, "give either one --lr per layer group or --group-ratio, not both");
            check(groupRatio > 0, "--group-ratio must be positive, got " + groupRatio);
            return GroupLearningRates.ratio(groupRatio);
        }
        return GroupLearningRates.peaks(lr);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
