package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
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
 * a {@link ScheduleSpec}, whose defaults ({@link ScheduleSpec.Defaults}) are also the defaults here and
 * whose rules are the only ones: what the spec refuses is said here with the option's name.
 */
public final class ScheduleOptions {
    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "one-cycle",
            converter = TypedConverters.ScheduleKindConverter.class,
            description = "one-cycle, sgdr, constant or stepwise (default: ${DEFAULT-VALUE}); ignored with --phases.")
    public ScheduleKind schedule;

    @Option(names = "--lr", paramLabel = "LR[,LR...]", defaultValue = "" + ScheduleSpec.Defaults.LR, split = ",",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}); or one per layer group, first layers first"
                    + " (discriminative learning rates, any schedule: every group follows the head's curve, scaled).")
    public double[] lr;

    @Option(names = "--group-ratio", paramLabel = "R",
            description = "Discriminative learning rates by ratio: each layer group trains at the next group's lr / R.")
    public Double groupRatio;

    @Option(names = "--epochs", defaultValue = "" + ScheduleSpec.Defaults.EPOCHS,
            description = "Length of the generated schedule in epochs (default: ${DEFAULT-VALUE}).")
    public double epochs;

    @Option(names = "--div", defaultValue = "" + ScheduleSpec.Defaults.ONE_CYCLE_DIV,
            description = "one-cycle: the low lr is lr/div (default: ${DEFAULT-VALUE}).")
    public double div;

    @Option(names = "--pct", defaultValue = "" + ScheduleSpec.Defaults.ONE_CYCLE_PCT,
            description = "one-cycle: percent of the epochs for the final annealing (default: ${DEFAULT-VALUE}).")
    public double pct;

    @Option(names = "--cycles", defaultValue = "" + ScheduleSpec.Defaults.SGDR_CYCLES,
            description = "sgdr: number of cycles, together lasting --epochs (default: ${DEFAULT-VALUE}).")
    public int cycles;

    @Option(names = "--cycle-mult", defaultValue = "" + ScheduleSpec.Defaults.SGDR_CYCLE_MULT,
            description = "sgdr: each cycle is this many times longer (default: ${DEFAULT-VALUE}).")
    public double cycleMult;

    @Option(names = "--steps", paramLabel = "E:LR,...", converter = TypedConverters.StepsConverter.class,
            description = "stepwise: epochs and lr of each step, e.g. 3:0.1,2:0.01 (default: half at lr, 30%% at lr/10, 20%% at lr/100).")
    public TypedConverters.Steps steps;

    @Option(names = "--phases", paramLabel = "FILE", description = "A phases JSON file (see docs/training-phases.md); replaces --schedule.")
    public Path phases;

    /**
     * The phases of {@code --phases}, or those of the named schedule with {@code optimizer}'s settings;
     * either way checked for everything that needs no model or data.
     *
     * @throws InvalidInputException in one line, naming the option at fault where one is
     */
    public List<TrainingPhase> phases(OptimizerChoice optimizer) throws IOException {
        if (phases != null) {
            return PhasesFile.read(phases).phases();
        }
        try {
            return spec(optimizer).toPhases().stream().map(TrainingPhase::checked).toList();
        } catch (SettingException e) {
            throw new InvalidInputException(e.render(optionFor(e.key())));
        }
    }

    private ScheduleSpec spec(OptimizerChoice o) {
        GroupLearningRates groups = GroupLearningRates.of(groupRatio, lr);
        double head = groups.headLr(lr[0]);
        return switch (schedule) {
            case ONE_CYCLE -> new ScheduleSpec.OneCycle(head, epochs, div, pct, ScheduleSpec.Defaults.ONE_CYCLE_MAX_MOMENTUM,
                    ScheduleSpec.Defaults.ONE_CYCLE_MIN_MOMENTUM, o.optimizer, o.wd, groups);
            case SGDR -> new ScheduleSpec.Sgdr(head, cycles, ScheduleSpec.Sgdr.cycleLenFor(epochs, cycles, cycleMult),
                    cycleMult, o.optimizer, o.momentum, o.wd, groups);
            case CONSTANT -> new ScheduleSpec.Stepwise(new double[] {epochs}, new double[] {head}, o.optimizer,
                    o.momentum, o.wd, groups);
            case STEPWISE -> steps == null
                    ? ScheduleSpec.Stepwise.standard(head, epochs, o.optimizer, o.momentum, o.wd, groups)
                    : new ScheduleSpec.Stepwise(steps.epochs(), steps.lrs(), o.optimizer, o.momentum, o.wd, groups);
        };
    }

    /** The option that sets the spec's setting {@code key}: a given {@code --steps} holds the steps' lengths and rates. */
    private String optionFor(String key) {
        if (schedule == ScheduleKind.STEPWISE && steps != null && (key.equals("epochs") || key.equals("lr"))) {
            return "--steps";
        }
        return "--" + key.replace('_', '-');
    }
}
